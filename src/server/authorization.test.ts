import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.ts';
import { seedStory } from './test-story.ts';
import { EVERYONE, signedIn, tableCounts, worldApp, type Caller, type Person } from './test-world.ts';

/**
 * The authorization table: for every route, the items it can be asked about (own or other
 * party's draft, delivered to me or to others, submitted or draft answers, published, guessed
 * keys of other dossiers), and what each person gets — role × party relation × item state ×
 * action → status. Driven over HTTP against the world of test-world.ts. A route without a row
 * fails the test; a refused request must leave the database unchanged; "not there" and
 * "not yours" must be the same 404, word for word.
 */

type Expect = Partial<Record<Person, number>> & { others: number };
interface Row {
  route: string;
  item: string;
  params: Record<string, string>;
  query?: string;
  body?: (who: Person) => unknown;
  headers?: Record<string, string>;
  expect: Expect;
  /** What the caller sees in a 200 answer, when a list or export must be filtered. */
  sees?: (body: any, who: Person) => void;
  /** A stream that stays open (server-sent events): a 200 is read up to its first chunk. */
  stream?: true;
}

const A = ['aLead', 'aDrafter', 'aObserver'] as const;
const B = ['bLead', 'bDrafter', 'bObserver'] as const;
const MEMBERS = [...A, ...B, 'cLead', 'eLead'] as const;
const all = (status: number): Expect => ({ others: status });
const only = (
  who: readonly Person[],
  status: number,
  others: number,
  extra: Partial<Record<Person, number>> = {},
): Expect => ({
  others,
  ...Object.fromEntries(who.map((w) => [w, status])),
  ...extra,
});

const V1 = '/api/v1';
const POINTS = [{ key: 'art_1', label: 'Article 1', text: 'Text.' }];
const smallDossier = (key: string) => ({
  format: 'pointwise-dossier/1',
  dossier: { key, title: 'Imported', timeZone: 'UTC' },
  parties: [{ key: 'p', name: 'P' }],
});

const isA = (who: Person) => (A as readonly Person[]).includes(who);
const isB = (who: Person) => (B as readonly Person[]).includes(who);
const keysOf = (list: { key: string }[]) => list.map((x) => x.key).sort();

const TABLE: Row[] = [
  // Session and tokens.
  { route: 'GET /api/v1/session', item: 'whoever asks', params: {}, expect: all(200) },
  {
    route: 'POST /api/v1/session',
    item: 'a wrong password',
    params: {},
    body: (who) => ({ email: `${who}@test.example`, password: 'not the password' }),
    expect: all(401),
  },
  {
    route: 'PUT /api/v1/session/password',
    item: 'a wrong current password',
    params: {},
    body: () => ({ currentPassword: 'not the password', newPassword: 'a brand new password' }),
    expect: all(401),
  },
  { route: 'GET /api/v1/tokens', item: 'your own tokens', params: {}, expect: only(['visitor'], 401, 200) },
  {
    route: 'POST /api/v1/dossiers/:dossier/tokens',
    item: 'a dossier where you are a member (talks has published items, so it is visible to all)',
    params: { dossier: 'talks' },
    body: () => ({ name: 'script' }),
    expect: only(MEMBERS, 201, 403, { visitor: 401 }),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/tokens',
    item: 'a guessed dossier with nothing published',
    params: { dossier: 'other' },
    body: () => ({ name: 'script' }),
    expect: only(['xLead'], 201, 404, { admin: 403 }),
  },
  {
    route: 'DELETE /api/v1/tokens/:token',
    item: "someone else's token",
    params: { token: 'TOKEN_OF_XLEAD' },
    expect: only(['visitor'], 401, 404, { xLead: 204 }),
  },

  // Dossiers.
  {
    route: 'GET /api/v1/dossiers',
    item: 'the list',
    params: {},
    expect: all(200),
    sees: (body, who) =>
      expect(keysOf(body.dossiers)).toEqual(
        who === 'admin' ? ['other', 'talks'] : who === 'xLead' ? ['other', 'talks'] : ['talks'],
      ),
  },
  {
    route: 'POST /api/v1/dossiers',
    item: 'a new dossier',
    params: {},
    body: (who) => ({ key: `new-${who}`, title: 'New' }),
    expect: only(['admin'], 201, 403, { visitor: 401 }),
  },
  {
    route: 'POST /api/v1/dossiers/import',
    item: 'a valid dossier file',
    params: {},
    body: (who) => smallDossier(`imported-${who}`),
    expect: only(['admin'], 201, 403, { visitor: 401 }),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier',
    item: 'talks (something published)',
    params: { dossier: 'talks' },
    expect: all(200),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier',
    item: 'other (nothing published)',
    params: { dossier: 'other' },
    expect: only(['xLead', 'admin'], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier',
    item: 'a key that is not there',
    params: { dossier: 'nowhere' },
    expect: all(404),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/parties',
    item: 'talks',
    params: { dossier: 'talks' },
    body: (who) => ({ key: `party-${who}`, name: 'New party' }),
    expect: only(['admin'], 201, 403, { visitor: 401 }),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/parties',
    item: 'other (guessed)',
    params: { dossier: 'other' },
    body: (who) => ({ key: `party-${who}`, name: 'New party' }),
    expect: only(['admin'], 201, 404, { xLead: 403 }),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/people',
    item: 'a person of party a',
    params: { dossier: 'talks' },
    body: (who) => ({ key: `person-${who}`, name: 'Someone', party: 'a' }),
    expect: only(['admin', 'aLead'], 201, 403, { visitor: 401 }),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/matrix',
    item: 'talks: d1 from a to b and c',
    params: { dossier: 'talks' },
    query: 'at=2022-02-01T00:00:00Z',
    expect: all(200),
    sees: (body, who) => {
      const columns = body.deliveries.map(
        (d: any) => `${d.delivery}:${d.addressees.map((a: any) => a.party).join('+')}`,
      );
      const want = isA(who) ? ['d1:b+c'] : isB(who) ? ['d1:b'] : who === 'cLead' ? ['d1:c'] : [];
      expect(columns).toEqual(want);
    },
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/matrix',
    item: 'other (guessed)',
    params: { dossier: 'other' },
    expect: only(['xLead', 'admin'], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/matrix/export',
    item: 'talks as CSV: d1 from a to b and c',
    params: { dossier: 'talks' },
    query: 'format=csv&at=2022-02-01T00:00:00Z',
    expect: all(200),
    sees: (csv: string, who) => {
      const header = csv.split('\r\n')[2] ?? '';
      const want = isA(who)
        ? 'point,label,b,c'
        : isB(who)
          ? 'point,label,b'
          : who === 'cLead'
            ? 'point,label,c'
            : '';
      expect(header).toBe(want);
    },
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/matrix/export',
    item: 'talks as XLSX, only d1',
    params: { dossier: 'talks' },
    query: 'format=xlsx&delivery=d1',
    expect: only([...A, ...B, 'cLead'], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/matrix/export',
    item: 'other (guessed)',
    params: { dossier: 'other' },
    query: 'format=csv',
    expect: only(['xLead', 'admin'], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/events',
    item: 'talks (something published)',
    params: { dossier: 'talks' },
    stream: true,
    expect: all(200),
    sees: (text: string) => expect(text).toBe('retry: 3000\n\n'),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/events',
    item: 'other (guessed)',
    params: { dossier: 'other' },
    stream: true,
    expect: only(['xLead', 'admin'], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/events',
    item: 'a key that is not there',
    params: { dossier: 'nowhere' },
    stream: true,
    expect: all(404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/export',
    item: 'talks',
    params: { dossier: 'talks' },
    expect: all(200),
    sees: (body, who) => {
      const docs = keysOf(body.documents);
      const responses = keysOf(body.responses);
      if (isA(who)) {
        expect(docs).toEqual(['proposal', 'public-note', 'to-publish']);
        expect(responses).toEqual(['rc1', 'rc2', 'rc3']);
      } else if (isB(who)) {
        expect(docs).toEqual(['b-memo', 'proposal', 'public-note']);
        expect(
          body.documents.find((d: any) => d.key === 'proposal').versions.map((v: any) => v.number),
        ).toEqual([1]);
        expect(responses).toEqual(['rc1']);
      } else if (who === 'cLead') {
        expect(docs).toEqual(['proposal', 'public-note']);
        expect(responses).toEqual(['rc1', 'rc2', 'rc3']);
      } else {
        expect(docs).toEqual(['public-note']);
        expect(body.deliveries).toEqual([]);
        expect(responses).toEqual([]);
      }
    },
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/export',
    item: 'other (guessed)',
    params: { dossier: 'other' },
    expect: only(['xLead', 'admin'], 200, 404),
  },

  // Documents and versions.
  {
    route: 'GET /api/v1/dossiers/:dossier/documents',
    item: 'talks',
    params: { dossier: 'talks' },
    expect: all(200),
    sees: (body, who) => {
      const docs = keysOf(body.documents);
      if (isA(who)) expect(docs).toEqual(['proposal', 'public-note', 'to-publish']);
      else if (isB(who)) expect(docs).toEqual(['b-memo', 'proposal', 'public-note']);
      else if (who === 'cLead') expect(docs).toEqual(['proposal', 'public-note']);
      else expect(docs).toEqual(['public-note']);
    },
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/documents',
    item: "a document of the caller's own party",
    params: { dossier: 'talks' },
    body: (who) => ({ key: `doc-${who}`, kind: 'note', title: 'A note' }),
    expect: only(['aLead', 'aDrafter', 'bLead', 'bDrafter', 'cLead', 'eLead'], 201, 403, { visitor: 401 }),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/documents/:document',
    item: "a's proposal, delivered to b and c",
    params: { dossier: 'talks', document: 'proposal' },
    expect: only([...A, ...B, 'cLead'], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/documents/:document',
    item: "b's undelivered draft",
    params: { dossier: 'talks', document: 'b-memo' },
    expect: only(B, 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/documents/:document',
    item: 'a key that is not there',
    params: { dossier: 'talks', document: 'nowhere' },
    expect: all(404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/documents/:document',
    item: "x's document in a guessed dossier",
    params: { dossier: 'other', document: 'x-doc' },
    expect: only(['xLead'], 200, 404),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/documents/:document/versions',
    item: "a's proposal",
    params: { dossier: 'talks', document: 'proposal' },
    body: () => ({ points: POINTS }),
    expect: only(['aLead', 'aDrafter'], 201, 404, {
      aObserver: 403,
      bLead: 403,
      bDrafter: 403,
      bObserver: 403,
      cLead: 403,
    }),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/documents/:document/versions',
    item: "b's draft",
    params: { dossier: 'talks', document: 'b-memo' },
    body: () => ({ points: POINTS }),
    expect: only(['bLead', 'bDrafter'], 201, 404, { bObserver: 403 }),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/documents/:document/versions/:version',
    item: 'proposal v1, delivered to b and c',
    params: { dossier: 'talks', document: 'proposal', version: '1' },
    expect: only([...A, ...B, 'cLead'], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/documents/:document/versions/:version',
    item: "proposal v2, a's undelivered draft",
    params: { dossier: 'talks', document: 'proposal', version: '2' },
    expect: only(A, 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/documents/:document/versions/:version',
    item: 'a published version',
    params: { dossier: 'talks', document: 'public-note', version: '1' },
    expect: all(200),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/documents/:document/versions/:version',
    item: 'a version number that is not there',
    params: { dossier: 'talks', document: 'proposal', version: '9' },
    expect: only([...A, ...B, 'cLead'], 404, 404),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/documents/:document/versions/:version/publication',
    item: "a's undelivered version",
    params: { dossier: 'talks', document: 'to-publish', version: '1' },
    body: () => ({}),
    expect: only(['aLead'], 201, 404, { aDrafter: 403, aObserver: 403 }),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/documents/:document/versions/:version/publication',
    item: 'a version already published',
    params: { dossier: 'talks', document: 'public-note', version: '1' },
    body: () => ({}),
    expect: only(['aLead'], 409, 403, { visitor: 401 }),
  },

  // Deliveries, drafts, submission.
  {
    route: 'GET /api/v1/dossiers/:dossier/deliveries',
    item: 'talks',
    params: { dossier: 'talks' },
    expect: all(200),
    sees: (body, who) =>
      expect(keysOf(body.deliveries)).toEqual([...A, ...B, 'cLead'].includes(who as never) ? ['d1'] : []),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/deliveries',
    item: "a's proposal v1, again, to c",
    params: { dossier: 'talks' },
    body: (who) => ({ key: `dl-${who}`, document: 'proposal', version: 1, to: ['c'] }),
    expect: only(['aLead'], 201, 404, {
      aDrafter: 403,
      aObserver: 403,
      bLead: 403,
      bDrafter: 403,
      bObserver: 403,
      cLead: 403,
    }),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/deliveries/:delivery',
    item: 'd1, from a to b and c',
    params: { dossier: 'talks', delivery: 'd1' },
    expect: only([...A, ...B, 'cLead'], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/deliveries/:delivery',
    item: 'a key that is not there',
    params: { dossier: 'talks', delivery: 'nowhere' },
    expect: all(404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/deliveries/:delivery',
    item: 'dx in a guessed dossier',
    params: { dossier: 'other', delivery: 'dx' },
    expect: only(['xLead'], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/deliveries/:delivery/draft',
    item: "d1: b's and c's drafts (a delivered it, so has none)",
    params: { dossier: 'talks', delivery: 'd1' },
    expect: only([...B, 'cLead'], 200, 404, { aLead: 422, aDrafter: 422, aObserver: 422 }),
    sees: (body, who) => {
      const art1 = body.points.find((p: any) => p.key === 'art_1');
      expect(art1.answer?.text ?? null).toBe(isB(who) ? 'b keeps this to itself' : null);
    },
  },
  {
    route: 'PUT /api/v1/dossiers/:dossier/deliveries/:delivery/draft/:point',
    item: "d1, the caller's own party's draft",
    params: { dossier: 'talks', delivery: 'd1', point: 'art_2__para_1' },
    body: () => ({ position: 'accept' }),
    expect: only(['bLead', 'bDrafter', 'cLead'], 200, 404, {
      bObserver: 403,
      aLead: 422,
      aDrafter: 422,
      aObserver: 403,
    }),
  },
  {
    route: 'PUT /api/v1/dossiers/:dossier/deliveries/:delivery/draft/:point',
    item: 'dx in a guessed dossier',
    params: { dossier: 'other', delivery: 'dx', point: 'art_1' },
    body: () => ({ position: 'accept' }),
    expect: only(['xLead'], 422, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/responses',
    item: 'talks: rc1 (published), rc2 and rc3 (submitted by c)',
    params: { dossier: 'talks' },
    expect: all(200),
    sees: (body, who) =>
      expect(keysOf(body.responses)).toEqual(isA(who) || who === 'cLead' ? ['rc1', 'rc2', 'rc3'] : ['rc1']),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/responses/:response',
    item: "c's published response",
    params: { dossier: 'talks', response: 'rc1' },
    expect: all(200),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/responses/:response',
    item: "c's submitted response, not published",
    params: { dossier: 'talks', response: 'rc2' },
    expect: only([...A, 'cLead'], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/responses/:response',
    item: 'a key that is not there',
    params: { dossier: 'talks', response: 'nowhere' },
    expect: all(404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/responses/:response/proof',
    item: "c's published response",
    params: { dossier: 'talks', response: 'rc1' },
    expect: all(200),
    sees: (body) => expect(body.checkpoint).not.toBeNull(),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/responses/:response/proof',
    item: "c's submitted response, not published",
    params: { dossier: 'talks', response: 'rc2' },
    expect: only([...A, 'cLead'], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/responses/:response/proof',
    item: 'a key that is not there',
    params: { dossier: 'talks', response: 'nowhere' },
    expect: all(404),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/deliveries/:delivery/responses',
    item: "d1, in the caller's own party's name",
    params: { dossier: 'talks', delivery: 'd1' },
    body: () => ({ partial: true, answers: [{ point: 'art_1', position: 'accept' }] }),
    expect: only(['bLead', 'cLead'], 201, 404, {
      bDrafter: 403,
      bObserver: 403,
      aLead: 422,
      aDrafter: 403,
      aObserver: 403,
    }),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/responses/:response/publication',
    item: "c's response rc3",
    params: { dossier: 'talks', response: 'rc3' },
    body: () => ({}),
    expect: only(['cLead'], 201, 404, { aLead: 403, aDrafter: 403, aObserver: 403 }),
  },
  // The ledger: entries, proofs and bundles follow what each party may see of what they record.
  // In talks, entry 0 is the dossier's creation, 16 c's published response rc1, 17 c's unpublished
  // rc2 (a sees it: a delivered d1), 20 b's draft answer.
  { route: 'GET /api/v1/ledger/key', item: "the server's verifier key", params: {}, expect: all(200) },
  {
    route: 'GET /api/v1/dossiers/:dossier/ledger/checkpoint',
    item: 'talks (something published)',
    params: { dossier: 'talks' },
    expect: all(200),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/ledger/checkpoint',
    item: 'other (guessed)',
    params: { dossier: 'other' },
    expect: only(['xLead', 'admin'], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/ledger/entries',
    item: 'talks: entries 0–20',
    params: { dossier: 'talks' },
    query: 'from=0&to=21',
    expect: all(200),
    sees: (body, who) => {
      const indexes: number[] = body.entries.map((e: any) => e.index);
      expect(indexes.includes(0)).toBe(true);
      expect(indexes.includes(16)).toBe(true);
      expect(indexes.includes(17)).toBe(isA(who) || who === 'cLead');
      expect(indexes.includes(20)).toBe(isB(who));
      for (const e of body.entries) expect(typeof e.salt).toBe('string');
    },
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/ledger/proof/inclusion',
    item: "b's draft answer (entry 20)",
    params: { dossier: 'talks' },
    query: 'index=20&size=21',
    expect: only(B, 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/ledger/proof/inclusion',
    item: "c's unpublished response rc2 (entry 17)",
    params: { dossier: 'talks' },
    query: 'index=17&size=21',
    expect: only([...A, 'cLead'], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/ledger/proof/inclusion',
    item: 'the dossier itself (entry 0)',
    params: { dossier: 'talks' },
    query: 'index=0&size=21',
    expect: all(200),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/ledger/proof/inclusion',
    item: "other (guessed): x's delivery dx (entry 5)",
    params: { dossier: 'other' },
    query: 'index=5&size=6',
    expect: only(['xLead'], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/ledger/proof/consistency',
    item: 'talks, from 5 to 21 entries',
    params: { dossier: 'talks' },
    query: 'from=5&to=21',
    expect: all(200),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/ledger/proof/consistency',
    item: 'other (guessed)',
    params: { dossier: 'other' },
    query: 'from=1&to=6',
    expect: only(['xLead', 'admin'], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/ledger/bundle',
    item: 'talks',
    params: { dossier: 'talks' },
    expect: all(200),
    sees: (body, who) => {
      const shown = (i: number) => body.entries[i].entry !== undefined;
      expect(body.entries.length).toBeGreaterThanOrEqual(21);
      expect(shown(0)).toBe(true);
      expect(shown(17)).toBe(isA(who) || who === 'cLead');
      expect(shown(20)).toBe(isB(who));
      if (!shown(20)) expect(Object.keys(body.entries[20])).toEqual(['leafHash']);
    },
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/ledger/bundle',
    item: 'other (guessed)',
    params: { dossier: 'other' },
    expect: only(['xLead', 'admin'], 200, 404),
  },
  // Last: signing out ends the sessions the rows above used.
  // Meetings, statements, links, the timeline and statistics (the story of test-story.ts). Reads
  // come before the writes that would change what they show.
  {
    route: 'GET /api/v1/dossiers/:dossier/meetings',
    item: 'talks: m-ab (a asked b), m-c (announced), m-ec (e asked c)',
    params: { dossier: 'talks' },
    expect: all(200),
    sees: (body, who) =>
      expect(keysOf(body.meetings)).toEqual(
        isA(who) || isB(who)
          ? ['m-ab', 'm-c']
          : who === 'cLead' || who === 'eLead'
            ? ['m-c', 'm-ec']
            : ['m-c'],
      ),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/meetings',
    item: 'other (guessed)',
    params: { dossier: 'other' },
    expect: only(['xLead', 'admin'], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/meetings/:meeting',
    item: 'm-ab, which a asked b for, not announced',
    params: { dossier: 'talks', meeting: 'm-ab' },
    expect: only([...A, ...B], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/meetings/:meeting',
    item: 'm-c, announced',
    params: { dossier: 'talks', meeting: 'm-c' },
    expect: all(200),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/meetings/:meeting',
    item: 'a key that is not there',
    params: { dossier: 'talks', meeting: 'nowhere' },
    expect: all(404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/statements',
    item: 's-envoy, about d1 (delivered to b and c)',
    params: { dossier: 'talks' },
    expect: all(200),
    sees: (body, who) =>
      expect(body.statements.map((s: any) => [s.key, s.about.map((a: any) => a.key)])).toEqual([
        ['s-envoy', isA(who) || isB(who) || who === 'cLead' ? ['d1'] : []],
      ]),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/statements',
    item: 'about one point',
    params: { dossier: 'talks' },
    query: 'document=proposal&point=art_1',
    expect: all(200),
    sees: (body) => expect(body.statements).toEqual([]),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/links',
    item: 's-envoy mentions m-ab',
    params: { dossier: 'talks' },
    expect: all(200),
    sees: (body, who) => expect(body.links).toHaveLength(isA(who) || isB(who) ? 1 : 0),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/timeline',
    item: 'talks as of 2022-02-01',
    params: { dossier: 'talks' },
    query: 'at=2022-02-01T00:00:00Z',
    expect: all(200),
    sees: (body, who) => {
      const lines: string[] = body.entries.map((e: any) => `${e.kind} ${e.subject.key}`);
      expect(lines.includes('delivery d1')).toBe(isA(who) || isB(who) || who === 'cLead');
      expect(lines.includes('meeting_requested m-ab')).toBe(isA(who) || isB(who));
      expect(lines.includes('version proposal')).toBe(isA(who) || isB(who) || who === 'cLead');
      expect(lines.filter((l) => l.startsWith('deadline_'))).toHaveLength(
        isA(who) ? 2 : isB(who) || who === 'cLead' ? 1 : 0,
      );
    },
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/timeline',
    item: 'other (guessed)',
    params: { dossier: 'other' },
    expect: only(['xLead', 'admin'], 200, 404),
  },
  {
    route: 'GET /api/v1/dossiers/:dossier/stats',
    item: "talks: c's demand",
    params: { dossier: 'talks' },
    query: 'at=2022-02-01T00:00:00Z',
    expect: all(200),
    sees: (body, who) =>
      expect(body.parties.find((p: any) => p.party === 'c').writtenDemands.received).toBe(
        isA(who) || who === 'cLead' ? 1 : 0,
      ),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/meetings',
    item: 'a request from your party',
    params: { dossier: 'talks' },
    body: (who) => ({
      key: `req-${who}`,
      title: 'Talks',
      kind: 'talks',
      requestedOf: [who === 'cLead' ? 'a' : 'c'],
    }),
    expect: only(['aLead', 'bLead', 'cLead', 'eLead'], 201, 403, { visitor: 401 }),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/meetings/:meeting/replies',
    item: 'm-ab, which a asked b for',
    params: { dossier: 'talks', meeting: 'm-ab' },
    body: () => ({ reply: 'accepted' }),
    expect: only(['bLead'], 201, 404, {
      aLead: 400,
      aDrafter: 403,
      aObserver: 403,
      bDrafter: 403,
      bObserver: 403,
    }),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/meetings/:meeting/replies',
    item: 'a key that is not there',
    params: { dossier: 'talks', meeting: 'nowhere' },
    body: () => ({ reply: 'declined' }),
    expect: all(404),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/meetings/:meeting/arrangement',
    item: 'm-ab, asked for by a, with a taking part',
    params: { dossier: 'talks', meeting: 'm-ab' },
    body: () => ({ place: 'Vienna', startsAt: '2022-01-12T09:00:00Z', participants: ['a'] }),
    expect: only(['aLead'], 201, 404, {
      aDrafter: 403,
      aObserver: 403,
      bLead: 403,
      bDrafter: 403,
      bObserver: 403,
    }),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/meetings/:meeting/arrangement',
    item: 'a new meeting, not asked for, with e taking part',
    params: { dossier: 'talks', meeting: 'm-new' },
    body: () => ({ title: 'New', kind: 'talks', participants: ['e'] }),
    expect: only(['eLead'], 201, 403, { visitor: 401 }),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/meetings/:meeting/notes',
    item: 'm-c, where c alone takes part',
    params: { dossier: 'talks', meeting: 'm-c' },
    body: () => ({ notes: 'Done.' }),
    expect: only(['cLead'], 201, 403, { visitor: 401 }),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/meetings/:meeting/publication',
    item: 'm-ec, which e asked c for',
    params: { dossier: 'talks', meeting: 'm-ec' },
    body: () => ({ subject: 'meeting' }),
    expect: only(['eLead'], 201, 404, { cLead: 403 }),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/statements',
    item: 'a statement about d1, which e does not see',
    params: { dossier: 'talks' },
    body: (who) => ({
      key: `s-${who}`,
      speaker: 'envoy',
      saidAt: '2022-01-18T09:00:00Z',
      medium: 'interview',
      quote: 'Words.',
      about: ['d1'],
    }),
    expect: only(['aLead', 'aDrafter', 'bLead', 'bDrafter', 'cLead'], 201, 403, { visitor: 401, eLead: 400 }),
  },
  {
    route: 'POST /api/v1/dossiers/:dossier/links',
    item: 's-envoy to m-ab, which only a and b see',
    params: { dossier: 'talks' },
    body: () => ({ from: 's-envoy', to: 'm-ab', type: 'related' }),
    expect: only(['aLead', 'aDrafter', 'bLead', 'bDrafter'], 201, 403, {
      visitor: 401,
      cLead: 400,
      eLead: 400,
    }),
  },
  { route: 'DELETE /api/v1/session', item: 'your own session', params: {}, expect: all(204) },
];

function urlOf(row: Row, tokenOfX: string): string {
  const path = row.route
    .split(' ')[1]!
    .replace(/:(\w+)/g, (_, name: string) =>
      row.params[name] === 'TOKEN_OF_XLEAD' ? tokenOfX : row.params[name]!,
    );
  return row.query ? `${path}?${row.query}` : path;
}

for (const dialect of DIALECTS) {
  describe(`the authorization table on ${dialect}`, () => {
    let world: Awaited<ReturnType<typeof worldApp>>;
    const callers = new Map<Person, Caller>();
    let tokenOfX = '';
    beforeAll(async () => {
      world = await worldApp(dialect);
      await seedStory(world.t.db);
      for (const who of EVERYONE) callers.set(who, await signedIn(world.app, who));
      const made = await callers.get('xLead')!({
        method: 'POST',
        url: `${V1}/dossiers/other/tokens`,
        payload: { name: 'x' },
      });
      tokenOfX = (made.json() as { id: string }).id;
    });
    afterAll(async () => {
      await world?.dispose();
    });

    it('has a row for every route of the API, and no row for a route that is not there', () => {
      const routes = new Set(world.app.routeList);
      const covered = new Set(TABLE.map((r) => r.route));
      expect([...routes].filter((r) => !covered.has(r)).sort()).toEqual([]);
      expect([...covered].filter((r) => !routes.has(r)).sort()).toEqual([]);
    });

    it('answers each person as the table says, writes nothing when it refuses, and says 404 alike for hidden and missing', async () => {
      const failures: string[] = [];
      const notFound = new Map<string, string>();
      for (const row of TABLE) {
        // Refusals first: an allowed write may change what the others could see.
        const order = [...EVERYONE].sort((x, y) => status(row, x) - status(row, y) || 0).reverse();
        // Row counts before the row's refusals, and again after them (before any allowed write).
        let before: Record<string, number> | null = await tableCounts(world.t.db);
        for (const who of order) {
          const want = status(row, who);
          if (want < 300 && before) {
            expect(
              await tableCounts(world.t.db),
              `${row.route} [${row.item}]: a refusal wrote something`,
            ).toEqual(before);
            before = null;
          }
          const body = row.body?.(who);
          const request = {
            method: row.route.split(' ')[0] as 'GET',
            url: urlOf(row, tokenOfX),
            ...(body !== undefined && { payload: body as object }),
          };
          const response = row.stream
            ? await streamed(callers.get(who)!, request)
            : await callers.get(who)!(request);
          const label = `${row.route} [${row.item}] as ${who}`;
          if (response.statusCode !== want) {
            failures.push(
              `${label}: ${response.statusCode}, expected ${want}: ${response.body.slice(0, 200)}`,
            );
            continue;
          }
          if (want >= 400) {
            expect(response.headers['content-type'], label).toMatch(/^application\/problem\+json/);
          }
          if (want === 200 && row.sees) {
            try {
              // JSON for most routes; the text itself for downloads such as CSV.
              const json = /json/.test(String(response.headers['content-type']));
              row.sees(json ? response.json() : response.body, who);
            } catch (error) {
              failures.push(`${label}: ${(error as Error).message.split('\n')[0]}`);
            }
          }
          if (want === 404) {
            // With the keys taken out, every 404 of a route to one caller reads the same, hidden or missing.
            let text = response.body;
            for (const [name, value] of Object.entries(row.params)) {
              const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
              text = text.replace(new RegExp(`(?<![\\w.-])${escaped}(?![\\w.-])`, 'g'), `:${name}`);
            }
            const seen = notFound.get(`${row.route} ${who}`);
            if (seen === undefined) notFound.set(`${row.route} ${who}`, text);
            else if (seen !== text && !sameButForDossierLevel(seen, text))
              failures.push(`${label}: 404 body differs: ${text} vs ${seen}`);
          }
        }
        if (before) {
          expect(
            await tableCounts(world.t.db),
            `${row.route} [${row.item}]: a refusal wrote something`,
          ).toEqual(before);
        }
      }
      expect(failures).toEqual([]);
    });
  });
}

/**
 * A request to a route that streams: an answer that is not a stream is read whole, a stream up to
 * its first chunk (it never ends by itself; the app ends it when it closes).
 */
async function streamed(caller: Caller, request: Parameters<Caller>[0]) {
  const response = await caller({ ...request, payloadAsStream: true });
  const stream = response.stream();
  let text = '';
  if (response.statusCode === 200) {
    text = await new Promise<string>((resolve) => stream.once('data', (chunk) => resolve(String(chunk))));
    stream.destroy();
  } else {
    for await (const chunk of stream) text += String(chunk);
  }
  return {
    statusCode: response.statusCode,
    headers: response.headers,
    body: text,
    json: () => JSON.parse(text),
  };
}

function status(row: Row, who: Person): number {
  return row.expect[who] ?? row.expect.others;
}

/** A hidden or missing dossier is reported as the dossier, before the item inside it: both forms are fine, each consistently. */
function sameButForDossierLevel(a: string, b: string): boolean {
  return [a, b].some((t) => t.includes('"code":"dossier.not_found"'));
}
