import { z } from 'zod';
import { ERROR_CODES } from './app-error.ts';
import { AnswerFile, Instant, Key } from './dossier-file.ts';
import { AddresseeStatus, DocumentKind, Position } from './vocabulary.ts';

/**
 * The HTTP API's response shapes. The server validates every response against these, the
 * OpenAPI document is generated from them, and a client can import them for its types. Request
 * shapes are the use cases' own input schemas.
 */

const Role = z.enum(['lead', 'drafter', 'observer']);

/** What the caller may do with an item, so a client can hide what it cannot do. Absent: not applicable. */
export const Abilities = z
  .record(z.string(), z.boolean())
  .meta({ id: 'Abilities', description: 'Action name → whether the caller may do it to this item.' });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string().optional(),
    code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES]),
    problems: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    current: z.unknown().optional(),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details; `problems` names every JSON path at fault.',
  });

export const Membership = z.object({ dossier: Key, party: Key, role: Role });

export const Session = z
  .object({
    user: z.object({ email: z.string(), admin: z.boolean() }).nullable(),
    memberships: z.array(Membership),
    via: z.enum(['session', 'token']).nullable(),
    /** Send it back as X-CSRF-Token on every request that changes something (cookie sessions only). */
    csrfToken: z.string().nullable(),
    passwordChangeRequired: z.boolean(),
    abilities: Abilities,
  })
  .meta({ id: 'Session' });

export const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    dossier: Key,
    party: Key,
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable().optional(),
  })
  .meta({ id: 'ApiToken' });

export const NewApiToken = ApiToken.extend({
  /** The token itself: shown this once, never again. */
  token: z.string(),
}).meta({ id: 'NewApiToken' });

export const DossierSummary = z
  .object({
    key: Key,
    title: z.string(),
    timeZone: z.string(),
    createdAt: z.string(),
    parties: z.int(),
    documents: z.int(),
    deliveries: z.int(),
    responses: z.int(),
  })
  .meta({ id: 'DossierSummary' });

export const Dossier = z
  .object({
    key: Key,
    title: z.string(),
    timeZone: z.string(),
    createdAt: z.string(),
    parties: z.array(z.object({ key: Key, name: z.string() })),
    people: z.array(
      z.object({ key: Key, name: z.string(), title: z.string().nullable(), party: Key.nullable() }),
    ),
    /** The caller's membership here, if any. */
    membership: Membership.nullable(),
    abilities: Abilities,
  })
  .meta({ id: 'Dossier' });

export const VersionSummary = z.object({
  number: z.int(),
  createdAt: z.string(),
  points: z.int(),
  publishedAt: z.string().nullable(),
  abilities: Abilities,
});

export const Document = z
  .object({
    key: Key,
    kind: DocumentKind,
    author: Key,
    title: z.string(),
    createdAt: z.string(),
    versions: z.array(VersionSummary),
    abilities: Abilities,
  })
  .meta({ id: 'Document' });

export const Version = z
  .object({
    document: Key,
    author: Key,
    title: z.string(),
    number: z.int(),
    createdAt: z.string(),
    publishedAt: z.string().nullable(),
    points: z.array(
      z.object({
        key: Key,
        parent: Key.nullable(),
        depth: z.int(),
        label: z.string(),
        heading: z.string().nullable(),
        text: z.string().nullable(),
        demandsAnswer: z.boolean(),
      }),
    ),
    abilities: Abilities,
  })
  .meta({ id: 'Version' });

export const Delivery = z
  .object({
    key: Key,
    document: Key,
    title: z.string(),
    version: z.int(),
    from: Key,
    to: z.array(Key),
    deliveredAt: z.string(),
    demand: z.boolean(),
    dueAt: z.string().nullable(),
    abilities: Abilities,
  })
  .meta({ id: 'Delivery' });

const DraftAnswerShape = z.object({
  position: Position,
  text: z.string().nullable(),
  proposedText: z.string().nullable(),
});

export const Draft = z
  .object({
    delivery: Key,
    party: Key,
    basedOn: z
      .object({ response: Key, kind: z.enum(['own_submission', 'earlier_version']), version: z.int() })
      .nullable(),
    points: z.array(
      z.object({
        key: Key,
        label: z.string(),
        heading: z.string().nullable(),
        text: z.string().nullable(),
        depth: z.int(),
        demandsAnswer: z.boolean(),
        change: z.enum(['unchanged', 'changed', 'new']).nullable(),
        answer: DraftAnswerShape.nullable(),
        carried: z.boolean(),
        needsAnswer: z.boolean(),
        gaps: z.array(z.object({ field: z.enum(['text', 'proposedText']), message: z.string() })),
        /** Send it back in If-Match (as `"N"`) when saving this point. */
        revision: z.int(),
      }),
    ),
    answered: z.int(),
    total: z.int(),
    abilities: Abilities,
  })
  .meta({ id: 'Draft' });

export const SavedDraftAnswer = z
  .object({ point: Key, revision: z.int(), savedAt: z.string() })
  .meta({ id: 'SavedDraftAnswer' });

export const SaveDraftAnswerBody = z
  .strictObject({
    /** null clears this point's draft answer. */
    position: Position.nullable(),
    text: z.string().max(1_000_000).optional(),
    proposedText: z.string().max(1_000_000).optional(),
  })
  .meta({ id: 'SaveDraftAnswerBody' });

export const SubmitResponseBody = z
  .strictObject({
    key: Key.optional(),
    submittedAt: Instant.optional(),
    /** Must be true to submit a response that leaves points unanswered. */
    partial: z.boolean().optional(),
    /** The answers; when absent, the party's current draft is submitted. */
    answers: z.array(AnswerFile).max(100_000).optional(),
  })
  .meta({ id: 'SubmitResponseBody' });

export const ResponseSummary = z
  .object({
    key: Key,
    delivery: Key,
    document: Key,
    version: z.int(),
    from: Key,
    party: Key,
    submittedAt: z.string(),
    partial: z.boolean(),
    answered: z.int(),
    publishedAt: z.string().nullable(),
    supersededBy: Key.nullable(),
    abilities: Abilities,
  })
  .meta({ id: 'ResponseSummary' });

export const Response = ResponseSummary.extend({
  answers: z.array(
    z.object({
      point: Key,
      position: Position,
      text: z.string().nullable(),
      proposedText: z.string().nullable(),
      carried: z.boolean(),
    }),
  ),
}).meta({ id: 'Response' });

export const Submission = z
  .object({
    key: Key,
    submittedAt: z.string(),
    answered: z.int(),
    unanswered: z.array(Key),
    supersedes: Key.nullable(),
  })
  .meta({ id: 'Submission' });

export const Matrix = z
  .object({
    dossier: Key,
    at: z.string(),
    deliveries: z.array(
      z.object({
        delivery: Key,
        document: Key,
        version: z.int(),
        from: Key,
        deliveredAt: z.string(),
        dueAt: z.string().nullable(),
        points: z.array(z.string()),
        addressees: z.array(
          z.object({
            party: Key,
            status: AddresseeStatus,
            answered: z.int(),
            total: z.int(),
            response: z.string().nullable(),
            submittedAt: z.string().nullable(),
            answers: z.record(z.string(), Position.nullable()),
            /** When R was proven on record: the first signed ledger checkpoint that includes it. */
            provenAt: z.string().nullable(),
          }),
        ),
        labels: z.record(z.string(), z.string()).optional(),
      }),
    ),
  })
  .meta({ id: 'Matrix' });

export const Publication = z
  .object({
    publishedAt: z.string(),
    document: Key.optional(),
    version: z.int().optional(),
    response: Key.optional(),
  })
  .meta({ id: 'Publication' });

/** A SHA-256 hash as 64 lowercase hex digits: the form people read aloud and compare on paper. */
const HexHash = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe('SHA-256, lowercase hex');

export const ResponseProof = z
  .object({
    response: Key,
    /** The ledger entry that recorded the submission. */
    entry: z.object({ index: z.int(), leafHash: HexHash, recordedAt: z.string() }),
    /** The first signed checkpoint whose tree includes the entry; null until one is signed. */
    checkpoint: z
      .object({
        size: z.int(),
        rootHash: HexHash,
        signedAt: z.string(),
        /** The checkpoint as signed (a C2SP signed note; its root hash is in base64 there). */
        note: z.string(),
      })
      .nullable(),
    /** The RFC 9162 inclusion proof of the entry in that checkpoint's tree, leaf to root; null without one. */
    proof: z.array(HexHash).nullable(),
  })
  .meta({
    id: 'ResponseProof',
    description:
      "A response's proof line: its ledger entry, the first signed checkpoint that includes it, and the inclusion proof that ties the two.",
  });
export type ResponseProof = z.infer<typeof ResponseProof>;

/** The data of a `changed` server-sent event: the log's size up to the last entry you may see. */
export const LiveChanged = z.object({ size: z.int() }).meta({ id: 'LiveChanged' });
export type LiveChanged = z.infer<typeof LiveChanged>;

/** The data of a `deadline` server-sent event: a delivery's due time passed while you watched. */
export const LiveDeadline = z.object({ delivery: Key, dueAt: z.string() }).meta({ id: 'LiveDeadline' });
export type LiveDeadline = z.infer<typeof LiveDeadline>;
