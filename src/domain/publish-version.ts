import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import { Instant, Key } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import { actsAs, type Actor } from './actor.ts';
import { eventInstant, now } from './clock.ts';
import { requireDocument, requireDossier, requireVersion, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';

export const PublishVersionInput = z.strictObject({
  dossier: Key,
  document: Key,
  version: z.int().min(1),
  publishedAt: Instant.optional(),
});
export type PublishVersionInput = z.input<typeof PublishVersionInput>;

/** Makes a document version public. Only its author may, once, irreversibly. */
export async function publishVersion({
  trx,
  actor,
  input,
}: {
  trx: Db;
  actor: Actor;
  input: PublishVersionInput;
}) {
  const data = parseInput(PublishVersionInput, input);
  const dossier = await requireDossier(trx, data.dossier);
  const document = await requireDocument(trx, dossier.id, data.document);
  if (!actsAs(actor, document.author_key)) {
    throw new AppError('publication.not_author', 'only the author party may publish a document');
  }
  const version = await requireVersion(trx, document.id, data.version);
  const already = await trx
    .selectFrom('publications')
    .select('published_at')
    .where('version_id', '=', version.id)
    .executeTakeFirst();
  if (already) {
    throw new AppError(
      'publication.exists',
      `version ${version.number} of "${document.key}" was published at ${already.published_at}`,
    );
  }
  const recordedAt = now();
  const publishedAt = eventInstant('publishedAt', data.publishedAt, recordedAt);
  if (publishedAt < version.created_at) {
    throw new AppError(
      'publication.invalid',
      `publishedAt: is before the version was created (${version.created_at})`,
      [{ path: 'publishedAt', message: `is before the version was created (${version.created_at})` }],
    );
  }
  const row = {
    id: newId(),
    dossier_id: dossier.id,
    version_id: version.id,
    response_id: null,
    published_at: publishedAt,
    recorded_at: recordedAt,
  };
  await trx.insertInto('publications').values(row).execute();
  await recordChange(trx, {
    dossier,
    actor,
    type: 'version.published',
    subject: { table: 'publications', id: row.id, key: `${document.key}@${version.number}` },
    content: { document: document.key, version: version.number, publishedAt },
    recordedAt,
  });
  return { document: document.key, version: version.number, publishedAt };
}
