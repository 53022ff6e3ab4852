import { z } from 'zod';
import { Key } from '../shared/dossier-file.ts';
import { requireDossier, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { deliveryVisible, type Viewer } from './visibility.ts';

export const ListDeliveriesInput = z.strictObject({ dossier: Key, delivery: Key.optional() });
export type ListDeliveriesInput = z.input<typeof ListDeliveriesInput>;

export interface DeliverySummary {
  key: string;
  document: string;
  title: string;
  version: number;
  /** The author party. */
  from: string;
  /** The addressee parties, in the order given. */
  to: string[];
  deliveredAt: string;
  /** Whether a written answer to every point is demanded; `dueAt` is its deadline, if any. */
  demand: boolean;
  dueAt: string | null;
}

/**
 * The deliveries of a dossier the viewer may see: those its party made or received, in the
 * order they were made.
 */
export async function listDeliveries({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: ListDeliveriesInput;
}): Promise<DeliverySummary[]> {
  const data = parseInput(ListDeliveriesInput, input);
  const dossier = await requireDossier(trx, data.dossier, viewer);
  const deliveries = await trx
    .selectFrom('deliveries')
    .innerJoin('versions', 'versions.id', 'deliveries.version_id')
    .innerJoin('documents', 'documents.id', 'versions.document_id')
    .innerJoin('parties', 'parties.id', 'documents.author_party_id')
    .select([
      'deliveries.id',
      'deliveries.key',
      'deliveries.delivered_at',
      'deliveries.has_demand',
      'deliveries.due_at',
      'versions.number',
      'documents.key as document',
      'documents.title',
      'parties.key as from',
    ])
    .where('deliveries.dossier_id', '=', dossier.id)
    .$if(data.delivery !== undefined, (q) => q.where('deliveries.key', '=', data.delivery!))
    .where(deliveryVisible(viewer, 'deliveries.id', 'documents.author_party_id'))
    .orderBy('deliveries.delivered_at')
    .orderBy('deliveries.id')
    .execute();
  if (deliveries.length === 0) return [];
  const addressees = await trx
    .selectFrom('delivery_addressees')
    .innerJoin('parties', 'parties.id', 'delivery_addressees.party_id')
    .select(['delivery_addressees.delivery_id', 'parties.key'])
    .where(
      'delivery_addressees.delivery_id',
      'in',
      deliveries.map((d) => d.id),
    )
    .orderBy('delivery_addressees.ordinal')
    .execute();
  return deliveries.map((d) => ({
    key: d.key,
    document: d.document,
    title: d.title,
    version: d.number,
    from: d.from,
    to: addressees.filter((a) => a.delivery_id === d.id).map((a) => a.key),
    deliveredAt: d.delivered_at,
    demand: d.has_demand === 1,
    dueAt: d.due_at,
  }));
}
