// The pure ledger: Merkle trees and proofs (RFC 9162), canonical JSON (RFC 8785), signed notes and
// checkpoints (C2SP). No database, no network, so the offline verifier can use all of it.
export { decodeBase64, encodeBase64 } from './base64.ts';
export { canonicalJson, canonicalJsonBytes } from './canonical-json.ts';
export { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.ts';
export type { Checkpoint } from './checkpoint.ts';
export { LEDGER_ERROR_CODES, LedgerError } from './ledger-error.ts';
export type { LedgerErrorCode } from './ledger-error.ts';
export {
  HASH_SIZE,
  emptyRootHash,
  equalBytes,
  hashChildren,
  hashLeaf,
  isHash,
  isTreeSize,
  rootHash,
} from './merkle.ts';
export { consistencyProof, inclusionProof, subtreeHash } from './merkle-proof.ts';
export type { NodeReader } from './merkle-proof.ts';
export { MerkleTree } from './merkle-tree.ts';
export { verifyConsistency, verifyInclusion } from './merkle-verify.ts';
export type { ConsistencyClaim, InclusionClaim } from './merkle-verify.ts';
export {
  ED25519,
  generateSignerKey,
  isValidKeyName,
  keyId,
  parseSignerKey,
  parseVerifierKey,
} from './note-keys.ts';
export type { Ed25519Signer, Ed25519Verifier, NoteSigner, NoteVerifier } from './note-keys.ts';
export { openNote, signNote } from './signed-note.ts';
export type { NoteSignature, OpenedNote } from './signed-note.ts';
