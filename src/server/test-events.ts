import http, { type IncomingMessage } from 'node:http';

/** A server-sent event as a browser's EventSource dispatches it. */
export interface SseEvent {
  event: string;
  data: string;
  id: string | null;
}

export interface EventStream {
  status: number;
  headers: Headers;
  /** The `retry:` the server asked for, once read. */
  retry: number | null;
  /** How many comment lines (heartbeats) came. */
  comments: number;
  /** Everything received so far (a problem's JSON, when the status is not 200). */
  body: string;
  /** The next event, or a failure after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/**
 * Opens `url` as an event stream over real HTTP and parses it as the HTML standard says an
 * EventSource does, for tests. Events queue up until asked for, in the order they came. (node:http
 * rather than fetch: fetch's pool may open a spare connection, which then holds up the server's
 * closing until Node's header timeout.)
 */
export async function openEvents(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false });
    request.on('response', resolve);
    request.on('error', reject);
  });
  const queue: SseEvent[] = [];
  const waiting: ((e: SseEvent) => void)[] = [];
  let endedResolve!: () => void;
  const stream: EventStream = {
    status: response.statusCode!,
    headers: new Headers(
      Object.entries(response.headers).flatMap(([k, v]) =>
        v === undefined ? [] : [[k, String(v)] as [string, string]],
      ),
    ),
    retry: null,
    comments: 0,
    body: '',
    next(timeoutMs = 10_000) {
      const ready = queue.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(take), 1);
          reject(new Error(`no event within ${timeoutMs} ms`));
        }, timeoutMs);
        const take = (e: SseEvent) => {
          clearTimeout(timer);
          resolve(e);
        };
        waiting.push(take);
      });
    },
    ended: new Promise((resolve) => (endedResolve = resolve)),
    close: () => response.destroy(),
  };
  const dispatch = (e: SseEvent) => {
    const take = waiting.shift();
    if (take) take(e);
    else queue.push(e);
  };
  response.on('close', () => endedResolve());
  response.setEncoding('utf8');
  let buffer = '';
  let event = { event: '', data: [] as string[], id: null as string | null };
  response.on('data', (chunk: string) => {
    stream.body += chunk;
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (event.data.length > 0) {
          dispatch({ event: event.event || 'message', data: event.data.join('\n'), id: event.id });
        }
        event = { event: '', data: [], id: null };
        continue;
      }
      if (line.startsWith(':')) {
        stream.comments++;
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event.event = value;
      else if (field === 'data') event.data.push(value);
      else if (field === 'id') event.id = value;
      else if (field === 'retry') stream.retry = Number(value);
    }
  });
  return stream;
}
