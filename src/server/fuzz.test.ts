import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMembership } from '../auth/add-membership.ts';
import { createUser } from '../auth/create-user.ts';
import { DIALECTS } from '../db/test-databases.ts';
import { inTransaction } from '../domain/in-transaction.ts';
import { parseInstant } from '../shared/instant.ts';
import { seedStory } from './test-story.ts';
import { PASSWORD, signedIn, tableCounts, worldApp, type Caller } from './test-world.ts';

/**
 * Throws random and mutated requests at every route, as a signed-in admin who is also the lead
 * of the author party (so nothing is refused for want of rights): each must get a 4xx
 * problem+json and leave the database as it was. Never a 500 for bad input.
 */

const POINTS = [{ key: 'art_1', label: 'Article 1', text: 'Text.' }];

/** A valid request of every route: the path's keys, and a body to mutate. A route without one fails the test. */
const EXAMPLES: Record<string, { path: Record<string, string>; body?: unknown }> = {
  'GET /api/v1/session': { path: {} },
  'POST /api/v1/session': { path: {}, body: { email: 'fuzz@test.example', password: PASSWORD } },
  'DELETE /api/v1/session': { path: {} },
  'PUT /api/v1/session/password': {
    path: {},
    body: { currentPassword: PASSWORD, newPassword: 'another long password' },
  },
  'GET /api/v1/tokens': { path: {} },
  'POST /api/v1/dossiers/:dossier/tokens': {
    path: { dossier: 'talks' },
    body: { name: 'script', expiresAt: '2099-01-01T00:00:00Z' },
  },
  'DELETE /api/v1/tokens/:token': { path: { token: '01890000-0000-7000-8000-000000000000' } },
  'GET /api/v1/dossiers': { path: {} },
  'POST /api/v1/dossiers': { path: {}, body: { key: 'fresh', title: 'Fresh', timeZone: 'UTC' } },
  'POST /api/v1/dossiers/import': {
    path: {},
    body: {
      format: 'pointwise-dossier/1',
      dossier: { key: 'imported', title: 'Imported', timeZone: 'UTC' },
      parties: [
        { key: 'p', name: 'P' },
        { key: 'q', name: 'Q' },
      ],
      documents: [
        {
          key: 'doc',
          kind: 'proposal',
          author: 'p',
          title: 'Doc',
          versions: [{ number: 1, createdAt: '2022-01-01T00:00:00Z', points: POINTS }],
        },
      ],
      deliveries: [
        {
          key: 'd',
          document: 'doc',
          version: 1,
          to: ['q'],
          deliveredAt: '2022-01-02T00:00:00Z',
          demand: { dueAt: '2022-02-01T00:00:00Z' },
        },
      ],
    },
  },
  'GET /api/v1/dossiers/:dossier': { path: { dossier: 'talks' } },
  'POST /api/v1/dossiers/:dossier/parties': {
    path: { dossier: 'talks' },
    body: { key: 'z', name: 'Party z' },
  },
  'POST /api/v1/dossiers/:dossier/people': {
    path: { dossier: 'talks' },
    body: { key: 'someone', name: 'Someone', title: 'Envoy', party: 'a' },
  },
  'GET /api/v1/dossiers/:dossier/matrix': { path: { dossier: 'talks' } },
  'GET /api/v1/dossiers/:dossier/export': { path: { dossier: 'talks' } },
  'GET /api/v1/dossiers/:dossier/matrix/export': { path: { dossier: 'talks' } },
  // Every request below carries a bad query or key, so this stream is always refused before it opens.
  'GET /api/v1/dossiers/:dossier/events': { path: { dossier: 'talks' } },
  'GET /api/v1/dossiers/:dossier/documents': { path: { dossier: 'talks' } },
  'POST /api/v1/dossiers/:dossier/documents': {
    path: { dossier: 'talks' },
    body: { key: 'new-doc', kind: 'note', title: 'A note' },
  },
  'GET /api/v1/dossiers/:dossier/documents/:document': { path: { dossier: 'talks', document: 'proposal' } },
  'POST /api/v1/dossiers/:dossier/documents/:document/versions': {
    path: { dossier: 'talks', document: 'proposal' },
    body: {
      number: 7,
      createdAt: '2022-02-01T00:00:00Z',
      points: [
        {
          key: 'art_1',
          label: 'Article 1',
          heading: 'H',
          points: POINTS.map((p) => ({ ...p, key: 'art_1__para_1' })),
        },
      ],
    },
  },
  'GET /api/v1/dossiers/:dossier/documents/:document/versions/:version': {
    path: { dossier: 'talks', document: 'proposal', version: '1' },
  },
  'POST /api/v1/dossiers/:dossier/documents/:document/versions/:version/publication': {
    path: { dossier: 'talks', document: 'to-publish', version: '1' },
    body: { publishedAt: '2022-03-01T00:00:00Z' },
  },
  'GET /api/v1/dossiers/:dossier/deliveries': { path: { dossier: 'talks' } },
  'POST /api/v1/dossiers/:dossier/deliveries': {
    path: { dossier: 'talks' },
    body: {
      key: 'dn',
      document: 'proposal',
      version: 1,
      to: ['c', 'e'],
      deliveredAt: '2022-01-12T00:00:00Z',
      demand: { dueAt: '2022-02-01T00:00:00Z' },
    },
  },
  'GET /api/v1/dossiers/:dossier/deliveries/:delivery': { path: { dossier: 'talks', delivery: 'd1' } },
  'GET /api/v1/dossiers/:dossier/deliveries/:delivery/draft': { path: { dossier: 'talks', delivery: 'd1' } },
  'PUT /api/v1/dossiers/:dossier/deliveries/:delivery/draft/:point': {
    path: { dossier: 'talks', delivery: 'd1', point: 'art_1' },
    body: { position: 'counter_proposal', text: 'Instead:', proposedText: 'Other words.' },
  },
  'POST /api/v1/dossiers/:dossier/deliveries/:delivery/responses': {
    path: { dossier: 'talks', delivery: 'd1' },
    body: {
      key: 'r-new',
      submittedAt: '2022-01-15T00:00:00Z',
      partial: true,
      answers: [{ point: 'art_1', position: 'accept_with_changes', text: 'If…', proposedText: 'Changed.' }],
    },
  },
  'GET /api/v1/dossiers/:dossier/responses': { path: { dossier: 'talks' } },
  'GET /api/v1/dossiers/:dossier/responses/:response': { path: { dossier: 'talks', response: 'rc1' } },
  'GET /api/v1/dossiers/:dossier/responses/:response/proof': {
    path: { dossier: 'talks', response: 'rc1' },
  },
  'POST /api/v1/dossiers/:dossier/responses/:response/publication': {
    path: { dossier: 'talks', response: 'rc2' },
    body: {},
  },
  'GET /api/v1/dossiers/:dossier/meetings': { path: { dossier: 'talks' } },
  'GET /api/v1/dossiers/:dossier/meetings/:meeting': { path: { dossier: 'talks', meeting: 'm-ab' } },
  'POST /api/v1/dossiers/:dossier/meetings': {
    path: { dossier: 'talks' },
    body: {
      key: 'm-fuzz',
      title: 'Talks',
      kind: 'talks',
      requestedOf: ['b'],
      requestedAt: '2022-01-05T00:00:00Z',
    },
  },
  'POST /api/v1/dossiers/:dossier/meetings/:meeting/replies': {
    path: { dossier: 'talks', meeting: 'm-ab' },
    body: { reply: 'accepted', repliedAt: '2022-01-06T00:00:00Z' },
  },
  'POST /api/v1/dossiers/:dossier/meetings/:meeting/arrangement': {
    path: { dossier: 'talks', meeting: 'm-ab' },
    body: {
      place: 'Vienna',
      startsAt: '2022-01-12T09:00:00Z',
      endsAt: '2022-01-12T12:00:00Z',
      participants: ['a', { person: 'envoy' }],
      agenda: [{ document: 'proposal', point: 'art_1' }, 'd1'],
    },
  },
  'POST /api/v1/dossiers/:dossier/meetings/:meeting/notes': {
    path: { dossier: 'talks', meeting: 'm-ab' },
    body: { notes: 'Agreed.' },
  },
  'POST /api/v1/dossiers/:dossier/meetings/:meeting/publication': {
    path: { dossier: 'talks', meeting: 'm-ab' },
    body: { subject: 'meeting', publishedAt: '2022-01-13T00:00:00Z' },
  },
  'GET /api/v1/dossiers/:dossier/timeline': { path: { dossier: 'talks' } },
  'GET /api/v1/ledger/key': { path: {} },
  'GET /api/v1/dossiers/:dossier/ledger/checkpoint': { path: { dossier: 'talks' } },
  'GET /api/v1/dossiers/:dossier/ledger/entries': { path: { dossier: 'talks' } },
  'GET /api/v1/dossiers/:dossier/ledger/proof/inclusion': { path: { dossier: 'talks' } },
  'GET /api/v1/dossiers/:dossier/ledger/proof/consistency': { path: { dossier: 'talks' } },
  'GET /api/v1/dossiers/:dossier/ledger/bundle': { path: { dossier: 'talks' } },
  'GET /api/v1/dossiers/:dossier/stats': { path: { dossier: 'talks' } },
  'GET /api/v1/dossiers/:dossier/statements': { path: { dossier: 'talks' } },
  'POST /api/v1/dossiers/:dossier/statements': {
    path: { dossier: 'talks' },
    body: {
      key: 's-fuzz',
      speaker: 'envoy',
      speakerTitle: 'Special Envoy',
      saidAt: '2022-01-18T09:00:00Z',
      medium: 'press_conference',
      outlet: 'Daily',
      quote: 'Words.',
      summary: 'In short.',
      sourceUrl: 'https://example.org/s',
      about: ['d1', { document: 'proposal', point: 'art_1' }],
    },
  },
  'GET /api/v1/dossiers/:dossier/links': { path: { dossier: 'talks' } },
  'POST /api/v1/dossiers/:dossier/links': {
    path: { dossier: 'talks' },
    body: { from: 's-envoy', to: { meeting: 'm-ab' }, type: 'related' },
  },
};

// Mutations that make a valid body invalid: an unknown field, a value of the wrong JSON type, a bad instant.
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function paths(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...at, i])));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
  return out;
}

function replaceAt(value: Json, path: (string | number)[], make: (old: Json) => Json): Json {
  if (path.length === 0) return make(value);
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, make) : v));
  const obj = value as Record<string, Json>;
  return { ...obj, [head as string]: replaceAt(obj[head as string]!, rest, make) };
}

const otherType = (old: Json): fc.Arbitrary<Json> => {
  const kinds: fc.Arbitrary<Json>[] = [
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.string({ maxLength: 20 }),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
  ];
  return fc.oneof(...kinds).filter((v) => typeof v !== typeof old || Array.isArray(v) !== Array.isArray(old));
};

const BAD_INSTANTS = [
  'yesterday',
  '2022-02-30T00:00:00Z',
  '2022-13-01T00:00:00Z',
  '2022-01-01T24:00:00Z',
  '2022-01-01',
  '2022-01-01T00:00:00',
  '99999-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '0000-01-01T00:00:00Z',
  '1e309',
  '',
];

function mutated(example: Json): fc.Arbitrary<Json> {
  const all = paths(example);
  const objects = all.filter((p) => {
    let v: Json = example;
    for (const k of p) v = (v as Record<string, Json>)[k as string]!;
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  });
  const leaves = all.filter((p) => p.length > 0);
  const arbs: fc.Arbitrary<Json>[] = [];
  if (objects.length > 0) {
    arbs.push(
      fc
        .tuple(fc.constantFrom(...objects), fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue())
        .map(([p, k, v]) =>
          replaceAt(example, p, (old) => ({ ...(old as Record<string, Json>), [`unknown_${k}`]: v as Json })),
        ),
    );
  }
  if (leaves.length > 0) {
    arbs.push(
      fc.constantFrom(...leaves).chain((p) => {
        let old: Json = example;
        for (const k of p) old = (old as Record<string, Json>)[k as string]!;
        return otherType(old).map((v) => replaceAt(example, p, () => v));
      }),
    );
    const strings = leaves.filter(
      (p) => typeof p[p.length - 1] === 'string' && /At$/.test(String(p[p.length - 1])),
    );
    if (strings.length > 0) {
      arbs.push(
        fc
          .tuple(fc.constantFrom(...strings), fc.constantFrom(...BAD_INSTANTS))
          .map(([p, bad]) => replaceAt(example, p, () => bad)),
      );
    }
  }
  arbs.push(otherType(example));
  return fc.oneof(...arbs);
}

/** Random bodies: any JSON, any text, any bytes (often not UTF-8). */
const randomBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => Buffer.from(b)),
);

const ABSURD_QUERIES = fc.oneof(
  fc.constantFrom(...BAD_INSTANTS).map((v) => `at=${encodeURIComponent(v)}`),
  fc.string({ maxLength: 40 }).map((v) => `at=${encodeURIComponent(v)}`),
  fc.constant('at=2022-01-01T00:00:00Z&at=2022-01-02T00:00:00Z'),
  fc.constant('labels=maybe'),
  fc.string({ minLength: 1, maxLength: 10 }).map((k) => `unknown_${encodeURIComponent(k)}=1`),
);

function urlOf(route: string, path: Record<string, string>): string {
  return route.split(' ')[1]!.replace(/:(\w+)/g, (_, name: string) => path[name]!);
}

for (const dialect of DIALECTS) {
  describe(`fuzzing every route on ${dialect}`, () => {
    let world: Awaited<ReturnType<typeof worldApp>>;
    let fuzzer: Caller;
    beforeAll(async () => {
      world = await worldApp(dialect);
      await seedStory(world.t.db);
      await inTransaction(world.t.db, async (trx) => {
        await createUser({ trx, input: { email: 'fuzz@test.example', password: PASSWORD, admin: true } });
        await addMembership({
          trx,
          input: { email: 'fuzz@test.example', dossier: 'talks', party: 'a', role: 'lead' },
        });
      });
      fuzzer = await signedIn(world.app, 'fuzz' as never);
    });
    afterAll(async () => {
      await world?.dispose();
    });

    it('has a valid example of every route to mutate', () => {
      expect(world.app.routeList.filter((r) => !(r in EXAMPLES))).toEqual([]);
    });

    // Row counts of the database as the fuzzing found it: nothing refused may change them.
    let baseline: Record<string, number> | undefined;
    const refusedUnchanged = async (request: Parameters<Caller>[0], label: string) => {
      baseline ??= await tableCounts(world.t.db);
      const before = baseline;
      const response = await fuzzer(request);
      const ok = response.statusCode >= 400 && response.statusCode < 500;
      if (!ok) throw new Error(`${label}: ${response.statusCode} ${response.body.slice(0, 300)}`);
      expect(response.headers['content-type'], label).toMatch(/^application\/problem\+json/);
      const problem = response.json() as { type: string; title: string; detail: string; status: number };
      expect(problem.status).toBe(response.statusCode);
      expect(
        typeof problem.type === 'string' &&
          typeof problem.title === 'string' &&
          typeof problem.detail === 'string',
      ).toBe(true);
      expect(await tableCounts(world.t.db), `${label} wrote something`).toEqual(before);
    };

    it('refuses mutated and random bodies with a 4xx problem, and writes nothing', async () => {
      for (const route of world.app.routeList) {
        const example = EXAMPLES[route]!;
        const schema = world.app.routeSchemas.get(route)?.body as z.ZodType | undefined;
        if (!schema || example.body === undefined) continue;
        const [method] = route.split(' ') as ['POST'];
        const url = urlOf(route, example.path);
        await fc.assert(
          fc.asyncProperty(mutated(example.body as Json), async (body) => {
            fc.pre(!schema.safeParse(body).success);
            await refusedUnchanged(
              { method, url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
              `${route} with ${JSON.stringify(body).slice(0, 200)}`,
            );
          }),
          { numRuns: 20, seed: 20261128 },
        );
        await fc.assert(
          fc.asyncProperty(
            randomBody,
            fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain'),
            async (payload, type) => {
              const text = typeof payload === 'string' ? payload : null;
              if (text !== null) {
                try {
                  fc.pre(!schema.safeParse(JSON.parse(text)).success);
                } catch {
                  // Not JSON at all: refused for that.
                }
              }
              await refusedUnchanged(
                { method, url, payload, headers: { 'content-type': type } },
                `${route} with ${String(payload).slice(0, 100)}`,
              );
            },
          ),
          { numRuns: 12, seed: 20261128 },
        );
      }
    });

    it('refuses absurd query strings and path keys with a 4xx problem, and writes nothing', async () => {
      for (const route of world.app.routeList) {
        const example = EXAMPLES[route]!;
        const [method] = route.split(' ') as ['GET'];
        const names = Object.keys(example.path);
        await fc.assert(
          fc.asyncProperty(
            ABSURD_QUERIES,
            fc.option(
              fc.tuple(
                fc.constantFrom(...(names.length > 0 ? names : ['none'])),
                fc.string({ minLength: 1, maxLength: 600 }),
              ),
            ),
            async (query, badKey) => {
              const path = { ...example.path };
              if (badKey && badKey[0] in path) path[badKey[0]] = encodeURIComponent(badKey[1]);
              // The one query that may be valid: a real instant for the matrix.
              const at = /^at=([^&]*)$/.exec(query);
              fc.pre(
                !(
                  /\/(matrix|timeline|stats)$/.test(route) &&
                  at &&
                  parseInstant(decodeURIComponent(at[1]!)) !== null
                ),
              );
              await refusedUnchanged(
                {
                  method,
                  url: `${urlOf(route, path)}?${query}`,
                  ...(example.body !== undefined && {
                    payload: JSON.stringify(example.body),
                    headers: { 'content-type': 'application/json' },
                  }),
                },
                `${route} ?${query} ${badKey ? `${badKey[0]}=${badKey[1].slice(0, 40)}` : ''}`,
              );
            },
          ),
          { numRuns: 12, seed: 20261128 },
        );
      }
    });

    it('refuses a body over the size limit, nested absurdly deep, or with __proto__, with a 4xx problem', async () => {
      const url = '/api/v1/dossiers/talks/documents';
      const headers = { 'content-type': 'application/json' };
      await refusedUnchanged(
        {
          method: 'POST',
          url,
          headers,
          payload: JSON.stringify({ key: 'big', kind: 'note', title: 'x'.repeat(2 * 1024 * 1024) }),
        },
        'huge',
      );
      await refusedUnchanged(
        { method: 'POST', url, headers, payload: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
        'deep',
      );
      await refusedUnchanged(
        {
          method: 'POST',
          url,
          headers,
          payload: '{"key":"p","kind":"note","title":"t","__proto__":{"admin":true}}',
        },
        'proto',
      );
      await refusedUnchanged(
        {
          method: 'POST',
          url,
          headers,
          payload: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]),
        },
        'not UTF-8',
      );
      await refusedUnchanged({ method: 'POST', url, headers, payload: '' }, 'empty');
      await refusedUnchanged(
        { method: 'POST', url, headers: { 'content-type': 'application/xml' }, payload: '<a/>' },
        'xml',
      );
    });
  });
}
