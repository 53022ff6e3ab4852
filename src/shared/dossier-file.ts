import { z } from 'zod';
import { parseInstant } from './instant.ts';
import {
  DocumentKind,
  LinkType,
  MeetingKind,
  MeetingReply,
  Position,
  StatementMedium,
} from './vocabulary.ts';

/**
 * The `pointwise-dossier/1` file: a whole dossier in one JSON document. This schema is the one
 * source of truth; `schema/pointwise-dossier-1.schema.json` is generated from it.
 */
export const FORMAT = 'pointwise-dossier/1';

export const Key = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, {
    message: 'must be a key: letters, digits, _ . : - (starting with a letter or digit)',
  })
  .meta({ id: 'Key', description: 'Names an item within its kind in the dossier, e.g. `art_4__para_2`.' });

export const Instant = z
  .string()
  .refine((s) => parseInstant(s) !== null, {
    message: 'must be an ISO 8601 instant with a time zone, such as 2022-01-28T21:00:00Z',
  })
  .meta({
    id: 'Instant',
    format: 'date-time',
    description: 'An ISO 8601 instant with a time zone (`Z` or ±hh:mm), e.g. 2022-01-28T21:00:00Z.',
  });

const Text = z.string().max(1_000_000);
const Name = z.string().min(1).max(1000);

export const TimeZone = z
  .string()
  .refine(isTimeZone, { message: 'must be an IANA time zone, such as Europe/Moscow or UTC' })
  .meta({ description: 'An IANA time zone, used to show instants: Europe/Moscow, UTC.' });

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const PointFile: z.ZodType<PointFile> = z
  .strictObject({
    key: Key,
    label: Name,
    heading: Text.optional(),
    text: Text.optional(),
    get points() {
      return z.array(PointFile).optional();
    },
  })
  .meta({
    id: 'Point',
    description:
      'A numbered unit of a version. A point with text of its own demands an answer; a heading-only container does not.',
  });
export interface PointFile {
  key: string;
  label: string;
  heading?: string | undefined;
  text?: string | undefined;
  points?: PointFile[] | undefined;
}

export const VersionFile = z.strictObject({
  number: z.int().min(1).max(1_000_000),
  createdAt: Instant,
  points: z.array(PointFile),
});
export type VersionFile = z.infer<typeof VersionFile>;

export const DocumentFile = z.strictObject({
  key: Key,
  kind: DocumentKind,
  author: Key,
  title: Name,
  versions: z.array(VersionFile).min(1),
});
export type DocumentFile = z.infer<typeof DocumentFile>;

export const DeliveryFile = z.strictObject({
  key: Key,
  document: Key,
  version: z.int().min(1),
  to: z.array(Key).min(1),
  deliveredAt: Instant,
  demand: z.strictObject({ dueAt: Instant.optional() }).optional(),
});
export type DeliveryFile = z.infer<typeof DeliveryFile>;

export const PublicationFile = z.union([
  z.strictObject({ document: Key, version: z.int().min(1), publishedAt: Instant }),
  z.strictObject({ response: Key, publishedAt: Instant }),
]);
export type PublicationFile = z.infer<typeof PublicationFile>;

export const AnswerFile = z.strictObject({
  point: Key,
  position: Position,
  text: Text.optional(),
  proposedText: Text.optional(),
  carried: z.boolean().optional(),
});
export type AnswerFile = z.infer<typeof AnswerFile>;

export const ResponseFile = z.strictObject({
  key: Key,
  delivery: Key,
  party: Key,
  submittedAt: Instant,
  // A recorded response is what it was: one that leaves points unanswered is simply partial.
  answers: z.array(AnswerFile),
});
export type ResponseFile = z.infer<typeof ResponseFile>;

/**
 * An item of the dossier: its key when that names one item of the kinds allowed where it is
 * written, else a typed object (see shared/item-ref.ts).
 */
export const ItemRef = z
  .union([
    Key,
    z.strictObject({ party: Key }),
    z.strictObject({ person: Key }),
    z.strictObject({ document: Key, point: Key }),
    z.strictObject({ document: Key }),
    z.strictObject({ delivery: Key }),
    z.strictObject({ response: Key }),
    z.strictObject({ meeting: Key }),
    z.strictObject({ statement: Key }),
  ])
  .meta({
    id: 'ItemRef',
    description:
      'An item of the dossier: its key when that names one item of the kinds allowed here, else a typed object such as {"party": "us"} or {"document": "treaty-us", "point": "art_4"}.',
  });
export type ItemRef = z.infer<typeof ItemRef>;

export const MeetingReplyFile = z.strictObject({
  party: Key,
  reply: MeetingReply,
  at: Instant,
});
export type MeetingReplyFile = z.infer<typeof MeetingReplyFile>;

/**
 * A meeting, from the request that asked for it to its outcome notes. A meeting that was only
 * requested (and perhaps declined) has no place, start or participants yet.
 */
export const MeetingFile = z.strictObject({
  key: Key,
  title: Name,
  kind: MeetingKind,
  place: Name.optional(),
  startsAt: Instant.optional(),
  endsAt: Instant.optional(),
  requestedBy: Key.optional().meta({ description: 'The party that asked for the meeting.' }),
  requestedAt: Instant.optional(),
  requestedOf: z.array(Key).optional().meta({
    description: 'The parties asked; by default the participating parties other than the one that asked.',
  }),
  acceptedAt: Instant.optional().meta({ description: 'When every party asked accepted.' }),
  declinedAt: Instant.optional().meta({ description: 'When every party asked declined.' }),
  replies: z
    .array(MeetingReplyFile)
    .optional()
    .meta({ description: 'Each reply to the request, when the parties asked did not all reply alike.' }),
  participants: z.array(ItemRef).optional(),
  agenda: z.array(ItemRef).optional(),
  notes: Text.optional().meta({
    description: 'Outcome notes: seen by the participating parties only, until published.',
  }),
  announcedAt: Instant.optional().meta({
    description: 'When the meeting was made public; before, only the parties involved see it.',
  }),
  notesPublishedAt: Instant.optional(),
});
export type MeetingFile = z.infer<typeof MeetingFile>;

export const StatementFile = z.strictObject({
  key: Key,
  speaker: Key,
  speakerTitle: Name.optional().meta({
    description: "The speaker's title when speaking, if not the title the person is recorded with.",
  }),
  speakerParty: Key.optional().meta({
    description: 'The party the speaker spoke for, if not the party the person is recorded with.',
  }),
  saidAt: Instant,
  medium: StatementMedium,
  outlet: Name.optional(),
  quote: Text.min(1)
    .optional()
    .meta({ description: 'Their words; a statement has a quote, a summary or both.' }),
  summary: Text.min(1).optional(),
  sourceUrl: z.url({ protocol: /^https?$/ }).optional(),
  about: z.array(ItemRef).optional(),
});
export type StatementFile = z.infer<typeof StatementFile>;

export const LinkFile = z.strictObject({ from: ItemRef, to: ItemRef, type: LinkType });
export type LinkFile = z.infer<typeof LinkFile>;

export const DossierFile = z.strictObject({
  format: z.literal(FORMAT),
  dossier: z.strictObject({ key: Key, title: Name, timeZone: TimeZone }),
  parties: z.array(z.strictObject({ key: Key, name: Name })),
  people: z
    .array(z.strictObject({ key: Key, name: Name, title: Name.optional(), party: Key.optional() }))
    .optional(),
  documents: z.array(DocumentFile).optional(),
  deliveries: z.array(DeliveryFile).optional(),
  publications: z.array(PublicationFile).optional(),
  responses: z.array(ResponseFile).optional(),
  meetings: z.array(MeetingFile).optional(),
  statements: z.array(StatementFile).optional(),
  links: z.array(LinkFile).optional(),
});
export type DossierFile = z.infer<typeof DossierFile>;
