import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { onPostgres } from '../db/dialect-of.ts';
import type { Database } from '../db/schema.ts';
import { encodeBase64 } from './base64.ts';
import { canonicalJson } from './canonical-json.ts';
import { commitTo, ENTRY_FORMAT, entryLeafHash, type LedgerEntry } from './ledger-entry.ts';
import { storeLeaf } from './ledger-tree.ts';

/** The PostgreSQL channel on which each append is announced, as `<dossier id>:<index>`. */
export const LEDGER_CHANNEL = 'pointwise_ledger';

export interface Change {
  dossier: { id: string; key: string };
  /** What happened: `response.submitted`, `version.added`… */
  type: string;
  /** The row the change wrote, and the key people know it by. */
  subject: { table: string; id: string; key: string };
  actor: LedgerEntry['actor'];
  /** What was recorded; committed to (salted), and kept beside the entry to be revealed to those who may see it. */
  content: unknown;
  recordedAt: string;
}

/**
 * Appends one change to its dossier's log, in the caller's transaction (the same one that wrote
 * the change). The leaf index comes from the dossier's head row, incremented in place: the
 * database locks that row until commit, so appends to one dossier are serialised across
 * processes and the log cannot fork. On PostgreSQL the append is also announced on
 * LEDGER_CHANNEL, which the database delivers to listeners only if and when the transaction commits.
 */
export async function appendEntry(trx: Kysely<Database>, change: Change): Promise<{ index: number }> {
  const head = await trx
    .updateTable('ledger_heads')
    .set((eb) => ({ size: eb('size', '+', 1) }))
    .where('dossier_id', '=', change.dossier.id)
    .returning('size')
    .executeTakeFirst();
  if (!head) throw new Error(`dossier ${change.dossier.key} has no ledger head`);
  const index = head.size - 1;
  const previous =
    index === 0
      ? null
      : await trx
          .selectFrom('ledger_nodes')
          .select('hash')
          .where('dossier_id', '=', change.dossier.id)
          .where('level', '=', 0)
          .where('node_index', '=', index - 1)
          .executeTakeFirstOrThrow();
  const salt = randomBytes(32);
  const entry: LedgerEntry = {
    format: ENTRY_FORMAT,
    dossier: change.dossier.key,
    index,
    type: change.type,
    subject: change.subject.key,
    actor: change.actor,
    recordedAt: change.recordedAt,
    commitment: commitTo(change.content, salt),
    previousLeaf: previous?.hash ?? null,
  };
  await trx
    .insertInto('ledger_entries')
    .values({
      dossier_id: change.dossier.id,
      leaf_index: index,
      entry: canonicalJson(entry),
      type: change.type,
      subject_table: change.subject.table,
      subject_id: change.subject.id,
      content: canonicalJson(change.content),
      salt: encodeBase64(salt),
      recorded_at: change.recordedAt,
    })
    .execute();
  await storeLeaf(trx, change.dossier.id, index, entryLeafHash(entry));
  if (onPostgres(trx)) {
    await sql`select pg_notify(${LEDGER_CHANNEL}, ${`${change.dossier.id}:${index}`})`.execute(trx);
  }
  return { index };
}

/** Starts a dossier's log: its head at size 0. Runs in the transaction that creates the dossier. */
export async function startLog(trx: Kysely<Database>, dossierId: string): Promise<void> {
  await trx.insertInto('ledger_heads').values({ dossier_id: dossierId, size: 0 }).execute();
}
