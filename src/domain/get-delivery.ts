import { AppError } from '../shared/app-error.ts';
import { listDeliveries, type DeliverySummary } from './list-deliveries.ts';
import type { Db } from './lookup.ts';
import type { Viewer } from './visibility.ts';

/** One delivery the viewer may see, or `delivery.not_found`: the same error when it may not see it. */
export async function getDelivery({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: { dossier: string; delivery: string };
}): Promise<DeliverySummary> {
  const [found] = await listDeliveries({ trx, viewer, input });
  if (!found) throw new AppError('delivery.not_found', `no delivery "${input.delivery}" in this dossier`);
  return found;
}
