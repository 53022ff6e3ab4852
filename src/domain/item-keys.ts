import type { Db } from './lookup.ts';

/** What kinds of item carry `key` in the dossier (keys are unique per kind, so a key may name several). */
export async function kindsOfKey(trx: Db, dossierId: string, key: string): Promise<string[]> {
  const tables = [
    'parties',
    'people',
    'documents',
    'deliveries',
    'responses',
    'meetings',
    'statements',
  ] as const;
  const kinds: string[] = [];
  for (const table of tables) {
    const row = await trx
      .selectFrom(table)
      .select('id')
      .where('dossier_id', '=', dossierId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (row) kinds.push(table);
  }
  const point = await trx
    .selectFrom('points')
    .innerJoin('versions', 'versions.id', 'points.version_id')
    .select('points.id')
    .where('versions.dossier_id', '=', dossierId)
    .where('points.key', '=', key)
    .limit(1)
    .executeTakeFirst();
  if (point) kinds.push('points');
  return kinds;
}

/** The keys among `keys` that name nothing in the dossier, with their index. */
export async function unknownKeys(
  trx: Db,
  dossierId: string,
  keys: readonly string[],
  allowed: readonly string[],
): Promise<{ index: number; key: string }[]> {
  const out: { index: number; key: string }[] = [];
  for (const [index, key] of keys.entries()) {
    const kinds = await kindsOfKey(trx, dossierId, key);
    if (!kinds.some((k) => allowed.includes(k))) out.push({ index, key });
  }
  return out;
}
