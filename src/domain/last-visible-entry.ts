import { entryVisible } from './ledger-visibility.ts';
import type { Db } from './lookup.ts';
import type { Viewer } from './visibility.ts';

/**
 * The index of the last ledger entry in [from, to) of a dossier's log that the viewer may see, or
 * null when it may see none of them: what tells a watcher whether the log grew in a way it may know
 * of (a party must not learn that another saved a draft).
 */
export async function lastVisibleEntry({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: { dossierId: string; from: number; to: number };
}): Promise<number | null> {
  const row = await trx
    .selectFrom('ledger_entries as e')
    .select((eb) => eb.fn.max('e.leaf_index').as('last'))
    .where('e.dossier_id', '=', input.dossierId)
    .where('e.leaf_index', '>=', input.from)
    .where('e.leaf_index', '<', input.to)
    .where(entryVisible(viewer))
    .executeTakeFirst();
  return row?.last === null || row?.last === undefined ? null : Number(row.last);
}
