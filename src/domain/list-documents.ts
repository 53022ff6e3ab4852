import { z } from 'zod';
import { Key } from '../shared/dossier-file.ts';
import type { DocumentKind } from '../shared/vocabulary.ts';
import { requireDossier, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { documentVisible, versionVisible, type Viewer } from './visibility.ts';

export const ListDocumentsInput = z.strictObject({ dossier: Key, document: Key.optional() });
export type ListDocumentsInput = z.input<typeof ListDocumentsInput>;

export interface DocumentSummary {
  key: string;
  kind: DocumentKind;
  author: string;
  authorId: string;
  title: string;
  createdAt: string;
  /** The versions the viewer may see, oldest first. */
  versions: { number: number; createdAt: string; points: number; publishedAt: string | null }[];
}

/**
 * The documents of a dossier the viewer may see, each with the versions it may see: a party's
 * drafts are invisible to the others, titles included.
 */
export async function listDocuments({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: ListDocumentsInput;
}): Promise<DocumentSummary[]> {
  const data = parseInput(ListDocumentsInput, input);
  const dossier = await requireDossier(trx, data.dossier, viewer);
  const documents = await trx
    .selectFrom('documents')
    .innerJoin('parties', 'parties.id', 'documents.author_party_id')
    .select([
      'documents.id',
      'documents.key',
      'documents.kind',
      'documents.title',
      'documents.created_at',
      'documents.author_party_id',
      'parties.key as author',
    ])
    .where('documents.dossier_id', '=', dossier.id)
    .$if(data.document !== undefined, (q) => q.where('documents.key', '=', data.document!))
    .where(documentVisible(viewer, 'documents.id', 'documents.author_party_id'))
    .orderBy('documents.id')
    .execute();
  if (documents.length === 0) return [];
  const versions = await trx
    .selectFrom('versions')
    .innerJoin('documents', 'documents.id', 'versions.document_id')
    .leftJoin('publications', 'publications.version_id', 'versions.id')
    .select((eb) => [
      'versions.id',
      'versions.document_id',
      'versions.number',
      'versions.created_at',
      'publications.published_at',
      eb
        .selectFrom('points')
        .select((p) => p.fn.countAll<string | number>().as('n'))
        .whereRef('points.version_id', '=', 'versions.id')
        .as('points'),
    ])
    .where(
      'versions.document_id',
      'in',
      documents.map((d) => d.id),
    )
    .where(versionVisible(viewer, 'versions.id', 'documents.author_party_id'))
    .orderBy('versions.number')
    .execute();
  return documents.map((d) => ({
    key: d.key,
    kind: d.kind as DocumentKind,
    author: d.author,
    authorId: d.author_party_id,
    title: d.title,
    createdAt: d.created_at,
    versions: versions
      .filter((v) => v.document_id === d.id)
      .map((v) => ({
        number: v.number,
        createdAt: v.created_at,
        points: Number(v.points ?? 0),
        publishedAt: v.published_at,
      })),
  }));
}
