import type { Db } from './lookup.ts';
import {
  deliveryVisible,
  documentVisible,
  dossierVisible,
  responseVisible,
  type Viewer,
} from './visibility.ts';

/**
 * Every dossier the viewer may see (all of them without a viewer), newest first, with counts of
 * what the viewer may see in each: a hidden draft or delivery is not even counted.
 */
export async function listDossiers({ trx, viewer }: { trx: Db; viewer?: Viewer }) {
  const dossiers = await trx
    .selectFrom('dossiers')
    .selectAll()
    .where(dossierVisible(viewer, 'dossiers.id'))
    .execute();
  if (dossiers.length === 0) return [];
  const ids = dossiers.map((d) => d.id);
  const counted = (rows: { dossier_id: string; n: string | number | bigint }[]) =>
    new Map(rows.map((r) => [r.dossier_id, Number(r.n)]));
  const [parties, documents, deliveries, responses] = await Promise.all([
    trx
      .selectFrom('parties')
      .select((eb) => ['dossier_id', eb.fn.countAll<string | number>().as('n')])
      .where('dossier_id', 'in', ids)
      .groupBy('dossier_id')
      .execute()
      .then(counted),
    trx
      .selectFrom('documents')
      .select((eb) => ['dossier_id', eb.fn.countAll<string | number>().as('n')])
      .where('dossier_id', 'in', ids)
      .where(documentVisible(viewer, 'documents.id', 'documents.author_party_id'))
      .groupBy('dossier_id')
      .execute()
      .then(counted),
    trx
      .selectFrom('deliveries')
      .innerJoin('versions', 'versions.id', 'deliveries.version_id')
      .innerJoin('documents', 'documents.id', 'versions.document_id')
      .select((eb) => ['deliveries.dossier_id', eb.fn.countAll<string | number>().as('n')])
      .where('deliveries.dossier_id', 'in', ids)
      .where(deliveryVisible(viewer, 'deliveries.id', 'documents.author_party_id'))
      .groupBy('deliveries.dossier_id')
      .execute()
      .then(counted),
    trx
      .selectFrom('responses')
      .innerJoin('deliveries', 'deliveries.id', 'responses.delivery_id')
      .innerJoin('versions', 'versions.id', 'deliveries.version_id')
      .innerJoin('documents', 'documents.id', 'versions.document_id')
      .select((eb) => ['responses.dossier_id', eb.fn.countAll<string | number>().as('n')])
      .where('responses.dossier_id', 'in', ids)
      .where(responseVisible(viewer, 'responses.id', 'responses.party_id', 'documents.author_party_id'))
      .groupBy('responses.dossier_id')
      .execute()
      .then(counted),
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
