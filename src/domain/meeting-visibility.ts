import { sql, type Expression, type SqlBool } from 'kysely';
import { deliveryVisible, documentVisible, responseVisible, type Viewer } from './visibility.ts';

// Visibility of meetings, statements, references and links (DESIGN.md rule 1), as SQL for the
// WHERE clause of the query that reads, like visibility.ts. `ref` arguments name outer columns.

const TRUE = sql<SqlBool>`1 = 1`;

function partyIn(viewer: Viewer, ref: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(ref)} in (${sql.join(viewer.partyIds)})`;
}

/** The viewer's parties take part: listed as participants, or through a participating person. */
function participates(viewer: Viewer, meetingIdRef: string): Expression<SqlBool> {
  return sql<SqlBool>`(exists (select 1 from item_refs vr where vr.owner_id = ${sql.ref(meetingIdRef)}
      and vr.role = 'participant' and vr.kind = 'party' and ${partyIn(viewer, 'vr.item_id')})
    or exists (select 1 from item_refs vr inner join people vpp on vpp.id = vr.item_id
      where vr.owner_id = ${sql.ref(meetingIdRef)} and vr.role = 'participant' and vr.kind = 'person'
      and ${partyIn(viewer, 'vpp.party_id')}))`;
}

function published(meetingIdRef: string, subject: 'meeting' | 'notes'): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from meeting_publications vmp
    where vmp.meeting_id = ${sql.ref(meetingIdRef)} and vmp.subject = ${subject})`;
}

/**
 * A meeting (with its request, replies, arrangement) is visible to the parties involved — the one
 * that asked, those asked, those taking part — and to everyone once announced.
 */
export function meetingVisible(viewer: Viewer | undefined, meetingIdRef: string): Expression<SqlBool> {
  if (!viewer) return TRUE;
  if (viewer.partyIds.length === 0) return published(meetingIdRef, 'meeting');
  return sql<SqlBool>`(${published(meetingIdRef, 'meeting')}
    or exists (select 1 from meeting_requests vmr where vmr.meeting_id = ${sql.ref(meetingIdRef)}
      and ${partyIn(viewer, 'vmr.requested_by_party_id')})
    or exists (select 1 from meeting_requests vmr
      inner join meeting_request_addressees vma on vma.request_id = vmr.id
      where vmr.meeting_id = ${sql.ref(meetingIdRef)} and ${partyIn(viewer, 'vma.party_id')})
    or ${participates(viewer, meetingIdRef)})`;
}

/** Outcome notes follow document rules: the participating parties only, until published. */
export function meetingNotesVisible(viewer: Viewer | undefined, meetingIdRef: string): Expression<SqlBool> {
  if (!viewer) return TRUE;
  if (viewer.partyIds.length === 0) return published(meetingIdRef, 'notes');
  return sql<SqlBool>`(${published(meetingIdRef, 'notes')} or ${participates(viewer, meetingIdRef)})`;
}

/**
 * An item named by a reference (`kind`, `item_id` columns) is visible by its own rule: a document
 * or point as its document, a delivery, response or meeting as theirs; parties, people and
 * statements (public remarks) to everyone who sees the dossier.
 */
export function itemVisible(
  viewer: Viewer | undefined,
  kindRef: string,
  itemIdRef: string,
): Expression<SqlBool> {
  if (!viewer) return TRUE;
  const kind = sql.ref(kindRef);
  const id = sql.ref(itemIdRef);
  return sql<SqlBool>`(${kind} in ('party', 'person', 'statement')
    or (${kind} in ('document', 'point') and exists (select 1 from documents vid
      where vid.id = ${id} and ${documentVisible(viewer, 'vid.id', 'vid.author_party_id')}))
    or (${kind} = 'delivery' and exists (select 1 from deliveries vidl
      inner join versions vidv on vidv.id = vidl.version_id
      inner join documents vidd on vidd.id = vidv.document_id
      where vidl.id = ${id} and ${deliveryVisible(viewer, 'vidl.id', 'vidd.author_party_id')}))
    or (${kind} = 'response' and exists (select 1 from responses vir
      inner join deliveries virl on virl.id = vir.delivery_id
      inner join versions virv on virv.id = virl.version_id
      inner join documents vird on vird.id = virv.document_id
      where vir.id = ${id} and ${deliveryVisible(viewer, 'virl.id', 'vird.author_party_id')}
      and ${responseVisible(viewer, 'vir.id', 'vir.party_id', 'vird.author_party_id')}))
    or (${kind} = 'meeting' and ${meetingVisible(viewer, itemIdRef)}))`;
}

/** Every reference a meeting or statement makes (`ownerRef`) names something the viewer may see. */
function allRefsVisible(viewer: Viewer, ownerRef: string): Expression<SqlBool> {
  return sql<SqlBool>`not exists (select 1 from item_refs xir where xir.owner_id = ${sql.ref(ownerRef)}
    and not ${itemVisible(viewer, 'xir.kind', 'xir.item_id')})`;
}

/**
 * Which ledger entries of meetings, statements and links a viewer may read, as SQL on the entries
 * table aliased `e` (for domain/ledger-visibility.ts). An entry reveals what was recorded, as it
 * was written, so it is visible when its item is and everything it names is: an arrangement whose
 * agenda holds a delivery the viewer may not see, or a link to a hidden item, stays hidden.
 */
export function storyEntryVisible(viewer: Viewer): Expression<SqlBool> {
  return sql<SqlBool>`((e.subject_table = 'meeting_requests' and exists (select 1 from meeting_requests xmr
      where xmr.id = e.subject_id and ${meetingVisible(viewer, 'xmr.meeting_id')}))
    or (e.subject_table = 'meeting_replies' and exists (select 1 from meeting_replies xmy
      inner join meeting_requests xmyr on xmyr.id = xmy.request_id
      where xmy.id = e.subject_id and ${meetingVisible(viewer, 'xmyr.meeting_id')}))
    or (e.subject_table = 'meeting_arrangements' and exists (select 1 from meeting_arrangements xma
      where xma.id = e.subject_id and ${meetingVisible(viewer, 'xma.meeting_id')}
      and ${allRefsVisible(viewer, 'xma.meeting_id')}))
    or (e.subject_table = 'meeting_notes' and exists (select 1 from meeting_notes xmn
      where xmn.id = e.subject_id and ${meetingNotesVisible(viewer, 'xmn.meeting_id')}))
    or (e.subject_table = 'meeting_publications' and exists (select 1 from meeting_publications xmp
      where xmp.id = e.subject_id and (
        (xmp.subject = 'meeting' and ${meetingVisible(viewer, 'xmp.meeting_id')})
        or (xmp.subject = 'notes' and ${meetingNotesVisible(viewer, 'xmp.meeting_id')}))))
    or (e.subject_table = 'statements' and exists (select 1 from statements xs
      where xs.id = e.subject_id and ${allRefsVisible(viewer, 'xs.id')}))
    or (e.subject_table = 'links' and exists (select 1 from links xk
      where xk.id = e.subject_id and ${itemVisible(viewer, 'xk.from_kind', 'xk.from_id')}
      and ${itemVisible(viewer, 'xk.to_kind', 'xk.to_id')})))`;
}
