import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from '../../db/schema.ts';
import { listenForAppends, type LedgerListener, type Log } from './ledger-listener.ts';

/** Told the size a dossier's log has grown to (committed entries); it may be told a size more than once. */
export type Watcher = (size: number) => void;

/**
 * What tells this process that a dossier's log grew, whichever process wrote: on PostgreSQL, the
 * database's notifications (one listening client); otherwise, or while that client reconnects,
 * a read of `ledger_heads` for the watched dossiers every `pollMs` (one small indexed query for
 * all of them), and at once after a write in this process (`poke`).
 */
export class ChangeFeed {
  readonly #db: Kysely<Database>;
  readonly #pollMs: number;
  readonly #log: Log;
  readonly #watchers = new Map<string, Set<Watcher>>();
  readonly #sizes = new Map<string, number>();
  #listener: LedgerListener | null = null;
  #listening = false;
  #timer: NodeJS.Timeout | null = null;
  #polling: Promise<void> | null = null;
  #pollAgain = false;
  #closed = false;

  constructor({
    db,
    pollMs,
    listenClient,
    log,
  }: {
    db: Kysely<Database>;
    pollMs: number;
    listenClient?: () => pg.Client;
    log: Log;
  }) {
    this.#db = db;
    this.#pollMs = pollMs;
    this.#log = log;
    if (listenClient) {
      this.#listener = listenForAppends({
        connect: listenClient,
        onAppend: (dossierId, size) => this.#grew(dossierId, size),
        onReady: () => {
          this.#listening = true;
          this.#stopTimer();
          // What was appended while no one listened.
          this.poke();
        },
        onLost: () => {
          this.#listening = false;
          this.#startTimer();
        },
        log,
      });
    }
  }

  /** Calls `watcher` as the dossier's log grows, until the returned function is called. */
  watch(dossierId: string, watcher: Watcher): () => void {
    let set = this.#watchers.get(dossierId);
    if (!set) this.#watchers.set(dossierId, (set = new Set()));
    set.add(watcher);
    this.#startTimer();
    return () => {
      set.delete(watcher);
      if (set.size > 0) return;
      this.#watchers.delete(dossierId);
      this.#sizes.delete(dossierId);
      if (this.#watchers.size === 0) this.#stopTimer();
    };
  }

  /** Something was written in this process: look now, not at the next poll. */
  poke(): void {
    if (this.#closed || this.#watchers.size === 0) return;
    if (this.#polling) {
      this.#pollAgain = true;
      return;
    }
    this.#polling = (async () => {
      do {
        this.#pollAgain = false;
        await this.#poll();
      } while (this.#pollAgain && !this.#closed);
    })().finally(() => {
      this.#polling = null;
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stopTimer();
    this.#watchers.clear();
    await Promise.all([this.#polling, this.#listener?.close()]);
  }

  async #poll(): Promise<void> {
    const ids = [...this.#watchers.keys()];
    if (ids.length === 0) return;
    try {
      const heads = await this.#db
        .selectFrom('ledger_heads')
        .select(['dossier_id', 'size'])
        .where('dossier_id', 'in', ids)
        .execute();
      for (const head of heads) this.#grew(head.dossier_id, Number(head.size));
    } catch (error) {
      if (!this.#closed) this.#log.warn({ err: error }, 'reading the ledger heads for live updates failed');
    }
  }

  #grew(dossierId: string, size: number): void {
    const watchers = this.#watchers.get(dossierId);
    if (!watchers || size <= (this.#sizes.get(dossierId) ?? 0)) return;
    this.#sizes.set(dossierId, size);
    for (const watcher of [...watchers]) watcher(size);
  }

  #startTimer(): void {
    if (this.#timer || this.#listening || this.#closed || this.#watchers.size === 0) return;
    const tick = () => {
      this.poke();
      this.#timer = setTimeout(tick, this.#pollMs);
      this.#timer.unref();
    };
    this.#timer = setTimeout(tick, this.#pollMs);
    this.#timer.unref();
  }

  #stopTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
