import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../shared/app-error.ts';
import { deliveryVisible, dossierVisible, type Viewer } from './visibility.ts';

/** A database handle or an open transaction: use cases run inside the caller's transaction. */
export type Db = Kysely<Database>;

/**
 * The dossier with `key`, or a `dossier.not_found` error; with a `viewer`, also when it may not
 * see the dossier (the same error, word for word).
 */
export async function requireDossier(db: Db, key: string, viewer?: Viewer) {
  const row = await db
    .selectFrom('dossiers')
    .selectAll()
    .where('key', '=', key)
    .where(dossierVisible(viewer, 'dossiers.id'))
    .executeTakeFirst();
  if (!row) throw new AppError('dossier.not_found', `no dossier "${key}"`);
  return row;
}

/** The party with `key` in the dossier, or a `party.not_found` error. */
export async function requireParty(db: Db, dossierId: string, key: string) {
  const row = await db
    .selectFrom('parties')
    .selectAll()
    .where('dossier_id', '=', dossierId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) throw new AppError('party.not_found', `no party "${key}" in this dossier`);
  return row;
}

/** The document with `key` in the dossier, with its author's key. */
export async function requireDocument(db: Db, dossierId: string, key: string) {
  const row = await db
    .selectFrom('documents')
    .innerJoin('parties', 'parties.id', 'documents.author_party_id')
    .selectAll('documents')
    .select('parties.key as author_key')
    .where('documents.dossier_id', '=', dossierId)
    .where('documents.key', '=', key)
    .executeTakeFirst();
  if (!row) throw new AppError('document.not_found', `no document "${key}" in this dossier`);
  return row;
}

/** Version `number` of a document. */
export async function requireVersion(db: Db, documentId: string, number: number) {
  const row = await db
    .selectFrom('versions')
    .selectAll()
    .where('document_id', '=', documentId)
    .where('number', '=', number)
    .executeTakeFirst();
  if (!row) throw new AppError('version.not_found', `the document has no version ${number}`);
  return row;
}

/** The delivery with `key` in the dossier, with its version, document and author. */
export async function requireDelivery(db: Db, dossierId: string, key: string) {
  const row = await db
    .selectFrom('deliveries')
    .innerJoin('versions', 'versions.id', 'deliveries.version_id')
    .innerJoin('documents', 'documents.id', 'versions.document_id')
    .innerJoin('parties', 'parties.id', 'documents.author_party_id')
    .selectAll('deliveries')
    .select([
      'versions.number as version_number',
      'versions.document_id as document_id',
      'documents.key as document_key',
      'parties.key as author_key',
    ])
    .where('deliveries.dossier_id', '=', dossierId)
    .where('deliveries.key', '=', key)
    .executeTakeFirst();
  if (!row) throw new AppError('delivery.not_found', `no delivery "${key}" in this dossier`);
  return row;
}

/**
 * That the delivery `key` exists in the dossier and the viewer may see it; else the same
 * `not_found` errors as a missing dossier or delivery. For writes, which read no more of it.
 */
export async function requireVisibleDelivery(
  db: Db,
  dossierKey: string,
  key: string,
  viewer: Viewer,
): Promise<void> {
  const dossier = await requireDossier(db, dossierKey, viewer);
  const row = await db
    .selectFrom('deliveries')
    .innerJoin('versions', 'versions.id', 'deliveries.version_id')
    .innerJoin('documents', 'documents.id', 'versions.document_id')
    .select('deliveries.id')
    .where('deliveries.dossier_id', '=', dossier.id)
    .where('deliveries.key', '=', key)
    .where(deliveryVisible(viewer, 'deliveries.id', 'documents.author_party_id'))
    .executeTakeFirst();
  if (!row) throw new AppError('delivery.not_found', `no delivery "${key}" in this dossier`);
}

/** Whether the party is an addressee of the delivery. */
export async function isAddressee(db: Db, deliveryId: string, partyId: string): Promise<boolean> {
  const row = await db
    .selectFrom('delivery_addressees')
    .select('party_id')
    .where('delivery_id', '=', deliveryId)
    .where('party_id', '=', partyId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The points of a version in document order. */
export function versionPoints(db: Db, versionId: string) {
  return db
    .selectFrom('points')
    .select(['key', 'parent_key', 'ordinal', 'depth', 'label', 'heading', 'text', 'demands_answer'])
    .where('version_id', '=', versionId)
    .orderBy('ordinal')
    .execute();
}
