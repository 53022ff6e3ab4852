import type { Kysely } from 'kysely';
import type { DialectName } from '../open-database.ts';
import { refuseChanges } from './0001-core.ts';

/**
 * Meetings, statements and links as the negotiation's story needs them. 0001 kept a meeting as
 * one row holding its request, acceptance and arrangement, and every reference as a JSON array
 * of bare keys; but a request comes days before the meeting is fixed (or is declined), a point
 * key repeats across documents, and "what was said about this point" must be a query. So each
 * step of a meeting is its own row, and every reference is a row naming the item's kind and id.
 * Rows of the 0001 tables are carried over with their ids (ledger entries name them) and the
 * old tables dropped. Every new table is insert-only.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const old = await readOldRows(db);
  for (const table of ['meetings', 'statements', 'links']) await db.schema.dropTable(table).execute();

  await db.schema
    .createTable('meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('meetings_dossier_key', ['dossier_id', 'key'])
    .execute();

  // The request: who asked, when (when known), and whom (meeting_request_addressees).
  await db.schema
    .createTable('meeting_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().unique().references('meetings.id'))
    .addColumn('requested_by_party_id', 'text', (c) => c.notNull().references('parties.id'))
    .addColumn('requested_at', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('meeting_request_addressees')
    .addColumn('request_id', 'text', (c) => c.notNull().references('meeting_requests.id'))
    .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_request_addressees_pk', ['request_id', 'party_id'])
    .execute();
  // One reply per party asked: accepted or declined, at a moment (when known).
  await db.schema
    .createTable('meeting_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('meeting_requests.id'))
    .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
    .addColumn('reply', 'text', (c) => c.notNull())
    .addColumn('replied_at', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('meeting_replies_request_party', ['request_id', 'party_id'])
    .execute();
  // Where and when it takes place; participants and agenda are item_refs of the meeting.
  await db.schema
    .createTable('meeting_arrangements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().unique().references('meetings.id'))
    .addColumn('place', 'text')
    .addColumn('starts_at', 'text')
    .addColumn('ends_at', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('meeting_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().unique().references('meetings.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  // `meeting`: announced, everyone sees it; `notes`: its outcome notes made public.
  await db.schema
    .createTable('meeting_publications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('meeting_publications_subject', ['meeting_id', 'subject'])
    .execute();

  await db.schema
    .createTable('statements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('speaker_id', 'text', (c) => c.notNull().references('people.id'))
    // The speaker as they were when speaking: people rows keep the title and party first recorded.
    .addColumn('speaker_title', 'text')
    .addColumn('speaker_party_id', 'text', (c) => c.references('parties.id'))
    .addColumn('said_at', 'text', (c) => c.notNull())
    .addColumn('medium', 'text', (c) => c.notNull())
    .addColumn('outlet', 'text')
    .addColumn('quote', 'text')
    .addColumn('summary', 'text')
    .addColumn('source_url', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('statements_dossier_key', ['dossier_id', 'key'])
    .execute();

  // A reference from a meeting or statement (`owner_id`) to an item: `role` is `participant`,
  // `agenda` or `about`; a point is `kind` 'point' with its document's id and its key.
  await db.schema
    .createTable('item_refs')
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('point_key', 'text')
    .addPrimaryKeyConstraint('item_refs_pk', ['owner_id', 'role', 'ordinal'])
    .execute();
  await db.schema.createIndex('item_refs_item').on('item_refs').columns(['item_id', 'point_key']).execute();

  await db.schema
    .createTable('links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('from_kind', 'text', (c) => c.notNull())
    .addColumn('from_id', 'text', (c) => c.notNull())
    .addColumn('from_point', 'text')
    .addColumn('to_kind', 'text', (c) => c.notNull())
    .addColumn('to_id', 'text', (c) => c.notNull())
    .addColumn('to_point', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('links_dossier').on('links').columns(['dossier_id']).execute();

  await refuseChanges(db, dialect, [
    'meetings',
    'meeting_requests',
    'meeting_request_addressees',
    'meeting_replies',
    'meeting_arrangements',
    'meeting_notes',
    'meeting_publications',
    'statements',
    'item_refs',
    'links',
  ]);
  await writeCarriedOver(db, old);
}

// ---- Carrying over rows recorded under 0001 ----------------------------------------------------
// Self-contained on purpose: a migration must not depend on domain code that will change.

interface OldMeeting {
  id: string;
  dossier_id: string;
  key: string;
  title: string;
  kind: string;
  place: string | null;
  starts_at: string | null;
  ends_at: string | null;
  requested_by_party_id: string | null;
  requested_at: string | null;
  accepted_at: string | null;
  participants: string;
  agenda: string;
  notes: string | null;
  recorded_at: string;
}
interface OldStatement {
  id: string;
  dossier_id: string;
  key: string;
  speaker_id: string;
  said_at: string;
  medium: string;
  outlet: string | null;
  quote: string;
  summary: string | null;
  source_url: string | null;
  about: string;
  recorded_at: string;
}
interface OldLink {
  id: string;
  dossier_id: string;
  from_key: string;
  to_key: string;
  type: string;
  recorded_at: string;
}
type Old = { meetings: OldMeeting[]; statements: OldStatement[]; links: OldLink[] };
// Untyped on purpose: the tables are those of this moment in the schema's history.
type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function readOldRows(db: Kysely<unknown>): Promise<Old> {
  const any = db as AnyDb;
  return {
    meetings: (await any.selectFrom('meetings').selectAll().orderBy('id').execute()) as OldMeeting[],
    statements: (await any.selectFrom('statements').selectAll().orderBy('id').execute()) as OldStatement[],
    links: (await any.selectFrom('links').selectAll().orderBy('id').execute()) as OldLink[],
  };
}

interface Target {
  kind: string;
  id: string;
  point: string | null;
}

/** The first item of an allowed kind called `key` in the dossier (0001 stored bare keys). */
async function resolveOld(
  db: AnyDb,
  dossierId: string,
  key: string,
  kinds: readonly string[],
  meetingIds: Map<string, string>,
  statementIds: Map<string, string>,
): Promise<Target | null> {
  const tables: Record<string, string> = {
    party: 'parties',
    person: 'people',
    document: 'documents',
    delivery: 'deliveries',
    response: 'responses',
  };
  for (const kind of kinds) {
    if (kind === 'meeting' || kind === 'statement') {
      const id = (kind === 'meeting' ? meetingIds : statementIds).get(`${dossierId} ${key}`);
      if (id) return { kind, id, point: null };
      continue;
    }
    if (kind === 'point') {
      const row = await db
        .selectFrom('points')
        .innerJoin('versions', 'versions.id', 'points.version_id')
        .select('versions.document_id')
        .where('versions.dossier_id', '=', dossierId)
        .where('points.key', '=', key)
        .orderBy('versions.document_id')
        .limit(1)
        .executeTakeFirst();
      if (row) return { kind, id: row.document_id as string, point: key };
      continue;
    }
    const row = await db
      .selectFrom(tables[kind]!)
      .select('id')
      .where('dossier_id', '=', dossierId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (row) return { kind, id: row.id as string, point: null };
  }
  return null;
}

async function writeCarriedOver(db: Kysely<unknown>, old: Old): Promise<void> {
  const any = db as AnyDb;
  const meetingIds = new Map(old.meetings.map((m) => [`${m.dossier_id} ${m.key}`, m.id]));
  const statementIds = new Map(old.statements.map((s) => [`${s.dossier_id} ${s.key}`, s.id]));
  const resolve = (dossierId: string, key: string, kinds: readonly string[]) =>
    resolveOld(any, dossierId, key, kinds, meetingIds, statementIds);
  const refs = async (ownerId: string, dossierId: string, role: string, json: string, kinds: string[]) => {
    let ordinal = 0;
    for (const key of JSON.parse(json) as string[]) {
      const t = await resolve(dossierId, key, kinds);
      if (!t) continue;
      await any
        .insertInto('item_refs')
        .values({
          owner_id: ownerId,
          role,
          ordinal: ordinal++,
          kind: t.kind,
          item_id: t.id,
          point_key: t.point,
        })
        .execute();
    }
  };

  for (const m of old.meetings) {
    const at = m.recorded_at;
    await any
      .insertInto('meetings')
      .values({
        id: m.id,
        dossier_id: m.dossier_id,
        key: m.key,
        title: m.title,
        kind: m.kind,
        recorded_at: at,
      })
      .execute();
    const participants = JSON.parse(m.participants) as string[];
    if (m.requested_by_party_id !== null) {
      const requestId = `${m.id}-request`;
      await any
        .insertInto('meeting_requests')
        .values({
          id: requestId,
          meeting_id: m.id,
          requested_by_party_id: m.requested_by_party_id,
          requested_at: m.requested_at,
          recorded_at: at,
        })
        .execute();
      let ordinal = 0;
      const asked: string[] = [];
      for (const key of participants) {
        const t = await resolve(m.dossier_id, key, ['party']);
        if (!t || t.id === m.requested_by_party_id) continue;
        asked.push(t.id);
        await any
          .insertInto('meeting_request_addressees')
          .values({ request_id: requestId, party_id: t.id, ordinal: ordinal++ })
          .execute();
      }
      if (m.accepted_at !== null) {
        for (const partyId of asked) {
          await any
            .insertInto('meeting_replies')
            .values({
              id: `${requestId}-${partyId}`,
              request_id: requestId,
              party_id: partyId,
              reply: 'accepted',
              replied_at: m.accepted_at,
              recorded_at: at,
            })
            .execute();
        }
      }
    }
    await any
      .insertInto('meeting_arrangements')
      .values({
        id: `${m.id}-arrangement`,
        meeting_id: m.id,
        place: m.place,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        recorded_at: at,
      })
      .execute();
    await refs(m.id, m.dossier_id, 'participant', m.participants, ['party', 'person']);
    await refs(m.id, m.dossier_id, 'agenda', m.agenda, ['document', 'delivery', 'point']);
    if (m.notes !== null) {
      await any
        .insertInto('meeting_notes')
        .values({ id: `${m.id}-notes`, meeting_id: m.id, text: m.notes, recorded_at: at })
        .execute();
    }
  }

  for (const s of old.statements) {
    const speaker = await any
      .selectFrom('people')
      .select(['title', 'party_id'])
      .where('id', '=', s.speaker_id)
      .executeTakeFirstOrThrow();
    await any
      .insertInto('statements')
      .values({
        id: s.id,
        dossier_id: s.dossier_id,
        key: s.key,
        speaker_id: s.speaker_id,
        speaker_title: speaker.title,
        speaker_party_id: speaker.party_id,
        said_at: s.said_at,
        medium: s.medium,
        outlet: s.outlet,
        quote: s.quote,
        summary: s.summary,
        source_url: s.source_url,
        recorded_at: s.recorded_at,
      })
      .execute();
    await refs(s.id, s.dossier_id, 'about', s.about, [
      'party',
      'person',
      'document',
      'delivery',
      'response',
      'meeting',
      'point',
    ]);
  }

  const everything = ['party', 'person', 'document', 'delivery', 'response', 'meeting', 'statement', 'point'];
  for (const l of old.links) {
    const from = await resolve(l.dossier_id, l.from_key, everything);
    const to = await resolve(l.dossier_id, l.to_key, everything);
    if (!from || !to) continue;
    await any
      .insertInto('links')
      .values({
        id: l.id,
        dossier_id: l.dossier_id,
        type: l.type,
        from_kind: from.kind,
        from_id: from.id,
        from_point: from.point,
        to_kind: to.kind,
        to_id: to.id,
        to_point: to.point,
        recorded_at: l.recorded_at,
      })
      .execute();
  }
}
