import type { Db } from './lookup.ts';

/**
 * The first key `${base}-${letter}N` (N = 1, 2, …) not yet used in the dossier's `table`: how
 * deliveries and responses get readable keys when the caller names none.
 */
export async function nextFreeKey(
  trx: Db,
  table: 'deliveries' | 'responses',
  dossierId: string,
  base: string,
  letter: string,
): Promise<string> {
  // LIKE's `_` matches any character, so this may fetch a few more keys than needed; never fewer.
  const taken = await trx
    .selectFrom(table)
    .select('key')
    .where('dossier_id', '=', dossierId)
    .where('key', 'like', `${base}%`)
    .execute();
  const keys = new Set(taken.map((r) => r.key));
  for (let n = 1; ; n++) {
    const key = `${base}-${letter}${n}`;
    if (!keys.has(key)) return key;
  }
}
