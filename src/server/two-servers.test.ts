import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeMemberships } from '../auth/authenticate.ts';
import { createApiToken } from '../auth/create-api-token.ts';
import { DIALECTS, freshDatabase } from '../db/test-databases.ts';
import { inTransaction } from '../domain/in-transaction.ts';
import { openEvents } from './test-events.ts';
import { emailOf, seedPeople, seedWorld, type Person } from './test-world.ts';

/**
 * Two `pointwise serve` processes on one database, driven at once: colleagues racing on one
 * draft answer through both servers, a lead submitting through both with retries, another
 * delivering through both. Every write that was answered 2xx is on record exactly once, and
 * nothing else is. A change written through one reaches live subscribers of the other.
 */
const BIN = fileURLToPath(new URL('../../bin/pointwise.mjs', import.meta.url));

function startServer(target: string): Promise<{ child: ChildProcess; api: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--db', target, '--port', '0'], {
      env: { ...process.env, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      for (const line of d.toString().split('\n'))
        if (line.includes('"level":50')) process.stderr.write(`${line}\n`);
      const match = /Pointwise API at (\S+)/.exec(out);
      if (match) resolve({ child, api: match[1]! });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners('exit');
    // A server that does not stop when asked is killed, so a failure cannot hang the suite.
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

for (const dialect of DIALECTS) {
  describe(`two servers on one ${dialect} database`, () => {
    let t: Awaited<ReturnType<typeof freshDatabase>>;
    const servers: { child: ChildProcess; api: string }[] = [];
    const tokens = new Map<Person, string>();
    beforeAll(async () => {
      t = await freshDatabase(dialect);
      await seedWorld(t.db);
      await seedPeople(t.db);
      await inTransaction(t.db, async (trx) => {
        for (const who of ['aLead', 'bLead', 'bDrafter', 'cLead'] as const) {
          const user = await trx
            .selectFrom('users')
            .select('id')
            .where('email', '=', emailOf(who))
            .executeTakeFirstOrThrow();
          const [membership] = await activeMemberships(trx, user.id);
          tokens.set(
            who,
            (await createApiToken({ trx, userId: user.id, membership: membership!, input: { name: 'load' } }))
              .token,
          );
        }
      });
      servers.push(...(await Promise.all([startServer(t.target), startServer(t.target)])));
    });
    afterAll(async () => {
      await Promise.all(servers.map((s) => stop(s.child)));
      await t?.dispose();
    });

    /** A request as `who` through server `n`. */
    const call = async (
      who: Person,
      n: number,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      const response = await fetch(`${servers[n % 2]!.api}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${tokens.get(who)}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as any };
    };

    it('loses and duplicates no write when both are driven at once', async () => {
      const DRAFT = '/dossiers/talks/deliveries/d1/draft';
      const saved: { revision: number; text: string }[] = [];
      let conflicts = 0;
      const colleague = async (who: Person) => {
        for (let i = 0; i < 12; i++) {
          const text = `${who} edit ${i}`;
          const read = await call(who, i, 'GET', DRAFT);
          let etag = `"${read.body.points.find((p: { key: string }) => p.key === 'art_2__para_1').revision}"`;
          for (;;) {
            const r = await call(
              who,
              i + 1,
              'PUT',
              `${DRAFT}/art_2__para_1`,
              { position: 'deferred', text },
              { 'if-match': etag },
            );
            if (r.status === 200) {
              saved.push({ revision: r.body.revision, text });
              break;
            }
            expect(r.status).toBe(409);
            conflicts++;
            etag = r.body.current.etag;
          }
        }
      };

      const submissions: string[] = [];
      const submitter = async () => {
        await Promise.all(
          Array.from({ length: 6 }, async (_, i) => {
            const key = `load-${i}`;
            // Each submission is sent to both servers at once; retried on 409 (a race for the response key).
            const attempt = async (n: number): Promise<string> => {
              const r = await call(
                'cLead',
                n,
                'POST',
                '/dossiers/talks/deliveries/d1/responses',
                { partial: true, answers: [{ point: 'art_1', position: 'reject', text: key }] },
                { 'idempotency-key': key },
              );
              if (r.status === 409) return attempt(n + 1);
              expect(r.status).toBe(201);
              return r.body.key as string;
            };
            const [x, y] = await Promise.all([attempt(i), attempt(i + 1)]);
            expect(x).toBe(y);
            submissions.push(x);
          }),
        );
      };

      const deliveries: string[] = [];
      const deliverer = async () => {
        await Promise.all(
          Array.from({ length: 8 }, async (_, i) => {
            const r = await call('aLead', i, 'POST', '/dossiers/talks/deliveries', {
              key: `load-d${i}`,
              document: 'proposal',
              version: 1,
              to: ['e'],
            });
            expect(r.status).toBe(201);
            deliveries.push(r.body.key);
          }),
        );
      };

      await Promise.all([colleague('bLead'), colleague('bDrafter'), submitter(), deliverer()]);

      const drafts = await t.db
        .selectFrom('draft_answers')
        .select(['revision', 'text'])
        .where('point_key', '=', 'art_2__para_1')
        .orderBy('revision')
        .execute();
      expect(drafts.map((d) => d.revision)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
      expect(saved.sort((x, y) => x.revision - y.revision)).toEqual(
        drafts.map((d) => ({ revision: d.revision, text: d.text })),
      );

      const responses = await t.db
        .selectFrom('responses')
        .select('key')
        .where('key', 'in', submissions)
        .execute();
      expect(new Set(submissions).size).toBe(6);
      expect(responses).toHaveLength(6);
      const answersOfC = await t.db
        .selectFrom('answers')
        .innerJoin('responses', 'responses.id', 'answers.response_id')
        .select('answers.text')
        .where('answers.text', 'like', 'load-%')
        .execute();
      expect(answersOfC.map((a) => a.text).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `load-${i}`));

      const recorded = await t.db
        .selectFrom('deliveries')
        .select('key')
        .where('key', 'like', 'load-d%')
        .execute();
      expect(recorded.map((d) => d.key).sort()).toEqual(deliveries.sort());
      expect(recorded).toHaveLength(8);
      // How often colleagues collided is not asserted (it depends on timing); that they never overwrote each other is.
      expect(conflicts).toBeGreaterThanOrEqual(0);
    });

    it('tells a subscriber of one server of what the other recorded that it may see, and of nothing else', async () => {
      const size = async () =>
        Number(
          (
            await t.db
              .selectFrom('ledger_heads')
              .innerJoin('dossiers', 'dossiers.id', 'ledger_heads.dossier_id')
              .select('ledger_heads.size')
              .where('dossiers.key', '=', 'talks')
              .executeTakeFirstOrThrow()
          ).size,
        );
      const a = await openEvents(`${servers[0]!.api}/dossiers/talks/events`, {
        authorization: `Bearer ${tokens.get('aLead')}`,
      });
      const b = await openEvents(`${servers[0]!.api}/dossiers/talks/events`, {
        authorization: `Bearer ${tokens.get('bLead')}`,
      });
      try {
        expect(a.status).toBe(200);
        // b's draft, through the other server: b hears of it, a must not.
        const draft = await call('bLead', 1, 'PUT', '/dossiers/talks/deliveries/d1/draft/art_1', {
          position: 'accept',
        });
        expect(draft.status).toBe(200);
        const afterDraft = await size();
        const toB = await b.next(10_000);
        expect([toB.event, JSON.parse(toB.data)]).toEqual(['changed', { size: afterDraft }]);
        // Then c's submission, which a may see: a's first event.
        const submitted = await call('cLead', 1, 'POST', '/dossiers/talks/deliveries/d1/responses', {
          partial: true,
          answers: [{ point: 'art_1', position: 'accept' }],
        });
        expect(submitted.status).toBe(201);
        const toA = await a.next(10_000);
        expect([toA.event, JSON.parse(toA.data)]).toEqual(['changed', { size: afterDraft + 1 }]);
      } finally {
        a.close();
        b.close();
      }
    });
  });
}
