import type { Db } from './lookup.ts';

/** Every dossier with a few counts, newest first. */
export async function listDossiers({ trx }: { trx: Db }) {
  const dossiers = await trx.selectFrom('dossiers').selectAll().execute();
  const count = async (table: 'parties' | 'documents' | 'deliveries' | 'responses') => {
    const rows = await trx
      .selectFrom(table)
      .select((eb) => ['dossier_id', eb.fn.countAll<string | number>().as('n')])
      .groupBy('dossier_id')
      .execute();
    return new Map(rows.map((r) => [r.dossier_id, Number(r.n)]));
  };
  const [parties, documents, deliveries, responses] = await Promise.all([
    count('parties'),
    count('documents'),
    count('deliveries'),
    count('responses'),
  ]);
  return dossiers
    .sort((a, b) =>
      a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.key.localeCompare(b.key),
    )
    .map((d) => ({
      key: d.key,
      title: d.title,
      timeZone: d.time_zone,
      createdAt: d.created_at,
      parties: parties.get(d.id) ?? 0,
      documents: documents.get(d.id) ?? 0,
      deliveries: deliveries.get(d.id) ?? 0,
      responses: responses.get(d.id) ?? 0,
    }));
}
