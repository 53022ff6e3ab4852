import { z } from 'zod';
import { Key } from './dossier-file.ts';
import { ITEM_KINDS } from './item-ref.ts';
import { LinkType, MeetingKind, MeetingReply, StatementMedium } from './vocabulary.ts';
import { Abilities } from './api.ts';

// The HTTP API's response shapes for what surrounds the documents: meetings, statements, links,
// the timeline and the statistics (the rest are in api.ts).

/** An item a reference names: a point also names its document. */
export const ItemName = z
  .object({ kind: z.enum(ITEM_KINDS), key: z.string(), document: z.string().optional() })
  .meta({ id: 'ItemName' });

export const Meeting = z
  .object({
    key: Key,
    title: z.string(),
    kind: MeetingKind,
    request: z
      .object({
        by: Key,
        at: z.string().nullable(),
        of: z.array(Key),
        replies: z.array(z.object({ party: Key, reply: MeetingReply, at: z.string().nullable() })),
      })
      .nullable(),
    place: z.string().nullable(),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    arranged: z.boolean(),
    participants: z.array(ItemName),
    agenda: z.array(ItemName),
    /** Outcome notes, when the caller may read them. */
    notes: z.string().nullable(),
    announcedAt: z.string().nullable(),
    notesPublishedAt: z.string().nullable(),
    abilities: Abilities,
  })
  .meta({ id: 'Meeting' });

export const Statement = z
  .object({
    key: Key,
    speaker: z.object({ key: Key, name: z.string(), title: z.string().nullable(), party: Key.nullable() }),
    saidAt: z.string(),
    medium: StatementMedium,
    outlet: z.string().nullable(),
    quote: z.string().nullable(),
    summary: z.string().nullable(),
    sourceUrl: z.string().nullable(),
    about: z.array(ItemName),
  })
  .meta({ id: 'Statement' });

export const Link = z.object({ type: LinkType, from: ItemName, to: ItemName }).meta({ id: 'Link' });

export const Timeline = z
  .object({
    dossier: Key,
    at: z.string(),
    entries: z.array(
      z.object({
        at: z.string(),
        kind: z.string(),
        title: z.string(),
        subject: ItemName,
        parties: z.array(Key),
        details: z.record(z.string(), z.unknown()),
        links: z.array(z.object({ type: LinkType, direction: z.enum(['to', 'from']), item: ItemName })),
      }),
    ),
  })
  .meta({ id: 'Timeline' });

const Durations = z.object({
  count: z.int(),
  medianMs: z.number().nullable(),
  worstMs: z.number().nullable(),
});

export const Stats = z
  .object({
    dossier: Key,
    at: z.string(),
    parties: z.array(
      z.object({
        party: Key,
        name: z.string(),
        writtenDemands: z.object({
          received: z.int(),
          answered: z.int(),
          answeredByDeadline: z.int(),
          answeredLate: z.int(),
          overdue: z.int(),
          timeToAnswer: Durations,
          longestOpenMs: z.number().nullable(),
        }),
        points: z.object({ demanded: z.int(), answered: z.int() }),
        meetingRequests: z.object({ made: z.int(), accepted: z.int(), declined: z.int(), awaiting: z.int() }),
        requestsReceived: z.object({
          received: z.int(),
          accepted: z.int(),
          declined: z.int(),
          awaiting: z.int(),
          timeToAccept: Durations,
        }),
        statements: z.int(),
      }),
    ),
  })
  .meta({ id: 'Stats' });
