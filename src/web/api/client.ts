import type { Problem } from './types.ts';

/** A refused or failed API call: the HTTP status and, when the server sent one, its RFC 9457 problem. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem ? `${problem.title}: ${problem.detail}` : `HTTP ${status}`);
  }
  /** The problem's code (`draft.conflict`), or `http.<status>`. */
  get code(): string {
    return this.problem?.code ?? `http.${this.status}`;
  }
}

let csrfToken: string | null = null;

/** The session's CSRF token, sent back on every request that changes something. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export interface CallOptions {
  body?: unknown;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One call to the API under /api/v1; JSON in and out; a problem becomes an ApiError. */
export async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  const url = new URL(`/api/v1${path}`, window.location.origin);
  for (const [k, v] of Object.entries(options.query ?? {}))
    if (v !== undefined && v !== '') url.searchParams.set(k, v);
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'same-origin',
    signal: options.signal,
  });
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  const json: unknown = type.includes('json') ? await response.json() : null;
  if (!response.ok) {
    const problem = json && typeof json === 'object' && 'code' in json ? (json as Problem) : null;
    throw new ApiError(response.status, problem);
  }
  return json as T;
}

/** The path of a dossier's resource, each segment escaped. */
export function dossierPath(dossier: string, ...segments: (string | number)[]): string {
  return ['/dossiers', dossier, ...segments]
    .map((s, i) => (i === 0 ? s : encodeURIComponent(String(s))))
    .join('/');
}
