import { z } from 'zod';
import { parseInstant } from './instant.ts';
import { DocumentKind, LinkType, MeetingKind, Position, StatementMedium } from './vocabulary.ts';

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

export const MeetingFile = z.strictObject({
  key: Key,
  title: Name,
  kind: MeetingKind,
  place: Name.optional(),
  startsAt: Instant.optional(),
  endsAt: Instant.optional(),
  requestedBy: Key.optional(),
  requestedAt: Instant.optional(),
  acceptedAt: Instant.optional(),
  participants: z.array(Key),
  agenda: z.array(Key).optional(),
  notes: Text.optional(),
});
export type MeetingFile = z.infer<typeof MeetingFile>;

export const StatementFile = z.strictObject({
  key: Key,
  speaker: Key,
  saidAt: Instant,
  medium: StatementMedium,
  outlet: Name.optional(),
  quote: Text.min(1),
  summary: Text.optional(),
  sourceUrl: z.url({ protocol: /^https?$/ }).optional(),
  about: z.array(Key).optional(),
});
export type StatementFile = z.infer<typeof StatementFile>;

export const LinkFile = z.strictObject({ from: Key, to: Key, type: LinkType });
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
