import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../open-database.ts';
import { refuseChanges } from './0001-core.ts';

/**
 * The tamper-evident ledger: per dossier, an append-only Merkle log of entries, the complete
 * subtree hashes that make proofs cheap, and the signed checkpoints. Entries, nodes and
 * checkpoints are insert-only; the head row is the one mutable thing, a counter that the database
 * locks to serialise appends per dossier.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('ledger_heads')
    .addColumn('dossier_id', 'text', (c) => c.primaryKey().references('dossiers.id'))
    .addColumn('size', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ledger_entries')
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('leaf_index', 'integer', (c) => c.notNull())
    /** The entry as hashed: canonical JSON (RFC 8785). */
    .addColumn('entry', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    /** The table and id of the row the entry records, so a row can find its entry. */
    .addColumn('subject_table', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    /** What the commitment commits to, and its salt (base64): revealed only to those who may see the item. */
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_entries_pk', ['dossier_id', 'leaf_index'])
    .execute();
  await db.schema
    .createIndex('ledger_entries_subject')
    .on('ledger_entries')
    .columns(['subject_table', 'subject_id'])
    .execute();

  await db.schema
    .createTable('ledger_nodes')
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('node_index', 'integer', (c) => c.notNull())
    /** SHA-256, base64. Level 0 holds the leaf hashes. */
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_nodes_pk', ['dossier_id', 'level', 'node_index'])
    .execute();

  await db.schema
    .createTable('ledger_checkpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    /** The C2SP signed note, exactly as signed. */
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ledger_checkpoints_dossier_size')
    .on('ledger_checkpoints')
    .columns(['dossier_id', 'size'])
    .execute();

  // Dossiers recorded before the ledger existed start their logs now, empty.
  await sql`insert into ledger_heads (dossier_id, size) select id, 0 from dossiers`.execute(db);

  await refuseChanges(db, dialect, ['ledger_entries', 'ledger_nodes', 'ledger_checkpoints']);
}
