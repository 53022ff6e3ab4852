import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.ts';
import { buildApp } from './app.ts';
import { openEvents, type EventStream } from './test-events.ts';
import { signedIn, worldApp, type Caller, type Person } from './test-world.ts';

/**
 * Live updates over real HTTP: each subscriber hears of exactly the changes it may see (DESIGN.md
 * rule 1: a party never learns that another saved a draft), in order, and of deadlines passing.
 * Absence is shown by order: a later change the subscriber may see arrives as its next event, so
 * an event for a hidden change would have come first.
 */
for (const dialect of DIALECTS) {
  describe(`live updates on ${dialect}`, () => {
    let world: Awaited<ReturnType<typeof worldApp>>;
    let base: string;
    const callers = new Map<Person, Caller>();
    const streams: EventStream[] = [];
    beforeAll(async () => {
      world = await worldApp(dialect, { live: { heartbeatMs: 200 } });
      base = await world.app.listen({ port: 0, host: '127.0.0.1' });
      for (const who of ['aLead', 'bLead', 'cLead', 'eLead', 'visitor'] as const) {
        callers.set(who, await signedIn(world.app, who));
      }
    });
    afterAll(async () => {
      for (const s of streams) s.close();
      await world?.dispose();
    });

    const subscribe = async (who: Person, headers: Record<string, string> = {}, dossier = 'talks') => {
      const s = await openEvents(`${base}/api/v1/dossiers/${dossier}/events`, {
        ...callers.get(who)!.headers,
        ...headers,
      });
      streams.push(s);
      return s;
    };
    const as = (who: Person) => callers.get(who)!;
    /** The log's size now: the index of the entry just appended, plus one. */
    const size = async () =>
      Number(
        (
          await world.t.db
            .selectFrom('ledger_heads')
            .innerJoin('dossiers', 'dossiers.id', 'ledger_heads.dossier_id')
            .select('ledger_heads.size')
            .where('dossiers.key', '=', 'talks')
            .executeTakeFirstOrThrow()
        ).size,
      );
    const changed = async (s: EventStream) => {
      const e = await s.next();
      expect(e.event).toBe('changed');
      expect(e.id).toBe(String(JSON.parse(e.data).size));
      return JSON.parse(e.data).size as number;
    };

    it('tells each party of what it may see, and nothing of what it may not', async () => {
      const a = await subscribe('aLead');
      const b = await subscribe('bLead');
      const visitor = await subscribe('visitor');
      expect(a.status).toBe(200);
      expect(a.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(a.headers.get('cache-control')).toBe('no-store');

      // b saves a draft answer: b's alone.
      const draft = await as('bLead')({
        method: 'PUT',
        url: '/api/v1/dossiers/talks/deliveries/d1/draft/art_2__para_2',
        payload: { position: 'deferred', text: 'Thinking.' },
      });
      expect(draft.statusCode).toBe(200);
      const afterDraft = await size();
      expect(await changed(b)).toBe(afterDraft);

      // c answers a's delivery: a and c may see it, b and visitors may not.
      const submitted = await as('cLead')({
        method: 'POST',
        url: '/api/v1/dossiers/talks/deliveries/d1/responses',
        payload: { key: 'rc-live', partial: true, answers: [{ point: 'art_1', position: 'accept' }] },
      });
      expect(submitted.statusCode).toBe(201);
      const afterSubmission = await size();
      expect(afterSubmission).toBe(afterDraft + 1);
      // a's first event is the submission: b's draft raised none.
      expect(await changed(a)).toBe(afterSubmission);
      // b hears nothing of the submission while it is c's and a's alone (the same notification
      // reached a already; give b's check time to run before anything else changes).
      await expect(b.next(500)).rejects.toThrow();

      // c publishes it: everyone may see that.
      const published = await as('cLead')({
        method: 'POST',
        url: '/api/v1/dossiers/talks/responses/rc-live/publication',
        payload: {},
      });
      expect(published.statusCode).toBe(201);
      const afterPublication = await size();
      expect(await changed(a)).toBe(afterPublication);
      // b's next event, and the visitor's first, is the publication: the submission raised none.
      expect(await changed(b)).toBe(afterPublication);
      expect(await changed(visitor)).toBe(afterPublication);
      expect(a.retry).toBe(3000);
    });

    it('tells a reconnecting subscriber (Last-Event-ID) of what it may see that it missed', async () => {
      const known = await size();
      // a missed c's submission and its publication.
      const a = await subscribe('aLead', { 'last-event-id': String(known - 3) });
      expect(await changed(a)).toBe(known);
      // So did a visitor, who may see both now that the response is published.
      const early = await subscribe('visitor', { 'last-event-id': String(known - 2) });
      expect(await changed(early)).toBe(known);

      // This visitor misses only b's draft: nothing to tell it until a change it may see.
      const draft = await as('bLead')({
        method: 'PUT',
        url: '/api/v1/dossiers/talks/deliveries/d1/draft/art_1',
        payload: { position: 'accept' },
      });
      expect(draft.statusCode).toBe(200);
      const visitor = await subscribe('visitor', { 'last-event-id': String(known) });
      const garbled = await subscribe('visitor', { 'last-event-id': 'not a number' });
      const published = await as('aLead')({
        method: 'POST',
        url: '/api/v1/dossiers/talks/documents/to-publish/versions/1/publication',
        payload: {},
      });
      expect(published.statusCode).toBe(201);
      const after = await size();
      expect(after).toBe(known + 2);
      expect(await changed(visitor)).toBe(after);
      expect(await changed(garbled)).toBe(after);
    });

    it('announces a deadline passing to those who may see the delivery', async () => {
      const a = await subscribe('aLead');
      const e = await subscribe('eLead');
      const b = await subscribe('bLead');
      const dueAt = new Date(Date.now() + 1500).toISOString();
      const delivered = await as('aLead')({
        method: 'POST',
        url: '/api/v1/dossiers/talks/deliveries',
        payload: { key: 'd-soon', document: 'proposal', version: 1, to: ['e'], demand: { dueAt } },
      });
      expect(delivered.statusCode).toBe(201);
      const afterDelivery = await size();
      for (const s of [a, e]) {
        expect(await changed(s)).toBe(afterDelivery);
        const deadline = await s.next(5000);
        expect(deadline.event).toBe('deadline');
        expect(JSON.parse(deadline.data)).toEqual({ delivery: 'd-soon', dueAt });
        expect(deadline.id).toBeNull();
      }
      // b may not see d-soon: neither its delivery nor its deadline reached b before b's own next change.
      const draft = await as('bLead')({
        method: 'PUT',
        url: '/api/v1/dossiers/talks/deliveries/d1/draft/art_2__para_1',
        payload: { position: 'accept' },
      });
      expect(draft.statusCode).toBe(200);
      expect(await changed(b)).toBe(await size());
      // Heartbeats kept the quiet streams alive meanwhile.
      expect(b.comments).toBeGreaterThan(0);
    });

    it(
      dialect === 'postgres'
        ? "hears of another writer's change through the database's notifications, without polling"
        : "hears of another writer's change by polling the ledger heads",
      async () => {
        // A second app on the same database stands for another process: the world app's writes never
        // poke it. On PostgreSQL it polls only while its listener is down, so an hour means never.
        const other = await buildApp({
          db: world.t.db,
          listenClient: world.t.listenClient,
          live: { pollMs: dialect === 'postgres' ? 3_600_000 : 100 },
          webRoot: null,
        });
        const url = await other.listen({ port: 0, host: '127.0.0.1' });
        try {
          const a = await openEvents(`${url}/api/v1/dossiers/talks/events`, as('aLead').headers);
          const draft = await as('aLead')({
            method: 'POST',
            url: '/api/v1/dossiers/talks/documents',
            payload: { key: 'elsewhere', kind: 'note', title: 'Written elsewhere' },
          });
          expect(draft.statusCode).toBe(201);
          expect(await changed(a)).toBe(await size());
        } finally {
          await other.close();
        }
      },
    );

    // Only PostgreSQL has a listening connection to cut (SQLite is polled), so only it has this test.
    if (dialect === 'postgres')
      it('listens again after its connection is cut', async () => {
        const listeners = async () =>
          (
            await sql<{ pid: number }>`select pid from pg_stat_activity
            where datname = current_database() and query ilike 'listen %'`.execute(world.t.db)
          ).rows.map((r) => r.pid);
        const other = await buildApp({
          db: world.t.db,
          listenClient: world.t.listenClient,
          live: { pollMs: 3_600_000 },
          webRoot: null,
        });
        const url = await other.listen({ port: 0, host: '127.0.0.1' });
        try {
          const a = await openEvents(`${url}/api/v1/dossiers/talks/events`, as('aLead').headers);
          // The world app listens too; cut every listening connection, then wait for both to return.
          let before: number[] = [];
          for (let i = 0; i < 100 && before.length < 2; i++) {
            before = await listeners();
            if (before.length < 2) await new Promise((r) => setTimeout(r, 50));
          }
          expect(before).toHaveLength(2);
          await sql`select pg_terminate_backend(pid) from pg_stat_activity
          where pid in (${sql.join(before)})`.execute(world.t.db);
          let after: number[] = [];
          for (let i = 0; i < 200 && (after.length < 2 || after.some((p) => before.includes(p))); i++) {
            await new Promise((r) => setTimeout(r, 50));
            after = await listeners();
          }
          expect(after.filter((p) => !before.includes(p))).toHaveLength(2);
          const made = await as('aLead')({
            method: 'POST',
            url: '/api/v1/dossiers/talks/documents',
            payload: { key: 'after-the-cut', kind: 'note', title: 'After the cut' },
          });
          expect(made.statusCode).toBe(201);
          expect(await changed(a)).toBe(await size());
        } finally {
          await other.close();
        }
      });

    it('answers 404 for a dossier the caller may not see, as other routes do', async () => {
      const hidden = await subscribe('visitor', {}, 'other');
      expect(hidden.status).toBe(404);
      expect(hidden.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      await hidden.ended;
      expect(JSON.parse(hidden.body).code).toBe('dossier.not_found');
      const wrong = await openEvents(`${base}/api/v1/dossiers/talks/events?since=1`);
      expect(wrong.status).toBe(400);
      const head = await world.app.inject({ method: 'HEAD', url: '/api/v1/dossiers/talks/events' });
      expect(head.statusCode).toBe(200);
      expect(head.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    });

    it('ends a stream after its lifetime, and every stream when the app closes', async () => {
      const short = await buildApp({ db: world.t.db, live: { maxStreamMs: 300 }, webRoot: null });
      const url = await short.listen({ port: 0, host: '127.0.0.1' });
      const brief = await openEvents(`${url}/api/v1/dossiers/talks/events`);
      await brief.ended;
      const long = await openEvents(`${url}/api/v1/dossiers/talks/events`);
      const other = await buildApp({ db: world.t.db, webRoot: null });
      const otherUrl = await other.listen({ port: 0, host: '127.0.0.1' });
      const open = await openEvents(`${otherUrl}/api/v1/dossiers/talks/events`);
      expect(open.status).toBe(200);
      const started = Date.now();
      await Promise.all([short.close(), other.close()]);
      await Promise.all([long.ended, open.ended]);
      expect(Date.now() - started).toBeLessThan(5000);
    });
  });
}
