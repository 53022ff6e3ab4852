import { z } from 'zod';
import { AppError, type Problem } from '../shared/app-error.ts';
import { Instant, ItemRef, Key } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import { ALLOWED } from '../shared/item-ref.ts';
import { MeetingKind } from '../shared/vocabulary.ts';
import type { Actor } from './actor.ts';
import { anyInstant, now } from './clock.ts';
import { definedOnly, inputInvalid, insertItemRefs, refuseProblems, resolveRefs } from './item-refs.ts';
import { askedParties } from './meeting-lookup.ts';
import { requireDossier, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import type { Viewer } from './visibility.ts';
import { recordChange } from './record-change.ts';

export const ArrangeMeetingInput = z.strictObject({
  dossier: Key,
  /** A meeting requested earlier, or a new one (then `title` and `kind` are needed). */
  key: Key,
  title: z.string().min(1).max(1000).optional(),
  kind: MeetingKind.optional(),
  place: z.string().min(1).max(1000).optional(),
  startsAt: Instant.optional(),
  endsAt: Instant.optional(),
  /** Parties and people taking part. */
  participants: z.array(ItemRef).max(1000),
  /** Documents, points and deliveries to be discussed. */
  agenda: z.array(ItemRef).max(10_000).optional(),
});
export type ArrangeMeetingInput = z.input<typeof ArrangeMeetingInput>;

/**
 * Fixes where and when a meeting takes place, who takes part and what is on its agenda: a meeting
 * asked for earlier (unless every party asked declined), or one recorded without a request. A
 * meeting is arranged once. A party may arrange only a meeting it takes part in or asked for.
 */
export async function arrangeMeeting({
  trx,
  actor,
  input,
  recordedAt = now(),
  viewer,
}: {
  trx: Db;
  actor: Actor;
  input: ArrangeMeetingInput;
  recordedAt?: string;
  /** Resolve participants and agenda among what this viewer sees (a member over the API). */
  viewer?: Viewer;
}) {
  const data = parseInput(ArrangeMeetingInput, input);
  const dossier = await requireDossier(trx, data.dossier);
  const problems: Problem[] = [];
  const participants = await resolveRefs(
    trx,
    dossier.id,
    data.participants,
    ALLOWED.participant,
    'participants',
    problems,
    viewer,
  );
  const agenda = await resolveRefs(
    trx,
    dossier.id,
    data.agenda ?? [],
    ALLOWED.agenda,
    'agenda',
    problems,
    viewer,
  );
  const startsAt = data.startsAt === undefined ? null : anyInstant('startsAt', data.startsAt);
  const endsAt = data.endsAt === undefined ? null : anyInstant('endsAt', data.endsAt);
  if (startsAt && endsAt && endsAt < startsAt)
    problems.push({ path: 'endsAt', message: 'is before startsAt' });

  let meeting = await trx
    .selectFrom('meetings')
    .leftJoin('meeting_requests', 'meeting_requests.meeting_id', 'meetings.id')
    .leftJoin('parties', 'parties.id', 'meeting_requests.requested_by_party_id')
    .select([
      'meetings.id',
      'meetings.key',
      'meeting_requests.id as request_id',
      'parties.key as requested_by',
    ])
    .where('meetings.dossier_id', '=', dossier.id)
    .where('meetings.key', '=', data.key)
    .executeTakeFirst();
  if (meeting) {
    const arranged = await trx
      .selectFrom('meeting_arrangements')
      .select('id')
      .where('meeting_id', '=', meeting.id)
      .executeTakeFirst();
    if (arranged) problems.push({ path: 'key', message: `meeting "${data.key}" is already arranged` });
    if (meeting.request_id !== null) {
      const asked = await askedParties(trx, meeting.request_id);
      const declined = await trx
        .selectFrom('meeting_replies')
        .select('party_id')
        .where('request_id', '=', meeting.request_id)
        .where('reply', '=', 'declined')
        .execute();
      if (asked.length > 0 && declined.length === asked.length)
        problems.push({ path: 'key', message: `every party asked declined meeting "${data.key}"` });
    }
  } else {
    if (data.title === undefined) problems.push({ path: 'title', message: 'is required for a new meeting' });
    if (data.kind === undefined) problems.push({ path: 'kind', message: 'is required for a new meeting' });
  }
  refuseProblems(problems);

  if (actor.kind === 'party') {
    const partyKeys = new Set<string>();
    for (const p of participants) {
      if (p.kind === 'party') partyKeys.add(p.key);
      else {
        const person = await trx
          .selectFrom('people')
          .innerJoin('parties', 'parties.id', 'people.party_id')
          .select('parties.key')
          .where('people.id', '=', p.id)
          .executeTakeFirst();
        if (person) partyKeys.add(person.key);
      }
    }
    if (meeting?.requested_by) partyKeys.add(meeting.requested_by);
    if (!partyKeys.has(actor.party)) {
      throw new AppError(
        'actor.forbidden',
        'a party may arrange only a meeting it takes part in or asked for',
      );
    }
  }

  if (!meeting) {
    const row = {
      id: newId(),
      dossier_id: dossier.id,
      key: data.key,
      title: data.title!,
      kind: data.kind!,
      recorded_at: recordedAt,
    };
    await trx.insertInto('meetings').values(row).execute();
    meeting = { id: row.id, key: row.key, request_id: null, requested_by: null };
  } else if (data.title !== undefined || data.kind !== undefined) {
    throw inputInvalid('title', 'a requested meeting keeps the title and kind it was requested with');
  }
  const arrangement = {
    id: newId(),
    meeting_id: meeting.id,
    place: data.place ?? null,
    starts_at: startsAt,
    ends_at: endsAt,
    recorded_at: recordedAt,
  };
  await trx.insertInto('meeting_arrangements').values(arrangement).execute();
  await insertItemRefs(trx, meeting.id, 'participant', participants);
  await insertItemRefs(trx, meeting.id, 'agenda', agenda);
  const { dossier: _dossier, ...content } = data;
  await recordChange(trx, {
    dossier,
    actor,
    type: 'meeting.arranged',
    subject: { table: 'meeting_arrangements', id: arrangement.id, key: meeting.key },
    content: definedOnly(content),
    recordedAt,
  });
  return { meeting: meeting.key, place: arrangement.place, startsAt, endsAt };
}
