import { AppError } from '../shared/app-error.ts';
import { listDocuments, type DocumentSummary, type ListDocumentsInput } from './list-documents.ts';
import type { Db } from './lookup.ts';
import type { Viewer } from './visibility.ts';

/** One document the viewer may see, or `document.not_found`: the same error when it may not see it. */
export async function getDocument({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: ListDocumentsInput & { document: string };
}): Promise<DocumentSummary> {
  const [found] = await listDocuments({ trx, viewer, input });
  if (!found) throw new AppError('document.not_found', `no document "${input.document}" in this dossier`);
  return found;
}
