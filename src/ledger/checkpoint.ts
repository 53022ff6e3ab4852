import { decodeBase64, encodeBase64 } from './base64.ts';
import { LedgerError } from './ledger-error.ts';
import { HASH_SIZE, isTreeSize } from './merkle.ts';
import type { NoteSigner, NoteVerifier } from './note-keys.ts';
import { openNote, signNote } from './signed-note.ts';
import type { OpenedNote } from './signed-note.ts';

/** A C2SP tlog-checkpoint: the head of a log at one size. */
export interface Checkpoint {
  /** Names the log; should equal the signing key's name. */
  origin: string;
  size: number;
  rootHash: Uint8Array;
  /** Optional further lines, opaque to the format; none may be empty. */
  extensions: readonly string[];
}

// One spelling per size: no sign, no leading zeros (except 0 itself).
const SIZE = /^(0|[1-9][0-9]*)$/;

/** The note text of a checkpoint; throws LedgerError checkpoint.malformed if a field cannot be written. */
export function formatCheckpoint({ origin, size, rootHash, extensions }: Checkpoint): string {
  if (!isTreeSize(size)) malformed(`${size} is not a tree size`);
  if (rootHash.length !== HASH_SIZE) malformed(`a root hash has ${HASH_SIZE} bytes, not ${rootHash.length}`);
  const lines = [origin, String(size), encodeBase64(rootHash), ...extensions];
  if (lines.some((line) => line === '' || line.includes('\n'))) {
    malformed('the origin and extension lines must be non-empty single lines');
  }
  return lines.map((line) => `${line}\n`).join('');
}

/**
 * Parses checkpoint note text strictly: what formatCheckpoint writes and nothing else. Sizes beyond
 * 2^53 − 1 are refused, as no log here grows that large and JavaScript numbers stop being exact there.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) malformed('a checkpoint ends in a newline');
  const [origin = '', size = '', root = '', ...extensions] = text.slice(0, -1).split('\n');
  if (origin === '') malformed('the origin line is empty or missing');
  if (!SIZE.test(size) || !isTreeSize(Number(size))) malformed(`"${size}" is not a tree size`);
  const rootHash = decodeBase64(root);
  if (!rootHash || rootHash.length !== HASH_SIZE) malformed(`"${root}" is not a base64 SHA-256 root hash`);
  if (extensions.includes('')) malformed('extension lines must be non-empty');
  return { origin, size: Number(size), rootHash, extensions };
}

/** Formats and signs a checkpoint as a signed note. */
export function signCheckpoint(checkpoint: Checkpoint, signers: readonly NoteSigner[]): string {
  return signNote(formatCheckpoint(checkpoint), signers);
}

/**
 * Opens a signed checkpoint: the note must verify under `verifiers` (see openNote) and its text must
 * be a checkpoint whose origin is `origin`, so that a head of one log cannot pass for another's.
 */
export function openCheckpoint(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
  origin: string,
): { checkpoint: Checkpoint; note: OpenedNote } {
  const opened = openNote(note, verifiers);
  const checkpoint = parseCheckpoint(opened.text);
  if (checkpoint.origin !== origin) {
    throw new LedgerError(
      'checkpoint.wrong_origin',
      `the checkpoint is for "${checkpoint.origin}", not "${origin}"`,
    );
  }
  return { checkpoint, note: opened };
}

function malformed(why: string): never {
  throw new LedgerError('checkpoint.malformed', why);
}
