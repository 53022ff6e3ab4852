import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { addMembership } from '../auth/add-membership.ts';
import { hashPassword } from '../auth/password.ts';
import type { Role } from '../auth/role.ts';
import type { DialectName } from '../db/open-database.ts';
import { freshDatabase, type TestDatabase } from '../db/test-databases.ts';
import { SYSTEM, type Actor } from '../domain/actor.ts';
import { addVersion } from '../domain/add-version.ts';
import { createDocument } from '../domain/create-document.ts';
import { createDossier } from '../domain/create-dossier.ts';
import { createParty } from '../domain/create-party.ts';
import { deliverVersion } from '../domain/deliver-version.ts';
import { inTransaction } from '../domain/in-transaction.ts';
import { now } from '../domain/clock.ts';
import { newId } from '../shared/ids.ts';
import { publishResponse } from '../domain/publish-response.ts';
import { publishVersion } from '../domain/publish-version.ts';
import { saveDraftAnswer } from '../domain/save-draft-answer.ts';
import { submitResponse } from '../domain/submit-response.ts';
import { PROPOSAL_V1 } from '../domain/test-factories.ts';
import { generateSignerKey, parseSignerKey } from '../ledger/note-keys.ts';
import { signCheckpoints } from '../ledger/sign-checkpoints.ts';
import { buildApp, type AppOptions } from './app.ts';

export const PASSWORD = 'correct horse battery staple';

/** The key that signs the test world's ledger checkpoints. */
export const WORLD_SIGNER = parseSignerKey(generateSignerKey('pointwise-test').signerKey);

/** The people of the test world: who they are, and how the authorization table names them. */
export const PEOPLE = {
  visitor: null,
  admin: { admin: true },
  aLead: { dossier: 'talks', party: 'a', role: 'lead' },
  aDrafter: { dossier: 'talks', party: 'a', role: 'drafter' },
  aObserver: { dossier: 'talks', party: 'a', role: 'observer' },
  bLead: { dossier: 'talks', party: 'b', role: 'lead' },
  bDrafter: { dossier: 'talks', party: 'b', role: 'drafter' },
  bObserver: { dossier: 'talks', party: 'b', role: 'observer' },
  cLead: { dossier: 'talks', party: 'c', role: 'lead' },
  eLead: { dossier: 'talks', party: 'e', role: 'lead' },
  xLead: { dossier: 'other', party: 'x', role: 'lead' },
} as const satisfies Record<string, null | { admin: true } | { dossier: string; party: string; role: Role }>;
export type Person = keyof typeof PEOPLE;
export const EVERYONE = Object.keys(PEOPLE) as Person[];

export const emailOf = (who: Person) => `${who.toLowerCase()}@test.example`;

/**
 * The world the API tests run in. Dossier `talks`: party `a` delivered `proposal` v1 (d1) to `b`
 * and `c` with a demand; `proposal` v2 is a's undelivered draft; `public-note` is published;
 * `b-memo` is b's draft; `to-publish` is a's, undelivered. `c` submitted rc1 (published), rc2 and
 * rc3 (not published); `b` has a draft answer to art_1. Party `e` received nothing. Dossier `other`
 * holds party `x`'s delivery `dx` to `y`, none of it published.
 */
export async function seedWorld(db: TestDatabase['db']): Promise<void> {
  const as = (party: string): Actor => ({ kind: 'party', party });
  await inTransaction(db, async (trx) => {
    await createDossier({
      trx,
      actor: SYSTEM,
      input: { key: 'talks', title: 'Talks', timeZone: 'Europe/Vienna' },
    });
    for (const key of ['a', 'b', 'c', 'e']) {
      await createParty({ trx, actor: SYSTEM, input: { dossier: 'talks', key, name: `Party ${key}` } });
    }
    const doc = async (key: string, author: string, versions: number) => {
      await createDocument({
        trx,
        actor: as(author),
        input: { dossier: 'talks', key, kind: 'proposal', author, title: `Title of ${key}` },
      });
      for (let v = 1; v <= versions; v++) {
        await addVersion({
          trx,
          actor: as(author),
          input: {
            dossier: 'talks',
            document: key,
            createdAt: `2022-01-0${v}T09:00:00Z`,
            points: PROPOSAL_V1,
          },
        });
      }
    };
    await doc('proposal', 'a', 2);
    await doc('public-note', 'a', 1);
    await doc('b-memo', 'b', 1);
    await doc('to-publish', 'a', 1);
    await deliverVersion({
      trx,
      actor: as('a'),
      input: {
        dossier: 'talks',
        key: 'd1',
        document: 'proposal',
        version: 1,
        to: ['b', 'c'],
        deliveredAt: '2022-01-10T12:00:00Z',
        demand: { dueAt: '2022-01-20T17:00:00Z' },
      },
    });
    await publishVersion({
      trx,
      actor: as('a'),
      input: { dossier: 'talks', document: 'public-note', version: 1, publishedAt: '2022-01-11T00:00:00Z' },
    });
    const answers = [
      { point: 'art_1', position: 'accept' as const },
      { point: 'art_2__para_1', position: 'reject' as const, text: 'No.' },
      { point: 'art_2__para_2', position: 'deferred' as const, text: 'Later.' },
    ];
    for (const [key, day] of [
      ['rc1', '12'],
      ['rc2', '13'],
      ['rc3', '14'],
    ] as const) {
      await submitResponse({
        trx,
        actor: as('c'),
        input: {
          dossier: 'talks',
          delivery: 'd1',
          party: 'c',
          key,
          submittedAt: `2022-01-${day}T10:00:00Z`,
          answers,
        },
      });
    }
    await publishResponse({
      trx,
      actor: as('c'),
      input: { dossier: 'talks', response: 'rc1', publishedAt: '2022-01-15T00:00:00Z' },
    });
    await saveDraftAnswer({
      trx,
      actor: as('b'),
      input: {
        dossier: 'talks',
        delivery: 'd1',
        party: 'b',
        point: 'art_1',
        position: 'reject',
        text: 'b keeps this to itself',
      },
    });

    await createDossier({
      trx,
      actor: SYSTEM,
      input: { key: 'other', title: 'Other talks', timeZone: 'UTC' },
    });
    for (const key of ['x', 'y']) {
      await createParty({ trx, actor: SYSTEM, input: { dossier: 'other', key, name: `Party ${key}` } });
    }
    await createDocument({
      trx,
      actor: as('x'),
      input: {
        dossier: 'other',
        key: 'x-doc',
        kind: 'proposal',
        author: 'x',
        title: 'Secret title of x-doc',
      },
    });
    await addVersion({
      trx,
      actor: as('x'),
      input: { dossier: 'other', document: 'x-doc', createdAt: '2022-01-01T09:00:00Z', points: PROPOSAL_V1 },
    });
    await deliverVersion({
      trx,
      actor: as('x'),
      input: {
        dossier: 'other',
        key: 'dx',
        document: 'x-doc',
        version: 1,
        to: ['y'],
        deliveredAt: '2022-01-10T12:00:00Z',
      },
    });
  });
}

/** Opens every account of PEOPLE (with a known password) and its membership. */
export async function seedPeople(db: TestDatabase['db']): Promise<void> {
  // One scrypt hash for all: hashing is deliberately slow, and these accounts share a password.
  passwordHash ??= await hashPassword(PASSWORD);
  const hash = passwordHash;
  await inTransaction(db, async (trx) => {
    for (const who of EVERYONE) {
      const p = PEOPLE[who];
      if (p === null) continue;
      const user = {
        id: newId(),
        email: emailOf(who),
        name: null,
        is_admin: 'admin' in p ? 1 : 0,
        created_at: now(),
      };
      await trx.insertInto('users').values(user).execute();
      await trx
        .insertInto('user_passwords')
        .values({ id: newId(), user_id: user.id, hash, temporary: 0, set_at: user.created_at })
        .execute();
      if ('party' in p) await addMembership({ trx, input: { email: emailOf(who), ...p } });
    }
  });
}
let passwordHash: string | undefined;

export interface Caller {
  (options: InjectOptions & { url: string }): Promise<LightMyRequestResponse>;
  headers: Record<string, string>;
}

/** Signs `who` in over HTTP and returns a function making requests as them (cookie and CSRF token). */
export async function signedIn(app: FastifyInstance, who: Person): Promise<Caller> {
  let headers: Record<string, string> = {};
  if (who !== 'visitor') {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: emailOf(who), password: PASSWORD },
    });
    if (r.statusCode !== 200) throw new Error(`sign-in of ${who} failed: ${r.statusCode} ${r.body}`);
    const cookie = r.cookies.find((c) => c.name === 'pointwise_session')!;
    headers = {
      cookie: `pointwise_session=${cookie.value}`,
      'x-csrf-token': (r.json() as { csrfToken: string }).csrfToken,
    };
  }
  const call = ((options) =>
    app.inject({ ...options, headers: { ...headers, ...(options.headers ?? {}) } })) as Caller;
  call.headers = headers;
  return call;
}

/** A fresh database with the world and its people, and the app on it. */
export async function worldApp(dialect: DialectName, options: Partial<AppOptions> = {}) {
  const t = await freshDatabase(dialect);
  await seedWorld(t.db);
  await seedPeople(t.db);
  // The world's ledger is signed once, here; signing after each request would change the row counts
  // the authorization table compares, at moments of its own choosing.
  await signCheckpoints({ db: t.db, signer: WORLD_SIGNER });
  const app = await buildApp({
    db: t.db,
    listenClient: t.listenClient,
    limits: { signInPerMinute: 10_000 },
    ledgerSigner: () => WORLD_SIGNER,
    signAfterWrites: false,
    ...options,
  });
  return {
    t,
    app,
    dispose: async () => {
      await app.close();
      await t.dispose();
    },
  };
}

/** Row counts of every table: equal before and after means the request wrote nothing. */
export async function tableCounts(db: TestDatabase['db']): Promise<Record<string, number>> {
  const tables = await db.introspection.getTables();
  const names = tables.map((t) => t.name).filter((n) => !n.startsWith('kysely_') && !n.startsWith('sqlite_'));
  const row = await sql<Record<string, string | number>>`select ${sql.join(
    names.map((n) => sql`(select count(*) from ${sql.table(n)}) as ${sql.ref(n)}`),
  )}`.execute(db);
  return Object.fromEntries(Object.entries(row.rows[0]!).map(([k, v]) => [k, Number(v)]));
}
