import { z } from 'zod';

// The HTTP API's response shapes for the ledger (the rest are in api.ts and api-story.ts). The
// server validates its ledger responses with these; the web app takes its types from them.

const Base64 = z.string().describe('base64');

/** The server's verifier key (C2SP `name+hex(keyid)+base64(0x01||pubkey)`): what checks its checkpoints. */
export const LedgerKey = z.object({ name: z.string(), verifierKey: z.string() }).meta({ id: 'LedgerKey' });

/** A dossier's latest signed checkpoint: its size and root hash, and the C2SP signed note itself. */
export const LedgerCheckpoint = z
  .object({ size: z.number(), rootHash: Base64, note: z.string(), signedAt: z.string() })
  .meta({ id: 'LedgerCheckpoint' });

/** One entry of a dossier's log, as hashed into the tree (RFC 8785 canonical JSON). */
export const LedgerEntry = z
  .object({
    format: z.string(),
    dossier: z.string(),
    index: z.number(),
    type: z.string(),
    subject: z.string(),
    actor: z.object({
      kind: z.string(),
      label: z.string().optional(),
      party: z.string().optional(),
      userId: z.string().optional(),
    }),
    recordedAt: z.string(),
    commitment: Base64,
    previousLeaf: Base64.nullable(),
  })
  .meta({ id: 'LedgerEntry' });

/** Entries the caller may see, each with the salt and content its commitment is to. */
export const LedgerEntries = z
  .object({
    entries: z.array(z.object({ index: z.number(), entry: LedgerEntry, salt: Base64, content: z.unknown() })),
  })
  .meta({ id: 'LedgerEntries' });

/** An RFC 9162 inclusion proof: sibling hashes from the leaf up to the root of the tree of `size`. */
export const LedgerInclusionProof = z
  .object({ index: z.number(), size: z.number(), leafHash: Base64, proof: z.array(Base64) })
  .meta({ id: 'LedgerInclusionProof' });

/** An RFC 9162 consistency proof from the tree of `from` entries to the tree of `to`. */
export const LedgerConsistencyProof = z
  .object({ from: z.number(), to: z.number(), proof: z.array(Base64) })
  .meta({ id: 'LedgerConsistencyProof' });
