import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import { Instant, Key } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import { MeetingReply } from '../shared/vocabulary.ts';
import { actsAs, type Actor } from './actor.ts';
import { eventInstant, now } from './clock.ts';
import { inputInvalid } from './item-refs.ts';
import { askedParties, requireMeeting } from './meeting-lookup.ts';
import { requireDossier, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';

export const ReplyToMeetingRequestInput = z.strictObject({
  dossier: Key,
  meeting: Key,
  party: Key,
  reply: MeetingReply,
  repliedAt: Instant.optional(),
});
export type ReplyToMeetingRequestInput = z.input<typeof ReplyToMeetingRequestInput>;

/**
 * Records a party's acceptance or declination of a meeting request. Only a party that was asked
 * replies, once, for itself; how long it took is `repliedAt - requestedAt`.
 */
export async function replyToMeetingRequest({
  trx,
  actor,
  input,
  recordedAt = now(),
}: {
  trx: Db;
  actor: Actor;
  input: ReplyToMeetingRequestInput;
  recordedAt?: string;
}) {
  const data = parseInput(ReplyToMeetingRequestInput, input);
  const dossier = await requireDossier(trx, data.dossier);
  if (!actsAs(actor, data.party)) {
    throw new AppError('actor.forbidden', `only party "${data.party}" may reply for itself`);
  }
  const meeting = await requireMeeting(trx, dossier.id, data.meeting);
  if (meeting.request_id === null) throw inputInvalid('meeting', `no one asked for meeting "${meeting.key}"`);
  const party = (await askedParties(trx, meeting.request_id)).find((p) => p.key === data.party);
  if (!party) throw inputInvalid('party', `party "${data.party}" was not asked for meeting "${meeting.key}"`);
  const earlier = await trx
    .selectFrom('meeting_replies')
    .select(['reply', 'replied_at'])
    .where('request_id', '=', meeting.request_id)
    .where('party_id', '=', party.id)
    .executeTakeFirst();
  if (earlier) {
    throw inputInvalid(
      'party',
      `party "${data.party}" already replied (${earlier.reply}); a reply is given once`,
    );
  }
  const repliedAt =
    data.repliedAt === undefined ? recordedAt : eventInstant('repliedAt', data.repliedAt, recordedAt);
  if (meeting.requested_at !== null && repliedAt < meeting.requested_at) {
    throw inputInvalid('repliedAt', `is before the request (${meeting.requested_at})`);
  }
  const row = {
    id: newId(),
    request_id: meeting.request_id,
    party_id: party.id,
    reply: data.reply,
    replied_at: repliedAt,
    recorded_at: recordedAt,
  };
  await trx.insertInto('meeting_replies').values(row).execute();
  await recordChange(trx, {
    dossier,
    actor,
    type: `meeting.${data.reply}`,
    subject: { table: 'meeting_replies', id: row.id, key: `${meeting.key}:${party.key}` },
    content: { meeting: meeting.key, party: party.key, reply: data.reply, repliedAt },
    recordedAt,
  });
  return { meeting: meeting.key, party: party.key, reply: data.reply, repliedAt };
}
