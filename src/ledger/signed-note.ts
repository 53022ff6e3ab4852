import { decodeBase64, encodeBase64 } from './base64.ts';
import { LedgerError } from './ledger-error.ts';
import { isValidKeyName } from './note-keys.ts';
import type { NoteSigner, NoteVerifier } from './note-keys.ts';

// Em dash U+2014 and a space open every signature line.
const SIGNATURE_PREFIX = '\u2014 ';
// The spec asks verifiers to cap signatures and to accept at least 16; 100 is Go's cap.
const MAX_SIGNATURES = 100;
// Text may hold only newlines among the ASCII controls; lone surrogates have no UTF-8 form.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const FORBIDDEN = /[\u0000-\u0009\u000b-\u001f]|\p{Surrogate}/u;

/** One signature line of a note. */
export interface NoteSignature {
  name: string;
  keyId: number;
  /** base64(key id || signature), as on the line. */
  base64: string;
}

/** A note whose signatures were checked against the known verifiers. */
export interface OpenedNote {
  /** The signed text, ending in a newline. */
  text: string;
  /** Signatures by known keys, all of which verified; never empty. */
  verified: NoteSignature[];
  /** Signatures by keys not among the verifiers, kept (e.g. witness cosignatures) but unchecked. */
  unverified: NoteSignature[];
}

/** Signs `text` (which must end in a newline) with each signer, giving a C2SP signed note. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (!text.endsWith('\n')) malformed('the note text must end in a newline');
  if (FORBIDDEN.test(text)) malformed('the note text contains a control character or a lone surrogate');
  if (signers.length === 0) throw new RangeError('a note needs at least one signer');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((signer) => {
    if (!isValidKeyName(signer.name)) throw new RangeError(`"${signer.name}" cannot name a key`);
    const id = Buffer.alloc(4);
    id.writeUInt32BE(signer.keyId);
    const signature = encodeBase64(Buffer.concat([id, signer.sign(message)]));
    return `${SIGNATURE_PREFIX}${signer.name} ${signature}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/**
 * Parses a signed note and checks it against `verifiers`. Signatures by unknown keys are set aside,
 * every signature by a known key must verify, and at least one must be there; a malformed note is
 * refused whole. Throws LedgerError note.malformed, note.bad_signature or note.unverified.
 */
export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  const all = typeof note === 'string' ? note : decodeUtf8(note);
  if (FORBIDDEN.test(all)) malformed('the note contains a control character or a lone surrogate');
  // The text ends at the last blank line: signature lines never contain one, the text may.
  const split = all.lastIndexOf('\n\n');
  if (split < 0) malformed('the note has no blank line before its signatures');
  const text = all.slice(0, split + 1);
  const block = all.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) malformed('the signature lines must end in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) malformed(`the note has more than ${MAX_SIGNATURES} signatures`);

  const message = Buffer.from(text, 'utf8');
  const opened: OpenedNote = { text, verified: [], unverified: [] };
  for (const line of lines) {
    const { signature, bytes } = parseSignatureLine(line);
    const known = verifiers.filter((v) => v.name === signature.name && v.keyId === signature.keyId);
    if (known.length > 1) throw new RangeError(`two verifiers share name and key id ${signature.name}`);
    const [verifier] = known;
    if (!verifier) {
      const seen = opened.unverified.some((s) => s.name === signature.name && s.base64 === signature.base64);
      if (!seen) opened.unverified.push(signature);
      continue;
    }
    // A known key that signed badly means someone tampered with the note or holds a forged key.
    if (!verifier.verify(message, bytes.subarray(4))) {
      throw new LedgerError('note.bad_signature', `the signature by ${signature.name} does not verify`);
    }
    if (!opened.verified.some((s) => s.name === signature.name && s.keyId === signature.keyId)) {
      opened.verified.push(signature);
    }
  }
  if (opened.verified.length === 0) {
    throw new LedgerError('note.unverified', 'the note carries no signature by a known key');
  }
  return opened;
}

function parseSignatureLine(line: string): { signature: NoteSignature; bytes: Uint8Array } {
  if (!line.startsWith(SIGNATURE_PREFIX))
    malformed('a signature line must start with an em dash and a space');
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = rest.slice(0, space);
  const base64 = rest.slice(space + 1);
  const bytes = space < 0 ? null : decodeBase64(base64);
  if (!isValidKeyName(name) || !bytes || bytes.length < 5) malformed(`bad signature line "${line}"`);
  const keyId = Buffer.from(bytes.buffer, bytes.byteOffset, 4).readUInt32BE(0);
  return { signature: { name, keyId, base64 }, bytes };
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return malformed('the note is not valid UTF-8');
  }
}

function malformed(why: string): never {
  throw new LedgerError('note.malformed', why);
}
