import type { Db } from './lookup.ts';
import { deliveryVisible, type Viewer } from './visibility.ts';

export interface Deadline {
  delivery: string;
  dueAt: string;
}

/**
 * Deadlines of the deliveries the viewer may see in a dossier that fall after `after` and, when
 * given, at or before `until`, earliest first (at most `limit`).
 */
export async function listDeadlines({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: { dossierId: string; after: string; until?: string; limit?: number };
}): Promise<Deadline[]> {
  const rows = await trx
    .selectFrom('deliveries')
    .innerJoin('versions', 'versions.id', 'deliveries.version_id')
    .innerJoin('documents', 'documents.id', 'versions.document_id')
    .select(['deliveries.key', 'deliveries.due_at'])
    .where('deliveries.dossier_id', '=', input.dossierId)
    .where('deliveries.due_at', '>', input.after)
    .$if(input.until !== undefined, (q) => q.where('deliveries.due_at', '<=', input.until!))
    .where(deliveryVisible(viewer, 'deliveries.id', 'documents.author_party_id'))
    .orderBy('deliveries.due_at')
    .orderBy('deliveries.key')
    .limit(input.limit ?? 100)
    .execute();
  return rows.map((r) => ({ delivery: r.key, dueAt: r.due_at! }));
}
