import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import { Key } from '../shared/dossier-file.ts';
import { getDocument } from './get-document.ts';
import { versionPoints, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { versionVisible, type Viewer } from './visibility.ts';

export const GetVersionInput = z.strictObject({ dossier: Key, document: Key, version: z.int().min(1) });
export type GetVersionInput = z.input<typeof GetVersionInput>;

/** The text of one version, point by point in document order, if the viewer may read it. */
export async function getVersion({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: GetVersionInput;
}) {
  const data = parseInput(GetVersionInput, input);
  const document = await getDocument({
    trx,
    viewer,
    input: { dossier: data.dossier, document: data.document },
  });
  const version = await trx
    .selectFrom('versions')
    .innerJoin('documents', 'documents.id', 'versions.document_id')
    .leftJoin('publications', 'publications.version_id', 'versions.id')
    .select(['versions.id', 'versions.number', 'versions.created_at', 'publications.published_at'])
    .where('documents.dossier_id', '=', (eb) =>
      eb.selectFrom('dossiers').select('id').where('key', '=', data.dossier),
    )
    .where('documents.key', '=', data.document)
    .where('versions.number', '=', data.version)
    .where(versionVisible(viewer, 'versions.id', 'documents.author_party_id'))
    .executeTakeFirst();
  if (!version) throw new AppError('version.not_found', `the document has no version ${data.version}`);
  const points = await versionPoints(trx, version.id);
  return {
    document: document.key,
    author: document.author,
    authorId: document.authorId,
    title: document.title,
    number: version.number,
    createdAt: version.created_at,
    publishedAt: version.published_at,
    points: points.map((p) => ({
      key: p.key,
      parent: p.parent_key,
      depth: p.depth,
      label: p.label,
      heading: p.heading,
      text: p.text,
      demandsAnswer: p.demands_answer === 1,
    })),
  };
}
