/**
 * Table types. Every table is insert-only: history is never updated or deleted, and "current"
 * state (the latest draft answer, the latest response) is the newest row. Instants are stored
 * text (see shared/instant.ts); flags are 0/1 integers on both databases.
 */
export interface DossierTable {
  id: string;
  key: string;
  title: string;
  time_zone: string;
  created_at: string;
}

export interface PartyTable {
  id: string;
  dossier_id: string;
  key: string;
  name: string;
  created_at: string;
}

export interface PersonTable {
  id: string;
  dossier_id: string;
  key: string;
  name: string;
  title: string | null;
  party_id: string | null;
  created_at: string;
}

export interface DocumentTable {
  id: string;
  dossier_id: string;
  key: string;
  kind: string;
  author_party_id: string;
  title: string;
  created_at: string;
}

export interface VersionTable {
  id: string;
  dossier_id: string;
  document_id: string;
  number: number;
  /** When the version came to exist (the event), not when it was recorded. */
  created_at: string;
  recorded_at: string;
}

export interface PointTable {
  id: string;
  version_id: string;
  key: string;
  parent_key: string | null;
  /** Position in document order (pre-order over the tree), from 0. */
  ordinal: number;
  depth: number;
  label: string;
  heading: string | null;
  text: string | null;
  /** 1 when the point has text of its own and so demands an answer. */
  demands_answer: number;
}

export interface DeliveryTable {
  id: string;
  dossier_id: string;
  key: string;
  version_id: string;
  delivered_at: string;
  /** 1 when the delivery demands a written answer to every point. */
  has_demand: number;
  due_at: string | null;
  recorded_at: string;
}

export interface DeliveryAddresseeTable {
  delivery_id: string;
  party_id: string;
  ordinal: number;
}

export interface ResponseTable {
  id: string;
  dossier_id: string;
  key: string;
  delivery_id: string;
  party_id: string;
  submitted_at: string;
  /** 1 when the submitter said explicitly that the response is partial. */
  partial: number;
  /** The answers' positions, one character per point of the delivered version (domain/position-codes.ts). */
  positions: string;
  recorded_at: string;
}

export interface AnswerTable {
  response_id: string;
  point_key: string;
  ordinal: number;
  position: string;
  text: string | null;
  proposed_text: string | null;
  /** 1 when the answer was carried over unchanged from an answer to an earlier version. */
  carried: number;
}

export interface DraftAnswerTable {
  id: string;
  delivery_id: string;
  party_id: string;
  point_key: string;
  /** 1, 2, 3… per (delivery, party, point): the newest revision is the current draft. */
  revision: number;
  /** null clears the draft answer of this point. */
  position: string | null;
  text: string | null;
  proposed_text: string | null;
  saved_at: string;
  saved_by: string | null;
}

export interface PublicationTable {
  id: string;
  dossier_id: string;
  version_id: string | null;
  response_id: string | null;
  published_at: string;
  recorded_at: string;
}

/** A meeting's identity; its request, replies, arrangement, notes and publications are rows of their own. */
export interface MeetingTable {
  id: string;
  dossier_id: string;
  key: string;
  title: string;
  /** `talks`, `consultation`, `plenary`, `briefing`. */
  kind: string;
  recorded_at: string;
}

export interface MeetingRequestTable {
  id: string;
  meeting_id: string;
  requested_by_party_id: string;
  /** When the party asked; null when the record does not say. */
  requested_at: string | null;
  recorded_at: string;
}

export interface MeetingRequestAddresseeTable {
  request_id: string;
  party_id: string;
  ordinal: number;
}

export interface MeetingReplyTable {
  id: string;
  request_id: string;
  party_id: string;
  /** `accepted` or `declined`. */
  reply: string;
  replied_at: string | null;
  recorded_at: string;
}

export interface MeetingArrangementTable {
  id: string;
  meeting_id: string;
  place: string | null;
  starts_at: string | null;
  ends_at: string | null;
  recorded_at: string;
}

export interface MeetingNotesTable {
  id: string;
  meeting_id: string;
  text: string;
  recorded_at: string;
}

export interface MeetingPublicationTable {
  id: string;
  meeting_id: string;
  /** `meeting` (announced: everyone sees it) or `notes` (its outcome notes made public). */
  subject: string;
  published_at: string;
  recorded_at: string;
}

export interface StatementTable {
  id: string;
  dossier_id: string;
  key: string;
  speaker_id: string;
  /** The speaker's title and party when speaking. */
  speaker_title: string | null;
  speaker_party_id: string | null;
  said_at: string;
  medium: string;
  outlet: string | null;
  quote: string | null;
  summary: string | null;
  source_url: string | null;
  recorded_at: string;
}

/** A reference from a meeting or statement to an item of its dossier (shared/item-ref.ts). */
export interface ItemRefTable {
  owner_id: string;
  /** `participant`, `agenda` or `about`. */
  role: string;
  ordinal: number;
  /** An ItemKind; a point is its document's id plus `point_key`. */
  kind: string;
  item_id: string;
  point_key: string | null;
}

export interface LinkTable {
  id: string;
  dossier_id: string;
  type: string;
  from_kind: string;
  from_id: string;
  from_point: string | null;
  to_kind: string;
  to_id: string;
  to_point: string | null;
  recorded_at: string;
}

export interface LedgerHeadTable {
  dossier_id: string;
  size: number;
}

export interface LedgerEntryTable {
  dossier_id: string;
  leaf_index: number;
  entry: string;
  type: string;
  subject_table: string;
  subject_id: string;
  content: string;
  salt: string;
  recorded_at: string;
}

export interface LedgerNodeTable {
  dossier_id: string;
  level: number;
  node_index: number;
  hash: string;
}

export interface LedgerCheckpointTable {
  id: string;
  dossier_id: string;
  size: number;
  root_hash: string;
  note: string;
  signed_at: string;
}

export interface UserTable {
  id: string;
  email: string;
  name: string | null;
  is_admin: number;
  created_at: string;
}

export interface UserPasswordTable {
  id: string;
  user_id: string;
  hash: string;
  /** 1 for a one-time password: it signs in only to choose a new one. */
  temporary: number;
  set_at: string;
}

export interface MembershipTable {
  id: string;
  user_id: string;
  dossier_id: string;
  party_id: string;
  /** `lead`, `drafter` or `observer`. */
  role: string;
  created_at: string;
}

export interface MembershipEndTable {
  membership_id: string;
  ended_at: string;
}

export interface SessionTable {
  id: string;
  user_id: string;
  /** SHA-256 of the cookie's secret, hex; the secret itself is never stored. */
  secret_hash: string;
  created_at: string;
}

export interface SessionActivityTable {
  id: string;
  session_id: string;
  seen_at: string;
}

export interface SessionEndTable {
  session_id: string;
  ended_at: string;
  reason: string;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  dossier_id: string;
  party_id: string;
  name: string;
  /** SHA-256 of the token, hex. */
  secret_hash: string;
  created_at: string;
  expires_at: string | null;
}

export interface ApiTokenRevocationTable {
  token_id: string;
  revoked_at: string;
}

export interface IdempotencyKeyTable {
  id: string;
  user_id: string;
  key: string;
  request_hash: string;
  status: number;
  body: string;
  created_at: string;
}

export interface Database {
  dossiers: DossierTable;
  parties: PartyTable;
  people: PersonTable;
  documents: DocumentTable;
  versions: VersionTable;
  points: PointTable;
  deliveries: DeliveryTable;
  delivery_addressees: DeliveryAddresseeTable;
  responses: ResponseTable;
  answers: AnswerTable;
  draft_answers: DraftAnswerTable;
  publications: PublicationTable;
  meetings: MeetingTable;
  meeting_requests: MeetingRequestTable;
  meeting_request_addressees: MeetingRequestAddresseeTable;
  meeting_replies: MeetingReplyTable;
  meeting_arrangements: MeetingArrangementTable;
  meeting_notes: MeetingNotesTable;
  meeting_publications: MeetingPublicationTable;
  statements: StatementTable;
  item_refs: ItemRefTable;
  links: LinkTable;
  ledger_heads: LedgerHeadTable;
  ledger_entries: LedgerEntryTable;
  ledger_nodes: LedgerNodeTable;
  ledger_checkpoints: LedgerCheckpointTable;
  users: UserTable;
  user_passwords: UserPasswordTable;
  memberships: MembershipTable;
  membership_ends: MembershipEndTable;
  sessions: SessionTable;
  session_activity: SessionActivityTable;
  session_ends: SessionEndTable;
  api_tokens: ApiTokenTable;
  api_token_revocations: ApiTokenRevocationTable;
  idempotency_keys: IdempotencyKeyTable;
}
