import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import { Key } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import { DocumentKind } from '../shared/vocabulary.ts';
import { actsAs, type Actor } from './actor.ts';
import { now } from './clock.ts';
import { requireDossier, requireParty, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';

export const CreateDocumentInput = z.strictObject({
  dossier: Key,
  key: Key,
  kind: DocumentKind,
  author: Key,
  title: z.string().min(1).max(1000),
});
export type CreateDocumentInput = z.input<typeof CreateDocumentInput>;

/** Starts a document authored by one party; its text arrives as versions (addVersion). */
export async function createDocument({
  trx,
  actor,
  input,
}: {
  trx: Db;
  actor: Actor;
  input: CreateDocumentInput;
}) {
  const data = parseInput(CreateDocumentInput, input);
  if (!actsAs(actor, data.author)) {
    throw new AppError('actor.forbidden', 'a party can author documents only in its own name');
  }
  const dossier = await requireDossier(trx, data.dossier);
  const author = await requireParty(trx, dossier.id, data.author);
  const existing = await trx
    .selectFrom('documents')
    .select('id')
    .where('dossier_id', '=', dossier.id)
    .where('key', '=', data.key)
    .executeTakeFirst();
  if (existing)
    throw new AppError('document.exists', `a document "${data.key}" already exists in this dossier`);
  const row = {
    id: newId(),
    dossier_id: dossier.id,
    key: data.key,
    kind: data.kind,
    author_party_id: author.id,
    title: data.title,
    created_at: now(),
  };
  await trx.insertInto('documents').values(row).execute();
  await recordChange(trx, {
    dossier,
    actor,
    type: 'document.created',
    subject: { table: 'documents', id: row.id, key: row.key },
    content: { key: row.key, kind: row.kind, author: data.author, title: row.title },
    recordedAt: row.created_at,
  });
  return row;
}
