import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import { Key } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import { actsAs, type Actor } from './actor.ts';
import { now } from './clock.ts';
import { inputInvalid } from './item-refs.ts';
import { participatingParties, requireMeeting } from './meeting-lookup.ts';
import { requireDossier, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';

export const RecordMeetingNotesInput = z.strictObject({
  dossier: Key,
  meeting: Key,
  notes: z.string().min(1).max(1_000_000),
});
export type RecordMeetingNotesInput = z.input<typeof RecordMeetingNotesInput>;

/**
 * Records a meeting's outcome notes, once. They are seen by the participating parties only,
 * until published (publishMeeting with `notes`), like a document.
 */
export async function recordMeetingNotes({
  trx,
  actor,
  input,
  recordedAt = now(),
}: {
  trx: Db;
  actor: Actor;
  input: RecordMeetingNotesInput;
  recordedAt?: string;
}) {
  const data = parseInput(RecordMeetingNotesInput, input);
  const dossier = await requireDossier(trx, data.dossier);
  const meeting = await requireMeeting(trx, dossier.id, data.meeting);
  const parties = await participatingParties(trx, meeting.id);
  if (actor.kind === 'party' && !parties.some((p) => actsAs(actor, p))) {
    throw new AppError('actor.forbidden', 'only a participating party may record the outcome notes');
  }
  const earlier = await trx
    .selectFrom('meeting_notes')
    .select('id')
    .where('meeting_id', '=', meeting.id)
    .executeTakeFirst();
  if (earlier) throw inputInvalid('meeting', `meeting "${meeting.key}" already has outcome notes`);
  const row = { id: newId(), meeting_id: meeting.id, text: data.notes, recorded_at: recordedAt };
  await trx.insertInto('meeting_notes').values(row).execute();
  await recordChange(trx, {
    dossier,
    actor,
    type: 'meeting.notes_recorded',
    subject: { table: 'meeting_notes', id: row.id, key: meeting.key },
    content: { meeting: meeting.key, notes: data.notes },
    recordedAt,
  });
  return { meeting: meeting.key };
}
