import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { decodeBase64, encodeBase64 } from './base64.ts';
import { LedgerError } from './ledger-error.ts';

/** The C2SP signed-note signature type byte of Ed25519. */
export const ED25519 = 0x01;

// Node takes raw Ed25519 keys only inside DER; these are the fixed headers of RFC 8410 keys.
const PKCS8_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_KEY_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Something that signs note texts under a key name and key id (Ed25519 here; cosigners later). */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(text: Uint8Array): Uint8Array;
}

/** Something that checks signatures made under a key name and key id. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

/** An Ed25519 note signer that can also give out its verifier key. */
export interface Ed25519Signer extends NoteSigner {
  readonly verifierKey: string;
}

/** An Ed25519 note verifier with its public key. */
export interface Ed25519Verifier extends NoteVerifier {
  readonly publicKey: Uint8Array;
  readonly verifierKey: string;
}

/**
 * Whether `name` may name a key: non-empty, without Unicode spaces or "+" (C2SP signed-note), and
 * without control characters or lone surrogates, which no signed note may contain.
 */
export function isValidKeyName(name: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  return name !== '' && !/[\p{White_Space}+\p{Surrogate}\u0000-\u001f]/u.test(name);
}

/** The key id: the first four bytes, big-endian, of SHA-256(name || 0x0A || type || public key). */
export function keyId(name: string, typedPublicKey: Uint8Array): number {
  return createHash('sha256')
    .update(name, 'utf8')
    .update('\n')
    .update(typedPublicKey)
    .digest()
    .readUInt32BE(0);
}

/** Parses a verifier key `name+hex(keyid)+base64(0x01||pubkey)`; throws LedgerError key.invalid. */
export function parseVerifierKey(verifierKey: string): Ed25519Verifier {
  const [name, id, key] = chop(verifierKey, 3);
  const parsed = readKey(name, id, key, `verifier key "${verifierKey}"`);
  checkKeyId(parsed, parsed.key, `verifier key "${verifierKey}"`);
  const publicKey = parsed.key;
  const nodeKey = createPublicKey({
    key: Buffer.concat([SPKI_KEY_PREFIX, publicKey]),
    format: 'der',
    type: 'spki',
  });
  return {
    name: parsed.name,
    keyId: parsed.keyId,
    publicKey,
    verifierKey: formatVerifierKey(parsed.name, publicKey),
    verify: (text, signature) => signature.length === 64 && verify(null, text, nodeKey, signature),
  };
}

/** Parses a signer key `PRIVATE+KEY+name+hex(keyid)+base64(0x01||seed)`; throws LedgerError key.invalid. */
export function parseSignerKey(signerKey: string): Ed25519Signer {
  const [private1, private2, name, id, key] = chop(signerKey, 5);
  // Messages never repeat a signer key: it is a secret, and errors end up in logs.
  if (private1 !== 'PRIVATE' || private2 !== 'KEY') refuseKey('a signer key starts with PRIVATE+KEY+');
  const parsed = readKey(name, id, key, 'the signer key');
  const privateKey = privateKeyFromSeed(parsed.key);
  const publicKey = publicKeyOf(privateKey);
  // The id is that of the public key, so it can be checked only once the public key is derived.
  checkKeyId(parsed, publicKey, 'the signer key');
  return {
    name: parsed.name,
    keyId: parsed.keyId,
    verifierKey: formatVerifierKey(parsed.name, publicKey),
    sign: (text) => sign(null, text, privateKey),
  };
}

/** A new Ed25519 key pair for `name`, as a signer key (secret) and its verifier key (public). */
export function generateSignerKey(name: string): { signerKey: string; verifierKey: string } {
  if (!isValidKeyName(name)) refuseKey(`"${name}" cannot name a key`);
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const seed = der.subarray(PKCS8_SEED_PREFIX.length);
  const publicKey = publicKeyOf(privateKey);
  const id = hex(keyId(name, typed(publicKey)));
  return {
    signerKey: `PRIVATE+KEY+${name}+${id}+${encodeBase64(typed(seed))}`,
    verifierKey: formatVerifierKey(name, publicKey),
  };
}

function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  return `${name}+${hex(keyId(name, typed(publicKey)))}+${encodeBase64(typed(publicKey))}`;
}

// Splits off the first count−1 fields at "+"; the last field is base64, which may itself contain "+".
function chop(text: string, count: number): string[] {
  const fields: string[] = [];
  let rest = text;
  while (fields.length < count - 1) {
    const plus = rest.indexOf('+');
    if (plus < 0) refuseKey(`a key has ${count} fields separated by "+"`);
    fields.push(rest.slice(0, plus));
    rest = rest.slice(plus + 1);
  }
  fields.push(rest);
  return fields;
}

interface KeyFields {
  name: string;
  keyId: number;
  /** The 32 key bytes after the type byte. */
  key: Uint8Array;
}

function readKey(name = '', id = '', key = '', what: string): KeyFields {
  if (!isValidKeyName(name)) refuseKey(`${what}: bad key name`);
  if (!/^[0-9a-fA-F]{8}$/.test(id)) refuseKey(`${what}: the key id is not 8 hex digits`);
  const bytes = decodeBase64(key);
  if (!bytes || bytes.length === 0) refuseKey(`${what}: the key is not base64`);
  if (bytes[0] !== ED25519) refuseKey(`${what}: signature type ${bytes[0]} is not Ed25519 (1)`);
  if (bytes.length !== 33) refuseKey(`${what}: an Ed25519 key has 32 bytes, not ${bytes.length - 1}`);
  return { name, keyId: Number.parseInt(id, 16), key: bytes.subarray(1) };
}

function checkKeyId({ name, keyId: id }: KeyFields, publicKey: Uint8Array, what: string): void {
  if (keyId(name, typed(publicKey)) !== id) refuseKey(`${what}: the key id does not match the name and key`);
}

function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_SEED_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function publicKeyOf(privateKey: KeyObject): Uint8Array {
  return createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_KEY_PREFIX.length);
}

function typed(key: Uint8Array): Uint8Array {
  return Buffer.concat([Uint8Array.of(ED25519), key]);
}

function hex(id: number): string {
  return id.toString(16).padStart(8, '0');
}

function refuseKey(why: string): never {
  throw new LedgerError('key.invalid', why);
}
