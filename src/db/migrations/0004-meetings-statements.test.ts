import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Migrator, type Kysely } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../domain/actor.ts';
import { inTransaction } from '../../domain/in-transaction.ts';
import { listLinks } from '../../domain/list-links.ts';
import { listMeetings } from '../../domain/list-meetings.ts';
import { listStatements } from '../../domain/list-statements.ts';
import { createPerson } from '../../domain/create-person.ts';
import { seedNegotiation } from '../../domain/test-factories.ts';
import { migrateToLatest } from '../migrate.ts';
import { openDatabase, type DialectName } from '../open-database.ts';
import type { Database } from '../schema.ts';
import { DIALECTS, TEST_POSTGRES_URL } from '../test-databases.ts';
import * as core from './0001-core.ts';
import * as ledger from './0002-ledger.ts';
import * as accounts from './0003-accounts.ts';

/** An empty database of `dialect` brought only up to 0003, as one that ran before 0004 existed. */
async function databaseAt0003(dialect: DialectName) {
  let target: string;
  let drop: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'pointwise-0004-'));
    target = join(dir, 'db.sqlite');
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `pointwise_test_${randomBytes(6).toString('hex')}`;
    const admin = async (text: string) => {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      await client.query(text).finally(() => client.end());
    };
    await admin(`create database ${name}`);
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${name}`;
    target = url.toString();
    drop = () => admin(`drop database if exists ${name} with (force)`);
  }
  const open = openDatabase(target);
  const steps = { '0001-core': core, '0002-ledger': ledger, '0003-accounts': accounts };
  const migrator = new Migrator({
    db: open.db,
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          Object.entries(steps).map(([name, m]) => [
            name,
            { up: (db: Kysely<unknown>) => m.up(db, dialect) },
          ]),
        ),
    },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  return { ...open, dispose: async () => (await open.close(), await drop()) };
}

for (const dialect of DIALECTS) {
  describe(`migration 0004 on ${dialect}`, () => {
    let t: Awaited<ReturnType<typeof databaseAt0003>>;
    afterEach(async () => {
      await t.dispose();
    });

    it('carries meetings, statements and links recorded under 0001 over, with their ids', async () => {
      t = await databaseAt0003(dialect);
      const { dossier } = await seedNegotiation(t.db);
      await inTransaction(t.db, (trx) =>
        createPerson({
          trx,
          actor: SYSTEM,
          input: { dossier, key: 'envoy', name: 'B. Envoy', title: 'Envoy', party: 'b' },
        }),
      );
      const id = async (table: 'dossiers' | 'parties' | 'people', key: string) =>
        (await t.db.selectFrom(table).select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;
      const dossierId = await id('dossiers', dossier);
      // The 0001 tables, which Database no longer describes.
      const old = t.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await old
        .insertInto('meetings')
        .values({
          id: 'm-old',
          dossier_id: dossierId,
          key: 'round-1',
          title: 'First round',
          kind: 'talks',
          place: 'Geneva',
          starts_at: '2022-01-13T09:00:00.000Z',
          ends_at: null,
          requested_by_party_id: await id('parties', 'b'),
          requested_at: '2022-01-11T08:00:00.000Z',
          accepted_at: '2022-01-11T20:00:00.000Z',
          participants: JSON.stringify(['a', 'b', 'envoy']),
          agenda: JSON.stringify(['proposal', 'art_2__para_1', 'gone']),
          notes: 'Agreed to meet again.',
          recorded_at: '2025-01-01T00:00:00.000Z',
        })
        .execute();
      await old
        .insertInto('statements')
        .values({
          id: 's-old',
          dossier_id: dossierId,
          key: 's1',
          speaker_id: await id('people', 'envoy'),
          said_at: '2022-01-14T12:00:00.000Z',
          medium: 'interview',
          outlet: 'Daily',
          quote: 'No.',
          summary: null,
          source_url: null,
          about: JSON.stringify(['d1', 'round-1', 'art_1']),
          recorded_at: '2025-01-01T00:00:00.000Z',
        })
        .execute();
      await old
        .insertInto('links')
        .values({
          id: 'l-old',
          dossier_id: dossierId,
          from_key: 's1',
          to_key: 'round-1',
          type: 'mentions',
          recorded_at: '2025-01-01T00:00:00.000Z',
        })
        .execute();

      expect(await migrateToLatest(t.db as Kysely<Database>, t.dialect)).toEqual([
        '0004-meetings-statements',
      ]);

      const db = t.db as Kysely<Database>;
      const [meeting] = await listMeetings({ trx: db, input: { dossier } });
      expect(meeting).toEqual({
        key: 'round-1',
        title: 'First round',
        kind: 'talks',
        request: {
          by: 'b',
          at: '2022-01-11T08:00:00.000Z',
          of: ['a'],
          replies: [{ party: 'a', reply: 'accepted', at: '2022-01-11T20:00:00.000Z' }],
        },
        place: 'Geneva',
        startsAt: '2022-01-13T09:00:00.000Z',
        endsAt: null,
        arranged: true,
        participants: [
          { kind: 'party', key: 'a' },
          { kind: 'party', key: 'b' },
          { kind: 'person', key: 'envoy' },
        ],
        // A key that named nothing is dropped; it could not have been shown either.
        agenda: [
          { kind: 'document', key: 'proposal' },
          { kind: 'point', key: 'art_2__para_1', document: 'proposal' },
        ],
        notes: 'Agreed to meet again.',
        announcedAt: null,
        notesPublishedAt: null,
      });
      const [statement] = await listStatements({ trx: db, input: { dossier } });
      expect(statement).toMatchObject({
        key: 's1',
        speaker: { key: 'envoy', title: 'Envoy', party: 'b' },
        about: [
          { kind: 'delivery', key: 'd1' },
          { kind: 'meeting', key: 'round-1' },
          { kind: 'point', key: 'art_1', document: 'proposal' },
        ],
      });
      expect(await listLinks({ trx: db, input: { dossier } })).toEqual([
        { type: 'mentions', from: { kind: 'statement', key: 's1' }, to: { kind: 'meeting', key: 'round-1' } },
      ]);
      const ids = await db.selectFrom('meetings').select('id').execute();
      expect(ids).toEqual([{ id: 'm-old' }]);
    });
  });
}
