import { createHash } from 'node:crypto';
import { encodeBase64 } from './base64.ts';
import { canonicalJsonBytes } from './canonical-json.ts';
import { hashLeaf } from './merkle.ts';

/** The version of the entry format, first field of every entry. */
export const ENTRY_FORMAT = 'pointwise-ledger-entry/1';

/**
 * One entry of a dossier's log, as hashed into the tree (canonical JSON, RFC 8785). It names the
 * change but holds only a salted commitment to its content: without the salt, the sibling hashes a
 * proof reveals do not let anyone confirm a guess such as "the answer was accept".
 */
export interface LedgerEntry {
  format: typeof ENTRY_FORMAT;
  dossier: string;
  /** This entry's leaf index: a removed or reordered entry then shows at once. */
  index: number;
  type: string;
  /** The key of the item the change recorded (a response key, a delivery key…). */
  subject: string;
  actor: { kind: 'system'; label: string } | { kind: 'party'; party: string; userId?: string };
  recordedAt: string;
  /** base64 SHA-256(salt || canonical JSON of the content). */
  commitment: string;
  /**
   * base64 leaf hash of the entry before this one (null for the first): a hash chain inside the
   * tree, so an altered or missing entry shows at the next one, at the cost of one comparison.
   */
  previousLeaf: string | null;
}

/** The bytes that are hashed into the tree. */
export function entryBytes(entry: LedgerEntry): Uint8Array {
  return canonicalJsonBytes(entry);
}

/** The leaf hash of an entry. */
export function entryLeafHash(entry: LedgerEntry): Uint8Array {
  return hashLeaf(entryBytes(entry));
}

/** The commitment to `content` under `salt`: SHA-256(salt || canonical JSON of content), base64. */
export function commitTo(content: unknown, salt: Uint8Array): string {
  return encodeBase64(createHash('sha256').update(salt).update(canonicalJsonBytes(content)).digest());
}
