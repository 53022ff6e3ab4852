import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.ts';
import { signedIn, worldApp, type Caller } from './test-world.ts';

/**
 * Two members of party b edit the same draft answer; b's lead submits twice. A stale save gets
 * 409 with what is there now, never overwriting a colleague; a repeated submission with the
 * same Idempotency-Key is recorded once and answered the same.
 */
const DRAFT = '/api/v1/dossiers/talks/deliveries/d1/draft';
const SUBMIT = '/api/v1/dossiers/talks/deliveries/d1/responses';

for (const dialect of DIALECTS) {
  describe(`concurrent writes over HTTP on ${dialect}`, () => {
    let world: Awaited<ReturnType<typeof worldApp>>;
    let lead: Caller;
    let drafter: Caller;
    beforeAll(async () => {
      world = await worldApp(dialect);
      lead = await signedIn(world.app, 'bLead');
      drafter = await signedIn(world.app, 'bDrafter');
    });
    afterAll(async () => {
      await world?.dispose();
    });

    const revisionOf = async (who: Caller, point: string) => {
      const draft = (await who({ method: 'GET', url: DRAFT })).json() as {
        points: { key: string; revision: number }[];
      };
      return draft.points.find((p) => p.key === point)!.revision;
    };

    it('saves with the ETag read, and answers a stale save 409 with the current state', async () => {
      const read = await revisionOf(lead, 'art_2__para_1');
      expect(read).toBe(0);
      const first = await drafter({
        method: 'PUT',
        url: `${DRAFT}/art_2__para_1`,
        headers: { 'if-match': `"${read}"` },
        payload: { position: 'reject', text: "the drafter's words" },
      });
      expect(first.statusCode).toBe(200);
      expect(first.headers.etag).toBe('"1"');

      const stale = await lead({
        method: 'PUT',
        url: `${DRAFT}/art_2__para_1`,
        headers: { 'if-match': `"${read}"` },
        payload: { position: 'accept' },
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(stale.json()).toMatchObject({
        code: 'draft.conflict',
        current: {
          revision: 1,
          etag: '"1"',
          answer: { position: 'reject', text: "the drafter's words", proposedText: null },
        },
      });

      const merged = await lead({
        method: 'PUT',
        url: `${DRAFT}/art_2__para_1`,
        headers: { 'if-match': stale.json().current.etag },
        payload: { position: 'reject', text: "the drafter's words, and the lead's" },
      });
      expect(merged.statusCode).toBe(200);
      expect(merged.headers.etag).toBe('"2"');
      expect(await revisionOf(drafter, 'art_2__para_1')).toBe(2);
    });

    it('lets exactly one of two saves made at once from the same revision win', async () => {
      for (let round = 0; round < 5; round++) {
        const read = await revisionOf(lead, 'art_2__para_2');
        const [x, y] = await Promise.all([
          lead({
            method: 'PUT',
            url: `${DRAFT}/art_2__para_2`,
            headers: { 'if-match': `"${read}"` },
            payload: { position: 'accept' },
          }),
          drafter({
            method: 'PUT',
            url: `${DRAFT}/art_2__para_2`,
            headers: { 'if-match': `"${read}"` },
            payload: { position: 'deferred', text: `round ${round}` },
          }),
        ]);
        expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
        const loser = x.statusCode === 409 ? x : y;
        expect(loser.json().current.revision).toBe(read + 1);
        expect(await revisionOf(lead, 'art_2__para_2')).toBe(read + 1);
      }
      const rows = await world.t.db
        .selectFrom('draft_answers')
        .select('revision')
        .where('point_key', '=', 'art_2__para_2')
        .orderBy('revision')
        .execute();
      expect(rows.map((r) => r.revision)).toEqual([1, 2, 3, 4, 5]);
    });

    it('refuses an If-Match that is not a revision', async () => {
      const bad = await lead({
        method: 'PUT',
        url: `${DRAFT}/art_1`,
        headers: { 'if-match': 'yesterday' },
        payload: { position: 'accept' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().problems).toEqual([
        { path: 'headers["if-match"]', message: 'must be the ETag of the draft answer, such as "3"' },
      ]);
    });

    it('records a submission once however often it is sent with one Idempotency-Key, even at once', async () => {
      const count = async () =>
        Number(
          (
            await world.t.db
              .selectFrom('responses')
              .select((eb) => eb.fn.countAll<string | number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const send = (key: string, partial = true) =>
        lead({
          method: 'POST',
          url: SUBMIT,
          headers: { 'idempotency-key': key },
          payload: { partial, answers: [{ point: 'art_1', position: 'accept' }] },
        });
      const first = await send('submit-once');
      expect(first.statusCode).toBe(201);
      const again = await send('submit-once');
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
      expect(await count()).toBe(before + 1);

      const together = await Promise.all([
        send('submit-together'),
        send('submit-together'),
        send('submit-together'),
      ]);
      expect(together.map((r) => (r.statusCode === 201 ? 201 : r.body))).toEqual([201, 201, 201]);
      expect(new Set(together.map((r) => r.json().key)).size).toBe(1);
      expect(await count()).toBe(before + 2);

      const reused = await send('submit-once', false);
      expect(reused.statusCode).toBe(422);
      expect(reused.json().code).toBe('idempotency.mismatch');
      expect(await count()).toBe(before + 2);
    });
  });
}
