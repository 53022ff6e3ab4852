import { z } from 'zod';

/** What a party can say about one point. */
export const Position = z.enum([
  'accept',
  'accept_with_changes',
  'reject',
  'counter_proposal',
  'clarification_requested',
  'deferred',
  'no_position',
]);
export type Position = z.infer<typeof Position>;

/** Positions that need a proposed replacement text. */
export const POSITIONS_WITH_PROPOSED_TEXT: readonly Position[] = ['accept_with_changes', 'counter_proposal'];

export const DocumentKind = z.enum([
  'proposal',
  'counter_proposal',
  'response_letter',
  'note',
  'publication',
  'other',
]);
export type DocumentKind = z.infer<typeof DocumentKind>;

export const MeetingKind = z.enum(['talks', 'consultation', 'plenary', 'briefing']);
export type MeetingKind = z.infer<typeof MeetingKind>;

/** How a meeting request was answered. */
export const MeetingReply = z.enum(['accepted', 'declined']);
export type MeetingReply = z.infer<typeof MeetingReply>;

/** Where a statement was made; `debate` is a speech in a parliament or assembly, as its record gives it. */
export const StatementMedium = z.enum(['interview', 'press_conference', 'briefing', 'written', 'debate']);
export type StatementMedium = z.infer<typeof StatementMedium>;

export const LinkType = z.enum(['responds_to', 'supersedes', 'mentions', 'related']);
export type LinkType = z.infer<typeof LinkType>;

/** Status of one addressee of a delivery at a moment (DESIGN.md rule 3). */
export const AddresseeStatus = z.enum(['pending', 'partial', 'answered', 'answered_late', 'overdue']);
export type AddresseeStatus = z.infer<typeof AddresseeStatus>;

/** The kinds of event on a dossier's timeline. */
export const TimelineKind = z.enum([
  'version',
  'delivery',
  'publication',
  'meeting_requested',
  'meeting_accepted',
  'meeting_declined',
  'meeting_announced',
  'meeting',
  'meeting_notes_published',
  'statement',
  'response',
  'deadline_met',
  'deadline_missed',
]);
export type TimelineKind = z.infer<typeof TimelineKind>;
