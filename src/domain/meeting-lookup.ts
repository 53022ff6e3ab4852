import { AppError } from '../shared/app-error.ts';
import type { Db } from './lookup.ts';

/** The meeting with `key` in the dossier, with its request (if any), or `input.invalid` naming `field`. */
export async function requireMeeting(db: Db, dossierId: string, key: string, field = 'meeting') {
  const row = await db
    .selectFrom('meetings')
    .leftJoin('meeting_requests', 'meeting_requests.meeting_id', 'meetings.id')
    .leftJoin('parties as requester', 'requester.id', 'meeting_requests.requested_by_party_id')
    .selectAll('meetings')
    .select([
      'meeting_requests.id as request_id',
      'meeting_requests.requested_at',
      'requester.key as requested_by',
    ])
    .where('meetings.dossier_id', '=', dossierId)
    .where('meetings.key', '=', key)
    .executeTakeFirst();
  if (!row) {
    throw new AppError('input.invalid', `${field}: no meeting "${key}" in this dossier`, [
      { path: field, message: `no meeting "${key}" in this dossier` },
    ]);
  }
  return row;
}

/** The keys of the parties taking part in a meeting: listed, or through a participating person. */
export async function participatingParties(db: Db, meetingId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('item_refs')
    .leftJoin('people', (j) => j.onRef('people.id', '=', 'item_refs.item_id'))
    .innerJoin('parties', (j) =>
      j.on((eb) =>
        eb.or([
          eb.and([eb('item_refs.kind', '=', 'party'), eb('parties.id', '=', eb.ref('item_refs.item_id'))]),
          eb.and([eb('item_refs.kind', '=', 'person'), eb('parties.id', '=', eb.ref('people.party_id'))]),
        ]),
      ),
    )
    .select('parties.key')
    .where('item_refs.owner_id', '=', meetingId)
    .where('item_refs.role', '=', 'participant')
    .orderBy('item_refs.ordinal')
    .execute();
  return [...new Set(rows.map((r) => r.key))];
}

/** The keys of the parties a meeting request asked. */
export async function askedParties(db: Db, requestId: string): Promise<{ id: string; key: string }[]> {
  return db
    .selectFrom('meeting_request_addressees')
    .innerJoin('parties', 'parties.id', 'meeting_request_addressees.party_id')
    .select(['parties.id', 'parties.key'])
    .where('meeting_request_addressees.request_id', '=', requestId)
    .orderBy('meeting_request_addressees.ordinal')
    .execute();
}
