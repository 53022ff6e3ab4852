import type { z } from 'zod';
import type * as Api from '../../shared/api.ts';
import type * as Story from '../../shared/api-story.ts';
import type * as Ledger from '../../shared/api-ledger.ts';
import type * as Vocabulary from '../../shared/vocabulary.ts';

// The API's shapes, taken from the schemas the server validates its responses with: a changed
// schema breaks this build, not a page. Only types cross over; no schema code reaches the browser.

export type Problem = z.infer<typeof Api.Problem>;
export type Session = z.infer<typeof Api.Session>;
export type DossierSummary = z.infer<typeof Api.DossierSummary>;
export type Dossier = z.infer<typeof Api.Dossier>;
export type Document = z.infer<typeof Api.Document>;
export type Version = z.infer<typeof Api.Version>;
export type VersionPoint = Version['points'][number];
export type Delivery = z.infer<typeof Api.Delivery>;
export type Draft = z.infer<typeof Api.Draft>;
export type DraftPoint = Draft['points'][number];
export type DraftAnswer = NonNullable<DraftPoint['answer']>;
export type SavedDraftAnswer = z.infer<typeof Api.SavedDraftAnswer>;
export type SaveDraftAnswerBody = z.infer<typeof Api.SaveDraftAnswerBody>;
export type SubmitResponseBody = z.infer<typeof Api.SubmitResponseBody>;
export type ResponseSummary = z.infer<typeof Api.ResponseSummary>;
export type Response = z.infer<typeof Api.Response>;
export type Answer = Response['answers'][number];
export type Submission = z.infer<typeof Api.Submission>;
export type Matrix = z.infer<typeof Api.Matrix>;
export type MatrixDelivery = Matrix['deliveries'][number];
export type MatrixAddressee = MatrixDelivery['addressees'][number];
export type Meeting = z.infer<typeof Story.Meeting>;
export type Statement = z.infer<typeof Story.Statement>;
export type ItemName = z.infer<typeof Story.ItemName>;
export type Link = z.infer<typeof Story.Link>;
export type Timeline = z.infer<typeof Story.Timeline>;
export type TimelineEntry = Timeline['entries'][number];
export type Stats = z.infer<typeof Story.Stats>;
export type ResponseProof = z.infer<typeof Api.ResponseProof>;
export type LedgerKey = z.infer<typeof Ledger.LedgerKey>;
export type LedgerCheckpoint = z.infer<typeof Ledger.LedgerCheckpoint>;
export type LedgerEntry = z.infer<typeof Ledger.LedgerEntry>;
export type LedgerEntries = z.infer<typeof Ledger.LedgerEntries>;
export type RevealedLedgerEntry = LedgerEntries['entries'][number];
export type LedgerInclusionProof = z.infer<typeof Ledger.LedgerInclusionProof>;
export type LedgerConsistencyProof = z.infer<typeof Ledger.LedgerConsistencyProof>;

export type Position = Vocabulary.Position;
export type AddresseeStatus = Vocabulary.AddresseeStatus;
export type DocumentKind = Vocabulary.DocumentKind;
export type MeetingKind = Vocabulary.MeetingKind;
export type StatementMedium = Vocabulary.StatementMedium;

/** Every value of a union, checked both ways: a value added on the server fails this build. */
function allOf<T extends string>() {
  return <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)) => list;
}

export const POSITIONS = allOf<Position>()([
  'accept',
  'accept_with_changes',
  'reject',
  'counter_proposal',
  'clarification_requested',
  'deferred',
  'no_position',
]);

export const STATUSES = allOf<AddresseeStatus>()([
  'pending',
  'partial',
  'answered',
  'answered_late',
  'overdue',
]);

/** Positions that need a proposed text (mirrors `POSITIONS_WITH_PROPOSED_TEXT` on the server). */
export const NEEDS_PROPOSED_TEXT: ReadonlySet<Position> = new Set<Position>([
  'accept_with_changes',
  'counter_proposal',
]);
/** Positions that need a text of their own: every one but `accept`. */
export const needsText = (p: Position) => p !== 'accept';

export type TimelineKind = Vocabulary.TimelineKind;
export const TIMELINE_KINDS = allOf<TimelineKind>()([
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
