import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../open-database.ts';

/** The core record: dossiers, parties, people, documents, versions, points, deliveries, responses. */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('dossiers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('parties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('parties_dossier_key', ['dossier_id', 'key'])
    .execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('party_id', 'text', (c) => c.references('parties.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('people_dossier_key', ['dossier_id', 'key'])
    .execute();

  await db.schema
    .createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('author_party_id', 'text', (c) => c.notNull().references('parties.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('documents_dossier_key', ['dossier_id', 'key'])
    .execute();

  await db.schema
    .createTable('versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('versions_document_number', ['document_id', 'number'])
    .execute();

  await db.schema
    .createTable('points')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version_id', 'text', (c) => c.notNull().references('versions.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('parent_key', 'text')
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('heading', 'text')
    .addColumn('text', 'text')
    .addColumn('demands_answer', 'integer', (c) => c.notNull())
    .addUniqueConstraint('points_version_key', ['version_id', 'key'])
    .addUniqueConstraint('points_version_ordinal', ['version_id', 'ordinal'])
    .execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull().references('versions.id'))
    .addColumn('delivered_at', 'text', (c) => c.notNull())
    .addColumn('has_demand', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('deliveries_dossier_key', ['dossier_id', 'key'])
    .execute();

  await db.schema
    .createTable('delivery_addressees')
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('deliveries.id'))
    .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('delivery_addressees_pk', ['delivery_id', 'party_id'])
    .execute();

  await db.schema
    .createTable('responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('deliveries.id'))
    .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('partial', 'integer', (c) => c.notNull())
    .addColumn('positions', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('responses_dossier_key', ['dossier_id', 'key'])
    .execute();
  await db.schema
    .createIndex('responses_delivery_party_submitted')
    .on('responses')
    .columns(['delivery_id', 'party_id', 'submitted_at'])
    .execute();

  await db.schema
    .createTable('answers')
    .addColumn('response_id', 'text', (c) => c.notNull().references('responses.id'))
    .addColumn('point_key', 'text', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('proposed_text', 'text')
    .addColumn('carried', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('answers_pk', ['response_id', 'point_key'])
    .execute();

  await db.schema
    .createTable('draft_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('deliveries.id'))
    .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
    .addColumn('point_key', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('position', 'text')
    .addColumn('text', 'text')
    .addColumn('proposed_text', 'text')
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addColumn('saved_by', 'text')
    .addUniqueConstraint('draft_answers_revision', ['delivery_id', 'party_id', 'point_key', 'revision'])
    .execute();

  await db.schema
    .createTable('publications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('version_id', 'text', (c) => c.unique().references('versions.id'))
    .addColumn('response_id', 'text', (c) => c.unique().references('responses.id'))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addCheckConstraint('publications_one_subject', sql`(version_id is null) <> (response_id is null)`)
    .execute();

  await db.schema
    .createTable('meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('starts_at', 'text')
    .addColumn('ends_at', 'text')
    .addColumn('requested_by_party_id', 'text', (c) => c.references('parties.id'))
    .addColumn('requested_at', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('participants', 'text', (c) => c.notNull())
    .addColumn('agenda', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('meetings_dossier_key', ['dossier_id', 'key'])
    .execute();

  await db.schema
    .createTable('statements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('speaker_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('said_at', 'text', (c) => c.notNull())
    .addColumn('medium', 'text', (c) => c.notNull())
    .addColumn('outlet', 'text')
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('source_url', 'text')
    .addColumn('about', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('statements_dossier_key', ['dossier_id', 'key'])
    .execute();

  await db.schema
    .createTable('links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('from_key', 'text', (c) => c.notNull())
    .addColumn('to_key', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();

  await refuseChanges(db, dialect, INSERT_ONLY_TABLES);
}

/** Tables whose rows are history: the database itself refuses to update or delete them. */
export const INSERT_ONLY_TABLES = [
  'dossiers',
  'parties',
  'people',
  'documents',
  'versions',
  'points',
  'deliveries',
  'delivery_addressees',
  'responses',
  'answers',
  'draft_answers',
  'publications',
  'meetings',
  'statements',
  'links',
] as const;

/** Installs triggers that make `tables` insert-only, on either database. */
export async function refuseChanges(
  db: Kysely<unknown>,
  dialect: DialectName,
  tables: readonly string[],
): Promise<void> {
  if (dialect === 'postgres') {
    await sql`
      create or replace function pointwise_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'pointwise: % is insert-only; % refused', tg_table_name, tg_op
          using errcode = 'P0001';
      end $$`.execute(db);
    for (const table of tables) {
      await sql`create trigger ${sql.raw(`${table}_insert_only`)}
        before update or delete on ${sql.table(table)}
        for each row execute function pointwise_refuse_change()`.execute(db);
    }
    return;
  }
  for (const table of tables) {
    for (const op of ['update', 'delete']) {
      await sql`create trigger ${sql.raw(`${table}_no_${op}`)}
        before ${sql.raw(op)} on ${sql.table(table)}
        begin select raise(abort, ${sql.lit(`pointwise: ${table} is insert-only; ${op.toUpperCase()} refused`)}); end`.execute(
        db,
      );
    }
  }
}
