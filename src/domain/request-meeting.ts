import { z } from 'zod';
import { AppError, type Problem } from '../shared/app-error.ts';
import { Instant, Key } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import { MeetingKind } from '../shared/vocabulary.ts';
import { actsAs, type Actor } from './actor.ts';
import { eventInstant, now } from './clock.ts';
import { definedOnly, refuseProblems } from './item-refs.ts';
import { requireDossier, requireParty, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';

export const RequestMeetingInput = z.strictObject({
  dossier: Key,
  key: Key,
  title: z.string().min(1).max(1000),
  kind: MeetingKind,
  requestedBy: Key,
  /** When the party asked; absent when the record does not say (an import of what happened elsewhere). */
  requestedAt: Instant.optional(),
  requestedOf: z.array(Key).min(1),
});
export type RequestMeetingInput = z.input<typeof RequestMeetingInput>;

/**
 * Records that a party asked others for a meeting. The meeting exists from then on, before it is
 * accepted, declined or fixed; only the asking party may record its own request.
 */
export async function requestMeeting({
  trx,
  actor,
  input,
  recordedAt = now(),
}: {
  trx: Db;
  actor: Actor;
  input: RequestMeetingInput;
  /** Set by recordMeeting so that a request known only to have happened sorts before its reply. */
  recordedAt?: string;
}) {
  const data = parseInput(RequestMeetingInput, input);
  const dossier = await requireDossier(trx, data.dossier);
  if (!actsAs(actor, data.requestedBy)) {
    throw new AppError('actor.forbidden', `only party "${data.requestedBy}" may record its own request`);
  }
  const requester = await requireParty(trx, dossier.id, data.requestedBy);
  const requestedAt =
    data.requestedAt === undefined ? null : eventInstant('requestedAt', data.requestedAt, recordedAt);
  const problems: Problem[] = [];
  const asked: { id: string; key: string }[] = [];
  for (const [i, key] of data.requestedOf.entries()) {
    const party = await trx
      .selectFrom('parties')
      .select(['id', 'key'])
      .where('dossier_id', '=', dossier.id)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!party) problems.push({ path: `requestedOf[${i}]`, message: `no party "${key}" in this dossier` });
    else if (party.id === requester.id)
      problems.push({ path: `requestedOf[${i}]`, message: 'a party does not ask itself' });
    else if (asked.some((a) => a.id === party.id))
      problems.push({ path: `requestedOf[${i}]`, message: `party "${key}" is listed twice` });
    else asked.push(party);
  }
  const clash = await trx
    .selectFrom('meetings')
    .select('id')
    .where('dossier_id', '=', dossier.id)
    .where('key', '=', data.key)
    .executeTakeFirst();
  if (clash) problems.push({ path: 'key', message: `a meeting "${data.key}" already exists` });
  refuseProblems(problems);

  const meeting = {
    id: newId(),
    dossier_id: dossier.id,
    key: data.key,
    title: data.title,
    kind: data.kind,
    recorded_at: recordedAt,
  };
  await trx.insertInto('meetings').values(meeting).execute();
  const request = {
    id: newId(),
    meeting_id: meeting.id,
    requested_by_party_id: requester.id,
    requested_at: requestedAt,
    recorded_at: recordedAt,
  };
  await trx.insertInto('meeting_requests').values(request).execute();
  await trx
    .insertInto('meeting_request_addressees')
    .values(asked.map((p, ordinal) => ({ request_id: request.id, party_id: p.id, ordinal })))
    .execute();
  const { dossier: _dossier, ...content } = data;
  await recordChange(trx, {
    dossier,
    actor,
    type: 'meeting.requested',
    subject: { table: 'meeting_requests', id: request.id, key: meeting.key },
    content: definedOnly({ ...content, requestedAt }),
    recordedAt,
  });
  return {
    meeting: meeting.key,
    requestedBy: requester.key,
    requestedAt,
    requestedOf: asked.map((p) => p.key),
  };
}
