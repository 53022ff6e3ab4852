import type { ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from '../../db/schema.ts';
import { lastVisibleEntry } from '../../domain/last-visible-entry.ts';
import type { Viewer } from '../../domain/visibility.ts';
import { ChangeFeed } from './change-feed.ts';
import { streamDossierEvents, type StreamSettings } from './dossier-stream.ts';
import type { Log } from './ledger-listener.ts';

export interface LiveSettings extends StreamSettings {
  /** How often the ledger heads of watched dossiers are read when no notification tells of changes. */
  pollMs: number;
}

export const DEFAULT_LIVE_SETTINGS: LiveSettings = {
  pollMs: 500,
  heartbeatMs: 25_000,
  maxStreamMs: 5 * 60_000,
  retryMs: 3000,
};

/**
 * Live updates of one server process: the change feed, every open event stream, and one
 * visibility check shared by the subscribers that see alike (every visitor of a dossier asks the
 * same question when its log grows, so the database is asked once).
 */
export class LiveUpdates {
  readonly #db: Kysely<Database>;
  readonly #settings: LiveSettings;
  readonly #log: Log;
  readonly #feed: ChangeFeed;
  readonly #streams = new Set<{ end(): void }>();
  readonly #checks = new Map<string, Promise<number | null>>();

  constructor({
    db,
    listenClient,
    settings,
    log,
  }: {
    db: Kysely<Database>;
    listenClient?: () => pg.Client;
    settings?: Partial<LiveSettings>;
    log: Log;
  }) {
    this.#db = db;
    this.#settings = { ...DEFAULT_LIVE_SETTINGS, ...settings };
    this.#log = log;
    this.#feed = new ChangeFeed({ db, pollMs: this.#settings.pollMs, listenClient, log });
  }

  /** Streams a dossier's events to `res` as `viewer` sees them, from `head` (or Last-Event-ID) on. */
  open({
    viewer,
    dossierId,
    head,
    lastEventId,
    res,
  }: {
    viewer: Viewer;
    dossierId: string;
    head: number;
    lastEventId: number | null;
    res: ServerResponse;
  }): void {
    const stream = streamDossierEvents({
      db: this.#db,
      feed: this.#feed,
      viewer,
      dossierId,
      head,
      seen: lastEventId !== null && lastEventId < head ? lastEventId : head,
      visibleUpTo: (from, to) => this.#visibleUpTo(viewer, dossierId, from, to),
      res,
      settings: this.#settings,
      log: this.#log,
      onEnd: () => this.#streams.delete(stream),
    });
    this.#streams.add(stream);
  }

  /** A write committed in this process. */
  poke(): void {
    this.#feed.poke();
  }

  /** Ends every stream and stops listening and polling. */
  async close(): Promise<void> {
    for (const stream of [...this.#streams]) stream.end();
    await this.#feed.close();
  }

  #visibleUpTo(viewer: Viewer, dossierId: string, from: number, to: number): Promise<number | null> {
    const key = `${dossierId} ${viewer.admin ? 'admin' : ''} ${[...viewer.partyIds].sort().join(',')} ${from} ${to}`;
    let check = this.#checks.get(key);
    if (!check) {
      check = lastVisibleEntry({ trx: this.#db, viewer, input: { dossierId, from, to } }).finally(() =>
        this.#checks.delete(key),
      );
      this.#checks.set(key, check);
    }
    return check;
  }
}
