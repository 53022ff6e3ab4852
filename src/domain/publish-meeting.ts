import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import { Instant, Key } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import { actsAs, type Actor } from './actor.ts';
import { eventInstant, now } from './clock.ts';
import { inputInvalid } from './item-refs.ts';
import { participatingParties, requireMeeting } from './meeting-lookup.ts';
import { requireDossier, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';

export const PublishMeetingInput = z.strictObject({
  dossier: Key,
  meeting: Key,
  /** `meeting`: announce it (everyone sees it, not its notes); `notes`: make its outcome notes public. */
  subject: z.enum(['meeting', 'notes']),
  publishedAt: Instant.optional(),
});
export type PublishMeetingInput = z.input<typeof PublishMeetingInput>;

/** Makes a meeting, or its outcome notes, public: once, irreversibly, by a party involved. */
export async function publishMeeting({
  trx,
  actor,
  input,
  recordedAt = now(),
}: {
  trx: Db;
  actor: Actor;
  input: PublishMeetingInput;
  recordedAt?: string;
}) {
  const data = parseInput(PublishMeetingInput, input);
  const dossier = await requireDossier(trx, data.dossier);
  const meeting = await requireMeeting(trx, dossier.id, data.meeting);
  const involved = await participatingParties(trx, meeting.id);
  if (meeting.requested_by) involved.push(meeting.requested_by);
  if (actor.kind === 'party' && !involved.some((p) => actsAs(actor, p))) {
    throw new AppError('publication.not_author', 'only a party involved in the meeting may make it public');
  }
  if (data.subject === 'notes') {
    const notes = await trx
      .selectFrom('meeting_notes')
      .select('id')
      .where('meeting_id', '=', meeting.id)
      .executeTakeFirst();
    if (!notes) throw inputInvalid('meeting', `meeting "${meeting.key}" has no outcome notes to publish`);
  }
  const already = await trx
    .selectFrom('meeting_publications')
    .select('published_at')
    .where('meeting_id', '=', meeting.id)
    .where('subject', '=', data.subject)
    .executeTakeFirst();
  if (already) {
    throw new AppError(
      'publication.exists',
      `${data.subject === 'notes' ? 'the notes of ' : ''}meeting "${meeting.key}" were made public at ${already.published_at}`,
    );
  }
  const publishedAt = eventInstant('publishedAt', data.publishedAt, recordedAt);
  const row = {
    id: newId(),
    meeting_id: meeting.id,
    subject: data.subject,
    published_at: publishedAt,
    recorded_at: recordedAt,
  };
  await trx.insertInto('meeting_publications').values(row).execute();
  await recordChange(trx, {
    dossier,
    actor,
    type: data.subject === 'meeting' ? 'meeting.announced' : 'meeting.notes_published',
    subject: { table: 'meeting_publications', id: row.id, key: meeting.key },
    content: { meeting: meeting.key, subject: data.subject, publishedAt },
    recordedAt,
  });
  return { meeting: meeting.key, subject: data.subject, publishedAt };
}
