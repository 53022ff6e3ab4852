import type pg from 'pg';
import { LEDGER_CHANNEL } from '../../ledger/append-entry.ts';

export interface LedgerListener {
  close(): Promise<void>;
}

export interface Log {
  warn(details: object, message: string): void;
}

/**
 * One PostgreSQL client of its own that LISTENs for ledger appends (`<dossier id>:<index>`, sent
 * by append-entry.ts and delivered on commit), for the whole process. When its connection drops it
 * reconnects, waiting longer after each failure (up to `maxRetryMs`); `onReady` says it listens
 * (again), `onLost` that notifications may be missed until then.
 */
export function listenForAppends({
  connect,
  onAppend,
  onReady,
  onLost,
  log,
  minRetryMs = 100,
  maxRetryMs = 5000,
}: {
  connect: () => pg.Client;
  onAppend: (dossierId: string, size: number) => void;
  onReady: () => void;
  onLost: () => void;
  log: Log;
  minRetryMs?: number;
  maxRetryMs?: number;
}): LedgerListener {
  let current: pg.Client | null = null;
  let closed = false;
  let retryMs = minRetryMs;
  let retry: NodeJS.Timeout | null = null;
  let opening: Promise<void> | null = null;

  const lost = (client: pg.Client) => {
    if (client !== current) return;
    current = null;
    client.end().catch(() => {});
    onLost();
    schedule();
  };

  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      opening = open();
    }, retryMs);
    retry.unref();
    retryMs = Math.min(retryMs * 2, maxRetryMs);
  };

  const open = async () => {
    const client = connect();
    // Without a listener, an error on an idle client would end the process.
    client.on('error', (error) => {
      log.warn({ err: error }, 'the ledger listener lost its connection; reconnecting');
      lost(client);
    });
    client.on('end', () => lost(client));
    client.on('notification', (message) => {
      if (message.channel !== LEDGER_CHANNEL || !message.payload) return;
      const at = message.payload.lastIndexOf(':');
      const index = Number(message.payload.slice(at + 1));
      if (at > 0 && Number.isSafeInteger(index)) onAppend(message.payload.slice(0, at), index + 1);
    });
    try {
      await client.connect();
      await client.query(`listen ${LEDGER_CHANNEL}`);
    } catch (error) {
      log.warn({ err: error }, 'the ledger listener could not connect; retrying');
      client.end().catch(() => {});
      schedule();
      return;
    }
    if (closed) {
      await client.end().catch(() => {});
      return;
    }
    current = client;
    retryMs = minRetryMs;
    onReady();
  };

  opening = open();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await opening;
      const client = current;
      current = null;
      await client?.end().catch(() => {});
    },
  };
}
