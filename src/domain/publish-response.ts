import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import { Instant, Key } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import { actsAs, type Actor } from './actor.ts';
import { eventInstant, now } from './clock.ts';
import { requireDossier, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';

export const PublishResponseInput = z.strictObject({
  dossier: Key,
  response: Key,
  publishedAt: Instant.optional(),
});
export type PublishResponseInput = z.input<typeof PublishResponseInput>;

/** Makes a submitted response public. Only the responding party may, once, irreversibly. */
export async function publishResponse({
  trx,
  actor,
  input,
}: {
  trx: Db;
  actor: Actor;
  input: PublishResponseInput;
}) {
  const data = parseInput(PublishResponseInput, input);
  const dossier = await requireDossier(trx, data.dossier);
  const response = await trx
    .selectFrom('responses')
    .innerJoin('parties', 'parties.id', 'responses.party_id')
    .select(['responses.id', 'responses.key', 'responses.submitted_at', 'parties.key as party_key'])
    .where('responses.dossier_id', '=', dossier.id)
    .where('responses.key', '=', data.response)
    .executeTakeFirst();
  if (!response) throw new AppError('response.not_found', `no response "${data.response}" in this dossier`);
  if (!actsAs(actor, response.party_key)) {
    throw new AppError('publication.not_author', 'only the responding party may publish its response');
  }
  const already = await trx
    .selectFrom('publications')
    .select('published_at')
    .where('response_id', '=', response.id)
    .executeTakeFirst();
  if (already) {
    throw new AppError(
      'publication.exists',
      `response "${response.key}" was published at ${already.published_at}`,
    );
  }
  const recordedAt = now();
  const publishedAt = eventInstant('publishedAt', data.publishedAt, recordedAt);
  if (publishedAt < response.submitted_at) {
    throw new AppError(
      'publication.invalid',
      `publishedAt: is before the response was submitted (${response.submitted_at})`,
      [{ path: 'publishedAt', message: `is before the response was submitted (${response.submitted_at})` }],
    );
  }
  const row = {
    id: newId(),
    dossier_id: dossier.id,
    version_id: null,
    response_id: response.id,
    published_at: publishedAt,
    recorded_at: recordedAt,
  };
  await trx.insertInto('publications').values(row).execute();
  await recordChange(trx, {
    dossier,
    actor,
    type: 'response.published',
    subject: { table: 'publications', id: row.id, key: response.key },
    content: { response: response.key, publishedAt },
    recordedAt,
  });
  return { response: response.key, publishedAt };
}
