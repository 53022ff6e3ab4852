import { z } from 'zod';
import { Key } from '../shared/dossier-file.ts';
import type { ItemName } from '../shared/item-ref.ts';
import type { MeetingKind, MeetingReply } from '../shared/vocabulary.ts';
import { loadItemIndex, type ItemIndex } from './item-refs.ts';
import { requireDossier, type Db } from './lookup.ts';
import { itemVisible, meetingNotesVisible, meetingVisible } from './meeting-visibility.ts';
import { parseInput } from './parse-input.ts';
import type { Viewer } from './visibility.ts';

export const ListMeetingsInput = z.strictObject({ dossier: Key, meeting: Key.optional() });
export type ListMeetingsInput = z.input<typeof ListMeetingsInput>;

export interface MeetingView {
  key: string;
  title: string;
  kind: MeetingKind;
  /** Who asked, when (null when the record does not say), whom, and each reply. */
  request: {
    by: string;
    at: string | null;
    of: string[];
    replies: { party: string; reply: MeetingReply; at: string | null }[];
  } | null;
  place: string | null;
  startsAt: string | null;
  endsAt: string | null;
  /** Whether place, time, participants and agenda were fixed (not only asked for). */
  arranged: boolean;
  participants: ItemName[];
  /** The agenda items the viewer may see. */
  agenda: ItemName[];
  /** Outcome notes, when there are some and the viewer may read them. */
  notes: string | null;
  announcedAt: string | null;
  notesPublishedAt: string | null;
}

/** The meetings the viewer may see (DESIGN.md rule 1), in the order they were recorded. */
export async function listMeetings({
  trx,
  viewer,
  input,
  index,
}: {
  trx: Db;
  viewer?: Viewer;
  input: ListMeetingsInput;
  index?: ItemIndex;
}): Promise<MeetingView[]> {
  const data = parseInput(ListMeetingsInput, input);
  const dossier = await requireDossier(trx, data.dossier, viewer);
  const names = index ?? (await loadItemIndex(trx, dossier.id));
  const meetings = await trx
    .selectFrom('meetings')
    .leftJoin('meeting_arrangements as a', 'a.meeting_id', 'meetings.id')
    .leftJoin('meeting_requests as r', 'r.meeting_id', 'meetings.id')
    .leftJoin('parties as rp', 'rp.id', 'r.requested_by_party_id')
    .select([
      'meetings.id',
      'meetings.key',
      'meetings.title',
      'meetings.kind',
      'a.id as arrangement_id',
      'a.place',
      'a.starts_at',
      'a.ends_at',
      'r.id as request_id',
      'r.requested_at',
      'rp.key as requested_by',
    ])
    .where('meetings.dossier_id', '=', dossier.id)
    .where(meetingVisible(viewer, 'meetings.id'))
    .$if(data.meeting !== undefined, (q) => q.where('meetings.key', '=', data.meeting!))
    .orderBy('meetings.id')
    .execute();
  if (meetings.length === 0) return [];
  const ids = meetings.map((m) => m.id);
  const requestIds = meetings.flatMap((m) => (m.request_id ? [m.request_id] : []));

  const asked = requestIds.length
    ? await trx
        .selectFrom('meeting_request_addressees as ma')
        .innerJoin('parties', 'parties.id', 'ma.party_id')
        .select(['ma.request_id', 'parties.key'])
        .where('ma.request_id', 'in', requestIds)
        .orderBy('ma.request_id')
        .orderBy('ma.ordinal')
        .execute()
    : [];
  const replies = requestIds.length
    ? await trx
        .selectFrom('meeting_replies as mr')
        .innerJoin('parties', 'parties.id', 'mr.party_id')
        .select(['mr.request_id', 'parties.key', 'mr.reply', 'mr.replied_at'])
        .where('mr.request_id', 'in', requestIds)
        .orderBy('mr.id')
        .execute()
    : [];
  const refs = await trx
    .selectFrom('item_refs')
    .select(['owner_id', 'role', 'kind', 'item_id', 'point_key'])
    .where('owner_id', 'in', ids)
    .where('role', 'in', ['participant', 'agenda'])
    .where(itemVisible(viewer, 'item_refs.kind', 'item_refs.item_id'))
    .orderBy('owner_id')
    .orderBy('role')
    .orderBy('ordinal')
    .execute();
  const notes = await trx
    .selectFrom('meeting_notes')
    .select(['meeting_id', 'text'])
    .where('meeting_id', 'in', ids)
    .where(meetingNotesVisible(viewer, 'meeting_notes.meeting_id'))
    .execute();
  const publications = await trx
    .selectFrom('meeting_publications')
    .select(['meeting_id', 'subject', 'published_at'])
    .where('meeting_id', 'in', ids)
    .where((eb) =>
      eb.or([
        eb('subject', '=', 'meeting'),
        eb.and([eb('subject', '=', 'notes'), meetingNotesVisible(viewer, 'meeting_publications.meeting_id')]),
      ]),
    )
    .execute();

  return meetings.map((m) => {
    const published = (subject: string) =>
      publications.find((p) => p.meeting_id === m.id && p.subject === subject)?.published_at ?? null;
    const refsOf = (role: string) =>
      refs
        .filter((r) => r.owner_id === m.id && r.role === role)
        .map((r) => names.name(r.kind, r.item_id, r.point_key));
    return {
      key: m.key,
      title: m.title,
      kind: m.kind as MeetingKind,
      request:
        m.request_id === null
          ? null
          : {
              by: m.requested_by!,
              at: m.requested_at,
              of: asked.filter((a) => a.request_id === m.request_id).map((a) => a.key),
              replies: replies
                .filter((r) => r.request_id === m.request_id)
                .map((r) => ({ party: r.key, reply: r.reply as MeetingReply, at: r.replied_at })),
            },
      place: m.place,
      startsAt: m.starts_at,
      endsAt: m.ends_at,
      arranged: m.arrangement_id !== null,
      participants: refsOf('participant'),
      agenda: refsOf('agenda'),
      notes: notes.find((n) => n.meeting_id === m.id)?.text ?? null,
      announcedAt: published('meeting'),
      notesPublishedAt: published('notes'),
    };
  });
}
