import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The page's query parameters, and a setter that changes several at once (null or '' removes one),
 * replacing the history entry: filters and "as of" live in the URL, so a view can be shared.
 */
export function useQueryParams(): [URLSearchParams, (changes: Record<string, string | null>) => void] {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (changes: Record<string, string | null>) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          for (const [name, value] of Object.entries(changes)) {
            if (value) next.set(name, value);
            else next.delete(name);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [params, set];
}
