import { AppError, type Problem } from '../shared/app-error.ts';
import { MeetingFile } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import type { Actor } from './actor.ts';
import { anyInstant, eventInstant, now } from './clock.ts';
import { unknownKeys } from './item-keys.ts';
import { requireDossier, requireParty, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';

export const RecordMeetingInput = MeetingFile.extend({ dossier: MeetingFile.shape.key });
export type RecordMeetingInput = typeof RecordMeetingInput._input;

/** Records talks, a consultation, a plenary or a briefing, and who asked for it. */
export async function recordMeeting({
  trx,
  actor,
  input,
}: {
  trx: Db;
  actor: Actor;
  input: RecordMeetingInput;
}) {
  const data = parseInput(RecordMeetingInput, input);
  const dossier = await requireDossier(trx, data.dossier);
  const requestedBy = data.requestedBy ? await requireParty(trx, dossier.id, data.requestedBy) : null;
  const problems: Problem[] = [];
  for (const u of await unknownKeys(trx, dossier.id, data.participants, ['parties', 'people'])) {
    problems.push({
      path: `participants[${u.index}]`,
      message: `no party or person "${u.key}" in this dossier`,
    });
  }
  for (const u of await unknownKeys(trx, dossier.id, data.agenda ?? [], [
    'documents',
    'deliveries',
    'points',
  ])) {
    problems.push({
      path: `agenda[${u.index}]`,
      message: `no document, delivery or point "${u.key}" in this dossier`,
    });
  }
  const recordedAt = now();
  const startsAt = data.startsAt === undefined ? null : anyInstant('startsAt', data.startsAt);
  const endsAt = data.endsAt === undefined ? null : anyInstant('endsAt', data.endsAt);
  const requestedAt =
    data.requestedAt === undefined ? null : eventInstant('requestedAt', data.requestedAt, recordedAt);
  const acceptedAt =
    data.acceptedAt === undefined ? null : eventInstant('acceptedAt', data.acceptedAt, recordedAt);
  if (startsAt && endsAt && endsAt < startsAt)
    problems.push({ path: 'endsAt', message: 'is before startsAt' });
  if (requestedAt && acceptedAt && acceptedAt < requestedAt)
    problems.push({ path: 'acceptedAt', message: 'is before requestedAt' });
  if (problems.length > 0) {
    throw new AppError('input.invalid', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  }
  const clash = await trx
    .selectFrom('meetings')
    .select('id')
    .where('dossier_id', '=', dossier.id)
    .where('key', '=', data.key)
    .executeTakeFirst();
  if (clash)
    throw new AppError('input.invalid', `a meeting "${data.key}" already exists in this dossier`, [
      { path: 'key', message: `a meeting "${data.key}" already exists` },
    ]);
  const row = {
    id: newId(),
    dossier_id: dossier.id,
    key: data.key,
    title: data.title,
    kind: data.kind,
    place: data.place ?? null,
    starts_at: startsAt,
    ends_at: endsAt,
    requested_by_party_id: requestedBy?.id ?? null,
    requested_at: requestedAt,
    accepted_at: acceptedAt,
    participants: JSON.stringify(data.participants),
    agenda: JSON.stringify(data.agenda ?? []),
    notes: data.notes ?? null,
    recorded_at: recordedAt,
  };
  await trx.insertInto('meetings').values(row).execute();
  const { dossier: _dossier, ...content } = data;
  await recordChange(trx, {
    dossier,
    actor,
    type: 'meeting.recorded',
    subject: { table: 'meetings', id: row.id, key: row.key },
    content,
    recordedAt,
  });
  return row;
}
