import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * For each row (of `table`, by id), the moment it was proven on record: when the first signed
 * checkpoint that includes its ledger entry was signed, if that was at or before `at`. A checkpoint
 * signed then proves, to anyone holding it, that the row's entry was in the log by that moment.
 */
export async function provenOnRecord(
  db: Kysely<Database>,
  table: string,
  ids: readonly string[],
  at: string,
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_checkpoints as c', (join) =>
      join.onRef('c.dossier_id', '=', 'e.dossier_id').onRef('c.size', '>', 'e.leaf_index'),
    )
    .select((eb) => ['e.subject_id', eb.fn.min('c.signed_at').as('proven_at')])
    .where('e.subject_table', '=', table)
    .where('e.subject_id', 'in', ids)
    .where('c.signed_at', '<=', at)
    .groupBy('e.subject_id')
    .execute();
  return new Map(rows.map((r) => [r.subject_id, r.proven_at as string]));
}
