import type { ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { listDeadlines } from '../../domain/list-deadlines.ts';
import type { Viewer } from '../../domain/visibility.ts';
import type { ChangeFeed } from './change-feed.ts';
import type { Log } from './ledger-listener.ts';

export interface StreamSettings {
  /** A comment line this often keeps proxies from closing a quiet stream. */
  heartbeatMs: number;
  /** A stream ends after this long; the browser reconnects (with Last-Event-ID) as whoever it is then. */
  maxStreamMs: number;
  /** How long the browser waits before reconnecting (the `retry:` field). */
  retryMs: number;
}

/** The last entry in [from, to) of the dossier's log that the viewer may see, or null. */
export type VisibleUpTo = (from: number, to: number) => Promise<number | null>;

// A timer longer than this overflows; a later deadline is looked at again after a day.
const LONGEST_WAIT_MS = 24 * 3600_000;

/**
 * One subscriber's server-sent events for one dossier. `changed` (with `id:` the size, for
 * Last-Event-ID) when the log grew by an entry the viewer may see; `deadline` when the due time of
 * a delivery it may see passes while connected. Both are decided per subscriber, with the viewer
 * it connected as, at the moment they are sent.
 */
export function streamDossierEvents({
  db,
  feed,
  viewer,
  dossierId,
  seen: initiallySeen,
  head,
  visibleUpTo,
  res,
  settings,
  log,
  onEnd,
}: {
  db: Kysely<Database>;
  feed: ChangeFeed;
  viewer: Viewer;
  dossierId: string;
  /** The log's size the subscriber already knows of (Last-Event-ID, else `head`): entries before it raise no event. */
  seen: number;
  /** The log's size when the subscriber connected; entries in [seen, head) are looked at at once. */
  head: number;
  visibleUpTo: VisibleUpTo;
  res: ServerResponse;
  settings: StreamSettings;
  log: Log;
  onEnd: () => void;
}): { end(): void } {
  let seen = initiallySeen;
  let target = head;
  let checking = false;
  let ended = false;
  // Deadlines that pass from now on are announced; earlier ones are already history.
  let deadlinesAfter = new Date().toISOString();
  let deadlineTimer: NodeJS.Timeout | null = null;
  let deadlinePlan = 0;

  const send = (text: string) => {
    if (!ended) res.write(text);
  };
  const event = (name: string, data: unknown, id?: number) =>
    send(`event: ${name}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`);

  const check = async () => {
    if (checking) return;
    checking = true;
    try {
      while (target > seen && !ended) {
        const from = seen;
        const to = target;
        const last = await visibleUpTo(from, to);
        seen = to;
        if (last !== null) {
          event('changed', { size: last + 1 }, last + 1);
          void planDeadline();
        }
      }
    } catch (error) {
      log.warn({ err: error }, 'checking a ledger change for a live subscriber failed');
    } finally {
      checking = false;
    }
  };

  const planDeadline = async () => {
    const plan = ++deadlinePlan;
    try {
      const [next] = await listDeadlines({
        trx: db,
        viewer,
        input: { dossierId, after: deadlinesAfter, limit: 1 },
      });
      if (ended || plan !== deadlinePlan) return;
      if (deadlineTimer) clearTimeout(deadlineTimer);
      deadlineTimer = null;
      if (!next) return;
      const wait = Math.min(Math.max(Date.parse(next.dueAt) - Date.now(), 0), LONGEST_WAIT_MS);
      deadlineTimer = setTimeout(() => void passDeadlines(), wait);
      deadlineTimer.unref();
    } catch (error) {
      log.warn({ err: error }, 'planning a deadline event for a live subscriber failed');
    }
  };

  const passDeadlines = async () => {
    try {
      const passed = await listDeadlines({
        trx: db,
        viewer,
        input: { dossierId, after: deadlinesAfter, until: new Date().toISOString() },
      });
      // Two rounds may overlap (a change replans while one runs); what one announced, the other skips.
      const fresh = passed.filter((d) => d.dueAt > deadlinesAfter);
      for (const d of fresh) event('deadline', { delivery: d.delivery, dueAt: d.dueAt });
      if (fresh.length > 0) deadlinesAfter = fresh.at(-1)!.dueAt;
    } catch (error) {
      log.warn({ err: error }, 'announcing a deadline to a live subscriber failed');
    }
    if (!ended) void planDeadline();
  };

  const unwatch = feed.watch(dossierId, (size) => {
    if (size <= target) return;
    target = size;
    void check();
  });
  const heartbeat = setInterval(() => send(': heartbeat\n\n'), settings.heartbeatMs);
  heartbeat.unref();
  const lifetime = setTimeout(() => end(), settings.maxStreamMs);
  lifetime.unref();

  function end() {
    if (ended) return;
    ended = true;
    unwatch();
    clearInterval(heartbeat);
    clearTimeout(lifetime);
    if (deadlineTimer) clearTimeout(deadlineTimer);
    if (!res.writableEnded) res.end();
    onEnd();
  }
  res.on('close', end);

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    // Proxies such as nginx would otherwise hold events back to fill a buffer.
    'x-accel-buffering': 'no',
  });
  send(`retry: ${settings.retryMs}\n\n`);
  void planDeadline();
  void check();
  return { end };
}
