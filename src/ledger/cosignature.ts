import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { decodeBase64, encodeBase64 } from './base64.ts';
import { LedgerError } from './ledger-error.ts';
import { isValidKeyName, keyId, type NoteSigner, type NoteVerifier } from './note-keys.ts';
import { openNote } from './signed-note.ts';

/**
 * C2SP tlog-cosignature/v1 with Ed25519: a witness's statement that, at a time, the checkpoint was
 * the largest consistent tree head it had seen of that log. The signature is a note signature
 * whose bytes are an 8-byte big-endian timestamp and the Ed25519 signature of
 * "cosignature/v1\ntime <t>\n" followed by the checkpoint's note text.
 */
export const COSIGNATURE_V1 = 0x04;

const PKCS8_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_KEY_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface Cosigner extends NoteSigner {
  readonly verifierKey: string;
}

/** The message a cosignature signs. */
function cosignedMessage(text: Uint8Array, timestamp: bigint): Buffer {
  return Buffer.concat([Buffer.from(`cosignature/v1\ntime ${timestamp}\n`, 'utf8'), text]);
}

/** A new witness key pair: the signer key (secret) and its verifier key, both with type 0x04. */
export function generateCosignerKey(name: string): { signerKey: string; verifierKey: string } {
  if (!isValidKeyName(name)) throw new LedgerError('key.invalid', `"${name}" cannot name a key`);
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_SEED_PREFIX.length);
  const publicKey = createPublicKey(privateKey)
    .export({ format: 'der', type: 'spki' })
    .subarray(SPKI_KEY_PREFIX.length);
  const id = hex(keyId(name, typed(publicKey)));
  return {
    signerKey: `PRIVATE+KEY+${name}+${id}+${encodeBase64(typed(seed))}`,
    verifierKey: `${name}+${id}+${encodeBase64(typed(publicKey))}`,
  };
}

/** A cosigner from its signer key; `now` gives the POSIX time to sign at. */
export function parseCosignerKey(
  signerKey: string,
  now: () => number = () => Math.floor(Date.now() / 1000),
): Cosigner {
  const [prefix, kind, name, id, material] = fields(signerKey, 5);
  const bytes = material ? decodeBase64(material) : null;
  if (
    prefix !== 'PRIVATE' ||
    kind !== 'KEY' ||
    !name ||
    !isValidKeyName(name) ||
    !bytes ||
    bytes.length !== 33 ||
    bytes[0] !== COSIGNATURE_V1
  ) {
    throw new LedgerError(
      'key.invalid',
      'not a cosignature/v1 signer key (PRIVATE+KEY+name+id+base64(0x04 || seed))',
    );
  }
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_SEED_PREFIX, bytes.subarray(1)]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey)
    .export({ format: 'der', type: 'spki' })
    .subarray(SPKI_KEY_PREFIX.length);
  const expected = keyId(name, typed(publicKey));
  if (id !== hex(expected))
    throw new LedgerError('key.invalid', 'the cosigner key id does not match its key');
  return {
    name,
    keyId: expected,
    verifierKey: `${name}+${hex(expected)}+${encodeBase64(typed(publicKey))}`,
    sign(text) {
      const timestamp = BigInt(now());
      const stamp = Buffer.alloc(8);
      stamp.writeBigUInt64BE(timestamp);
      return Buffer.concat([stamp, sign(null, cosignedMessage(text, timestamp), privateKey)]);
    },
  };
}

/** A verifier of cosignatures from a witness's verifier key (type 0x04); it also reports the time signed. */
export function parseCosignerVerifier(verifierKey: string): NoteVerifier & { lastTimestamp: bigint | null } {
  const [name, id, material] = fields(verifierKey, 3);
  const bytes = material ? decodeBase64(material) : null;
  if (!name || !isValidKeyName(name) || !bytes || bytes.length !== 33 || bytes[0] !== COSIGNATURE_V1) {
    throw new LedgerError(
      'key.invalid',
      'not a cosignature/v1 verifier key (name+id+base64(0x04 || public key))',
    );
  }
  const expected = keyId(name, bytes);
  if (id !== hex(expected))
    throw new LedgerError('key.invalid', 'the cosigner key id does not match its key');
  const publicKey = createPublicKey({
    key: Buffer.concat([SPKI_KEY_PREFIX, bytes.subarray(1)]),
    format: 'der',
    type: 'spki',
  });
  const verifier = {
    name,
    keyId: expected,
    lastTimestamp: null as bigint | null,
    verify(text: Uint8Array, signature: Uint8Array): boolean {
      if (signature.length !== 72) return false;
      const timestamp = Buffer.from(signature.buffer, signature.byteOffset, 8).readBigUInt64BE(0);
      if (timestamp > 2n ** 63n - 1n) return false;
      const ok = verify(null, cosignedMessage(text, timestamp), publicKey, signature.subarray(8));
      if (ok) verifier.lastTimestamp = timestamp;
      return ok;
    },
  };
  return verifier;
}

/** Adds signatures to an already signed note (a witness adding its cosignature to a checkpoint). */
export function addSignatures(note: string, signers: readonly NoteSigner[]): string {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n'))
    throw new LedgerError('note.malformed', 'the note has no signature block');
  const text = Buffer.from(note.slice(0, split + 1), 'utf8');
  const lines = signers.map((signer) => {
    const id = Buffer.alloc(4);
    id.writeUInt32BE(signer.keyId);
    return `— ${signer.name} ${encodeBase64(Buffer.concat([id, signer.sign(text)]))}\n`;
  });
  return `${note}${lines.join('')}`;
}

/** The time (POSIX seconds) at which `verifierKey`'s witness cosigned the note; throws if it did not. */
export function cosignedAt(note: string, verifierKey: string): number {
  const verifier = parseCosignerVerifier(verifierKey);
  openNote(note, [verifier]);
  return Number(verifier.lastTimestamp);
}

function typed(key: Uint8Array): Uint8Array {
  return Buffer.concat([Uint8Array.of(COSIGNATURE_V1), key]);
}

function hex(id: number): string {
  return id.toString(16).padStart(8, '0');
}

// The last field is base64, which may itself hold "+".
function fields(text: string, count: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (out.length < count - 1) {
    const plus = rest.indexOf('+');
    if (plus < 0) return [];
    out.push(rest.slice(0, plus));
    rest = rest.slice(plus + 1);
  }
  out.push(rest);
  return out;
}
