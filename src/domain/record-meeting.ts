import { type Problem } from '../shared/app-error.ts';
import { MeetingFile } from '../shared/dossier-file.ts';
import { ALLOWED } from '../shared/item-ref.ts';
import type { Actor } from './actor.ts';
import { arrangeMeeting } from './arrange-meeting.ts';
import { refuseProblems, resolveRefs } from './item-refs.ts';
import { requireDossier, type Db } from './lookup.ts';
import { isArranged, meetingShapeProblems } from './meeting-rules.ts';
import { parseInput } from './parse-input.ts';
import { publishMeeting } from './publish-meeting.ts';
import { recordMeetingNotes } from './record-meeting-notes.ts';
import { replyToMeetingRequest } from './reply-to-meeting-request.ts';
import { requestMeeting } from './request-meeting.ts';

export const RecordMeetingInput = MeetingFile.extend({ dossier: MeetingFile.shape.key });
export type RecordMeetingInput = typeof RecordMeetingInput._input;

/**
 * Records a whole meeting as a dossier file gives it — its request, the replies, where and when it
 * took place, its notes and their publication — through the use cases of each step, so that each
 * is its own row and its own ledger entry, as if recorded when it happened.
 */
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
  const problems: Problem[] = [];
  const participants = await resolveRefs(
    trx,
    dossier.id,
    data.participants ?? [],
    ALLOWED.participant,
    'participants',
    problems,
  );
  for (const p of meetingShapeProblems(data)) problems.push(p);
  refuseProblems(problems);

  const key = data.key;
  if (data.requestedBy !== undefined) {
    const requestedOf =
      data.requestedOf ??
      participants.filter((p) => p.kind === 'party' && p.key !== data.requestedBy).map((p) => p.key);
    if (requestedOf.length === 0) {
      refuseProblems([{ path: 'requestedOf', message: 'is required when no other party takes part' }]);
    }
    await requestMeeting({
      trx,
      actor,
      input: {
        dossier: dossier.key,
        key,
        title: data.title,
        kind: data.kind,
        requestedBy: data.requestedBy,
        ...(data.requestedAt !== undefined && { requestedAt: data.requestedAt }),
        requestedOf,
      },
    });
    const replies =
      data.replies ??
      (data.acceptedAt !== undefined
        ? requestedOf.map((party) => ({ party, reply: 'accepted' as const, at: data.acceptedAt! }))
        : data.declinedAt !== undefined
          ? requestedOf.map((party) => ({ party, reply: 'declined' as const, at: data.declinedAt! }))
          : []);
    for (const r of replies) {
      await replyToMeetingRequest({
        trx,
        actor,
        input: { dossier: dossier.key, meeting: key, party: r.party, reply: r.reply, repliedAt: r.at },
      });
    }
  }
  if (isArranged(data)) {
    await arrangeMeeting({
      trx,
      actor,
      input: {
        dossier: dossier.key,
        key,
        ...(data.requestedBy === undefined && { title: data.title, kind: data.kind }),
        ...(data.place !== undefined && { place: data.place }),
        ...(data.startsAt !== undefined && { startsAt: data.startsAt }),
        ...(data.endsAt !== undefined && { endsAt: data.endsAt }),
        participants: data.participants ?? [],
        agenda: data.agenda ?? [],
      },
    });
  }
  if (data.notes !== undefined) {
    await recordMeetingNotes({
      trx,
      actor,
      input: { dossier: dossier.key, meeting: key, notes: data.notes },
    });
  }
  if (data.announcedAt !== undefined) {
    await publishMeeting({
      trx,
      actor,
      input: { dossier: dossier.key, meeting: key, subject: 'meeting', publishedAt: data.announcedAt },
    });
  }
  if (data.notesPublishedAt !== undefined) {
    await publishMeeting({
      trx,
      actor,
      input: { dossier: dossier.key, meeting: key, subject: 'notes', publishedAt: data.notesPublishedAt },
    });
  }
  return { meeting: key };
}
