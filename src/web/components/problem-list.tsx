import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** What the server refused and why, every problem with the field it names. */
export function ProblemList({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : null;
  return (
    <div className="error" role="alert">
      <p>{problem ? problem.detail : t('state.error')}</p>
      {problem?.problems && problem.problems.length > 0 && (
        <ul>
          {problem.problems.map((p) => (
            <li key={`${p.path}:${p.message}`}>
              <code>{p.path}</code>: {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
