import { canonicalJson } from '../../ledger/canonical-json.ts';

/**
 * The offline verifier of `pointwise-ledger-bundle/1` (src/ledger/bundle.ts), ported to the browser:
 * the same checks in the same order, giving the same report and the same findings word for word, on
 * WebCrypto (SHA-256, Ed25519) instead of node:crypto. The canonical JSON is the ledger's own module.
 *
 * WebCrypto only hashes asynchronously, and one digest at a time costs far more in waiting than in
 * hashing. So the entries are hashed a chunk at a time, every digest of a chunk in flight at once,
 * and then checked one by one in log order against those hashes, as the Node verifier checks them;
 * the tree above the leaves is hashed a level at a time the same way.
 */

export const BUNDLE_FORMAT = 'pointwise-ledger-bundle/1';
const ENTRY_FORMAT = 'pointwise-ledger-entry/1';
const HASH_SIZE = 32;
// Entries (or tree nodes) hashed at once: enough digests in flight to keep WebCrypto busy, few enough
// to report progress often and to stop soon after the first entry that does not fit.
const CHUNK = 4096;

/** Bytes WebCrypto takes: backed by an ArrayBuffer, not a shared one. */
type Bytes = Uint8Array<ArrayBuffer>;

export interface Finding {
  /** The entry that does not fit, when one can be named. */
  index?: number;
  message: string;
}

/** What the Node verifier reports, field for field. */
export interface VerifyReport {
  ok: boolean;
  origin: string | null;
  size: number | null;
  rootHash: string | null;
  checkpoint: string | null;
  previous: { size: number; rootHash: string; note: string } | null;
  findings: Finding[];
}

/** How far verification has got: entries checked, then tree nodes hashed. */
export interface VerifyProgress {
  stage: 'entries' | 'tree';
  done: number;
  total: number;
}

export interface VerifyOptions {
  /** The verifier key to check the checkpoint against, instead of the one the bundle names. */
  key?: string;
  /** An earlier signed checkpoint the bundle's must extend. */
  previous?: string;
  onProgress?: (progress: VerifyProgress) => void;
  signal?: AbortSignal;
  /** Entries (or tree nodes) hashed at once; tests make it small to cross its boundaries. */
  chunkSize?: number;
}

/** This browser cannot verify: no WebCrypto (an insecure context) or no Ed25519 in it. */
export class VerifierUnavailable extends Error {
  override name = 'VerifierUnavailable';
}

interface BundleEntry {
  entry?: EntryShape;
  leafHash?: string;
  salt?: string;
  content?: unknown;
}

interface BundleShape {
  format: string;
  origin: string;
  verifierKey: string;
  checkpoint: string;
  checkpoints: string[];
  entries: BundleEntry[];
}

interface EntryShape {
  format: string;
  index: number;
  commitment: string;
  previousLeaf: string | null;
}

/**
 * Verifies a bundle: the checkpoint's signature, every entry against its index and the log before
 * it, every revealed content against its commitment, the root against the checkpoint, and, with
 * `previous`, consistency with an older checkpoint. Findings come in log order; the first names
 * the first entry that does not fit. Throws VerifierUnavailable when this browser cannot verify.
 */
export async function verifyBundle(data: unknown, options: VerifyOptions = {}): Promise<VerifyReport> {
  const subtle = webCrypto();
  const chunk = options.chunkSize ?? CHUNK;
  const report: VerifyReport = {
    ok: false,
    origin: null,
    size: null,
    rootHash: null,
    checkpoint: null,
    previous: null,
    findings: [],
  };
  const fail = (message: string, index?: number) => {
    report.findings.push(index === undefined ? { message } : { index, message });
    return report;
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return fail('the bundle is not a JSON object');
  const bundle = data as Partial<BundleShape>;
  if (bundle.format !== BUNDLE_FORMAT) return fail(`format: must be "${BUNDLE_FORMAT}"`);
  if (
    typeof bundle.origin !== 'string' ||
    typeof bundle.checkpoint !== 'string' ||
    !Array.isArray(bundle.entries)
  ) {
    return fail('the bundle lacks its origin, checkpoint or entries');
  }
  report.origin = bundle.origin;
  report.checkpoint = bundle.checkpoint;

  let verifier: Verifier;
  try {
    verifier = await parseVerifierKey(subtle, options.key ?? String(bundle.verifierKey));
  } catch (error) {
    if (error instanceof VerifierUnavailable) throw error;
    return fail(`verifier key: ${describe(error)}`);
  }
  if (options.key !== undefined && bundle.verifierKey !== options.key) {
    fail(
      `the bundle names verifier key ${String(bundle.verifierKey)}, not the one given; checking against the one given`,
    );
  }
  let head: Checkpoint;
  try {
    head = await openCheckpoint(bundle.checkpoint, verifier, bundle.origin);
  } catch (error) {
    return fail(`checkpoint: ${describe(error)}`);
  }
  report.size = head.size;
  report.rootHash = encodeBase64(head.rootHash);

  const tree = new Tree(subtle);
  const entries = bundle.entries;
  let previousLeaf: string | null = null;
  for (let start = 0; start < entries.length; start += chunk) {
    options.signal?.throwIfAborted();
    const end = Math.min(entries.length, start + chunk);
    const { leaves, commitments } = await hashChunk(subtle, entries.slice(start, end));
    for (let i = start; i < end; i++) {
      const item = entries[i] as Partial<BundleEntry> | undefined;
      const entry = item?.entry;
      if (item && entry === undefined && typeof item.leafHash === 'string') {
        // An entry withheld from this reader: only its leaf hash, which still fixes the root.
        const leaf = decodeBase64(item.leafHash);
        if (!leaf || leaf.length !== HASH_SIZE)
          return fail(`entry ${i}: its leaf hash is not a base64 SHA-256 hash`, i);
        tree.append(leaf);
        previousLeaf = item.leafHash;
        continue;
      }
      if (!entry || typeof entry !== 'object') return fail(`entry ${i}: is not an entry object`, i);
      if (entry.format !== ENTRY_FORMAT) return fail(`entry ${i}: format is not "${ENTRY_FORMAT}"`, i);
      if (entry.index !== i) {
        return fail(
          `entry ${i}: says it is entry ${String(entry.index)}; entries were removed, added or reordered here`,
          i,
        );
      }
      if (entry.previousLeaf !== previousLeaf) {
        // Entry i pins the entry before it. Entries before i − 1 are pinned by entry i − 1, which matched,
        // so either entry i − 1 was altered or entry i's own record of it was.
        if (i === 0)
          return fail('entry 0: records an entry before it, but it is the first entry; it was altered', 0);
        return fail(
          `entry ${i - 1}: does not match what entry ${i} records of the entry before it; entry ${i - 1} (or that record in entry ${i}) was altered`,
          i - 1,
        );
      }
      const commitment = commitments[i - start];
      if (commitment !== undefined) {
        if (commitment === BAD_SALT) return fail(`entry ${i}: its salt is not base64`, i);
        if ('error' in commitment)
          return fail(`entry ${i}: its content cannot be read: ${describe(commitment.error)}`, i);
        if (encodeBase64(new Uint8Array(commitment)) !== entry.commitment)
          return fail(`entry ${i}: its content does not match its commitment; the content was altered`, i);
      }
      const leaf = leaves[i - start]!;
      if ('error' in leaf) return fail(`entry ${i}: cannot be hashed: ${describe(leaf.error)}`, i);
      const leafHash = new Uint8Array(leaf);
      tree.append(leafHash);
      previousLeaf = encodeBase64(leafHash);
    }
    options.onProgress?.({ stage: 'entries', done: end, total: entries.length });
  }

  if (entries.length !== head.size) {
    if (entries.length < head.size)
      return fail(
        `entry ${entries.length}: is missing; the checkpoint covers ${head.size} entries, the bundle has ${entries.length}`,
        entries.length,
      );
    return fail(`the bundle has ${entries.length} entries, more than the ${head.size} its checkpoint covers`);
  }
  await tree.complete(options);
  if (!equalBytes(await tree.root(head.size), head.rootHash)) {
    const narrowed = await narrowDown(tree, bundle.checkpoints ?? [], verifier, bundle.origin);
    return fail(
      narrowed ??
        `entry ${head.size - 1}: the entries do not give the signed root; the last entry, or the log's own record of itself, was rewritten`,
      narrowed ? undefined : head.size - 1,
    );
  }

  if (options.previous !== undefined) {
    let before: Checkpoint;
    try {
      before = await openCheckpoint(options.previous, verifier, bundle.origin);
    } catch (error) {
      return fail(`previous checkpoint: ${describe(error)}`);
    }
    report.previous = { size: before.size, rootHash: encodeBase64(before.rootHash), note: options.previous };
    if (before.size > head.size) {
      return fail(
        `the previous checkpoint (size ${before.size}) is larger than this bundle's (size ${head.size}); the log shrank`,
      );
    }
    const consistent =
      before.size === 0
        ? false
        : await verifyConsistency(subtle, {
            size1: before.size,
            size2: head.size,
            root1: before.rootHash,
            root2: head.rootHash,
            proof: await tree.consistencyProof(before.size, head.size),
          });
    if (!consistent) {
      return fail(
        `the log forked: the previous checkpoint (size ${before.size}, root ${encodeBase64(before.rootHash)}) is not a prefix of this one (size ${head.size}, root ${encodeBase64(head.rootHash)})`,
      );
    }
  }
  report.ok = report.findings.length === 0;
  return report;
}

/** When the entries are consistent with themselves but not with the signature, earlier checkpoints bound where. */
async function narrowDown(
  tree: Tree,
  notes: readonly string[],
  verifier: Verifier,
  origin: string,
): Promise<string | null> {
  let lastGood = 0;
  for (const note of notes) {
    let checkpoint: Checkpoint;
    try {
      checkpoint = await openCheckpoint(note, verifier, origin);
    } catch {
      continue;
    }
    if (checkpoint.size === 0 || checkpoint.size > tree.size) continue;
    if (equalBytes(await tree.root(checkpoint.size), checkpoint.rootHash)) {
      lastGood = Math.max(lastGood, checkpoint.size);
    } else {
      return `entries ${lastGood} to ${checkpoint.size - 1}: one of them was rewritten (the entries up to ${lastGood} match a signed checkpoint; up to ${checkpoint.size} they do not)`;
    }
  }
  return null;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---- Hashing a chunk of entries: leaf hashes and content commitments, before they are checked ----

/** A digest, or why there is none: kept, not thrown, until the check that needs it. */
type Digest = ArrayBuffer | { error: unknown };
const BAD_SALT = 'bad salt';

/**
 * Starts every digest of the chunk at once and waits for them all: each entry's leaf hash
 * SHA-256(0x00 || canonical entry) and, where a salt or content is revealed, its commitment
 * SHA-256(salt || canonical content). Items that are not entries get neither.
 */
async function hashChunk(
  subtle: SubtleCrypto,
  items: readonly unknown[],
): Promise<{ leaves: (Digest | undefined)[]; commitments: (Digest | typeof BAD_SALT | undefined)[] }> {
  // Inputs are written after all are known, into one buffer: allocating a buffer per input costs
  // more than the hashing.
  const inputs: { prefix: Uint8Array; text: string }[] = [];
  const input = (prefix: Uint8Array, value: unknown): number | { error: unknown } => {
    try {
      return inputs.push({ prefix, text: canonicalJson(value) }) - 1;
    } catch (error) {
      return { error };
    }
  };
  const leaves: (number | Digest | undefined)[] = [];
  const commitments: (number | Digest | typeof BAD_SALT | undefined)[] = [];
  for (const value of items) {
    const item = value as Partial<BundleEntry> | undefined;
    const entry = item?.entry;
    if (!entry || typeof entry !== 'object') {
      leaves.push(undefined);
      commitments.push(undefined);
      continue;
    }
    if (item!.salt === undefined && item!.content === undefined) commitments.push(undefined);
    else {
      const salt = typeof item!.salt === 'string' ? decodeBase64(item!.salt) : null;
      commitments.push(salt ? input(salt, item!.content) : BAD_SALT);
    }
    leaves.push(input(LEAF_PREFIX, entry));
  }
  // At most three UTF-8 bytes per UTF-16 code unit; canonical JSON has no lone surrogates.
  const buffer = new Uint8Array(
    inputs.reduce((n, { prefix, text }) => n + prefix.length + text.length * 3, 0),
  );
  let at = 0;
  const digests = await Promise.all(
    inputs.map(({ prefix, text }) => {
      buffer.set(prefix, at);
      const { written } = encoder.encodeInto(text, buffer.subarray(at + prefix.length));
      const data = buffer.subarray(at, at + prefix.length + written);
      at += prefix.length + written;
      return subtle.digest('SHA-256', data);
    }),
  );
  const resolve = <T>(d: number | T) => (typeof d === 'number' ? digests[d]! : d);
  return { leaves: leaves.map(resolve), commitments: commitments.map(resolve) };
}

const LEAF_PREFIX = Uint8Array.of(0x00);

// ---- WebCrypto and bytes ----

function webCrypto(): SubtleCrypto {
  const crypto = (globalThis as { crypto?: Crypto }).crypto;
  if (!crypto?.subtle) {
    throw new VerifierUnavailable('WebCrypto is not available here; it needs a secure context (HTTPS)');
  }
  return crypto.subtle;
}

async function sha256(subtle: SubtleCrypto, data: Bytes): Promise<Bytes> {
  return new Uint8Array(await subtle.digest('SHA-256', data));
}

/** SHA-256(0x01 || left || right): an interior node (RFC 9162 §2.1.1). */
function hashChildren(subtle: SubtleCrypto, left: Uint8Array, right: Uint8Array): Promise<Bytes> {
  return sha256(subtle, concat(Uint8Array.of(0x01), left, right));
}

function concat(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const encoder = new TextEncoder();
const utf8 = (text: string): Bytes => encoder.encode(text);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const SEXTETS = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) SEXTETS[ALPHABET.charCodeAt(i)] = i;

/** Standard base64 (RFC 4648 §4) with padding. By table: btoa needs a binary string first, which costs more. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  if (i + 1 === bytes.length) {
    const n = bytes[i]! << 16;
    out += `${ALPHABET[n >> 18]!}${ALPHABET[(n >> 12) & 63]!}==`;
  } else if (i + 2 === bytes.length) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${ALPHABET[n >> 18]!}${ALPHABET[(n >> 12) & 63]!}${ALPHABET[(n >> 6) & 63]!}=`;
  }
  return out;
}

/**
 * Decodes standard base64 written in its one canonical spelling (padded, standard alphabet, unused
 * bits zero), or returns null: what src/ledger/base64.ts accepts, so a hash or signature has one
 * textual form.
 */
export function decodeBase64(text: string): Bytes | null {
  if (text.length % 4 !== 0) return null;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - pad);
  const sextet = (at: number) => {
    const code = text.charCodeAt(at);
    return code < 128 ? SEXTETS[code]! : -1;
  };
  for (let i = 0, o = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const a = sextet(i);
    const b = sextet(i + 1);
    const c = last && pad === 2 ? 0 : sextet(i + 2);
    const d = last && pad > 0 ? 0 : sextet(i + 3);
    if ((a | b | c | d) < 0) return null;
    // The bits after the last byte must be zero, or several spellings would give the same bytes.
    if (last && ((pad === 2 && (b & 15) !== 0) || (pad === 1 && (c & 3) !== 0))) return null;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[o++] = n >> 16;
    if (o < bytes.length) bytes[o++] = (n >> 8) & 255;
    if (o < bytes.length) bytes[o++] = n & 255;
  }
  return bytes;
}

function readUint32(bytes: Uint8Array): number {
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}

// ---- Verifier keys (C2SP signed-note, Ed25519), as src/ledger/note-keys.ts ----

const ED25519 = 0x01;

interface Verifier {
  name: string;
  keyId: number;
  verify(text: Bytes, signature: Bytes): Promise<boolean>;
}

function isValidKeyName(name: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  return name !== '' && !/[\p{White_Space}+\p{Surrogate}\u0000-\u001f]/u.test(name);
}

async function parseVerifierKey(subtle: SubtleCrypto, verifierKey: string): Promise<Verifier> {
  const what = `verifier key "${verifierKey}"`;
  const [name = '', id = '', key = ''] = chop(verifierKey, 3);
  if (!isValidKeyName(name)) refuseKey(`${what}: bad key name`);
  if (!/^[0-9a-fA-F]{8}$/.test(id)) refuseKey(`${what}: the key id is not 8 hex digits`);
  const bytes = decodeBase64(key);
  if (!bytes || bytes.length === 0) refuseKey(`${what}: the key is not base64`);
  if (bytes[0] !== ED25519) refuseKey(`${what}: signature type ${bytes[0]} is not Ed25519 (1)`);
  if (bytes.length !== 33) refuseKey(`${what}: an Ed25519 key has 32 bytes, not ${bytes.length - 1}`);
  const keyId = Number.parseInt(id, 16);
  // The key id: the first four bytes of SHA-256(name || 0x0A || type || public key).
  if (readUint32(await sha256(subtle, concat(utf8(`${name}\n`), bytes))) !== keyId)
    refuseKey(`${what}: the key id does not match the name and key`);
  let publicKey: CryptoKey;
  try {
    publicKey = await subtle.importKey('raw', bytes.slice(1), { name: 'Ed25519' }, false, ['verify']);
  } catch (error) {
    if ((error as { name?: unknown } | null)?.name === 'NotSupportedError')
      throw new VerifierUnavailable('this browser cannot check Ed25519 signatures');
    throw error;
  }
  return {
    name,
    keyId,
    verify: async (text, signature) =>
      signature.length === 64 && (await subtle.verify({ name: 'Ed25519' }, publicKey, signature, text)),
  };
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

function refuseKey(why: string): never {
  throw new Error(why);
}

// ---- Signed notes and checkpoints (C2SP), as src/ledger/signed-note.ts and checkpoint.ts ----

const SIGNATURE_PREFIX = '\u2014 ';
const MAX_SIGNATURES = 100;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const FORBIDDEN = /[\u0000-\u0009\u000b-\u001f]|\p{Surrogate}/u;
const SIZE = /^(0|[1-9][0-9]*)$/;

interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Bytes;
}

/** The signed text of a note, once a signature by `verifier` is on it and every one of them verifies. */
async function openNote(all: string, verifier: Verifier): Promise<string> {
  if (typeof all !== 'string') malformed('the note is not text');
  if (FORBIDDEN.test(all)) malformed('the note contains a control character or a lone surrogate');
  // The text ends at the last blank line: signature lines never contain one, the text may.
  const split = all.lastIndexOf('\n\n');
  if (split < 0) malformed('the note has no blank line before its signatures');
  const text = all.slice(0, split + 1);
  const block = all.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) malformed('the signature lines must end in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) malformed(`the note has more than ${MAX_SIGNATURES} signatures`);
  const message = utf8(text);
  let verified = false;
  for (const line of lines) {
    const { name, keyId, bytes } = parseSignatureLine(line);
    // Signatures by other keys (witness cosignatures) are set aside unchecked.
    if (name !== verifier.name || keyId !== verifier.keyId) continue;
    if (!(await verifier.verify(message, bytes.slice(4))))
      throw new Error(`the signature by ${name} does not verify`);
    verified = true;
  }
  if (!verified) throw new Error('the note carries no signature by a known key');
  return text;
}

function parseSignatureLine(line: string): { name: string; keyId: number; bytes: Bytes } {
  if (!line.startsWith(SIGNATURE_PREFIX))
    malformed('a signature line must start with an em dash and a space');
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = rest.slice(0, space);
  const bytes = space < 0 ? null : decodeBase64(rest.slice(space + 1));
  if (!isValidKeyName(name) || !bytes || bytes.length < 5) malformed(`bad signature line "${line}"`);
  return { name, keyId: readUint32(bytes), bytes };
}

function malformed(why: string): never {
  throw new Error(why);
}

async function openCheckpoint(note: string, verifier: Verifier, origin: string): Promise<Checkpoint> {
  const checkpoint = parseCheckpoint(await openNote(note, verifier));
  if (checkpoint.origin !== origin) {
    throw new Error(`the checkpoint is for "${checkpoint.origin}", not "${origin}"`);
  }
  return checkpoint;
}

function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) malformed('a checkpoint ends in a newline');
  const [origin = '', size = '', root = '', ...extensions] = text.slice(0, -1).split('\n');
  if (origin === '') malformed('the origin line is empty or missing');
  if (!SIZE.test(size) || !isTreeSize(Number(size))) malformed(`"${size}" is not a tree size`);
  const rootHash = decodeBase64(root);
  if (!rootHash || rootHash.length !== HASH_SIZE) malformed(`"${root}" is not a base64 SHA-256 root hash`);
  if (extensions.includes('')) malformed('extension lines must be non-empty');
  return { origin, size: Number(size), rootHash };
}

// ---- The Merkle tree (RFC 9162), as src/ledger/merkle*.ts ----

const isTreeSize = (n: number) => Number.isSafeInteger(n) && n >= 0;
const isPowerOfTwo = (n: number) => n >= 1 && 2 ** Math.round(Math.log2(n)) === n;

/** The largest power of two strictly below `n` (n ≥ 2): where RFC 9162 splits a tree of n leaves. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** One level of complete subtrees, packed 32 bytes apiece. */
class Level {
  bytes: Bytes;
  count = 0;

  constructor(capacity = 16) {
    this.bytes = new Uint8Array(HASH_SIZE * Math.max(capacity, 1));
  }

  push(hash: Uint8Array): void {
    if ((this.count + 1) * HASH_SIZE > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes.set(hash, this.count * HASH_SIZE);
    this.count += 1;
  }

  at(index: number): Bytes {
    return this.bytes.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  }
}

/**
 * The leaves, then every complete subtree above them, hashed a level at a time once all leaves are
 * in (`complete`); roots and proofs for any size are then O(log n) hashes, as in MerkleTree.
 */
class Tree {
  readonly #levels: Level[] = [new Level()];
  readonly #subtle: SubtleCrypto;

  constructor(subtle: SubtleCrypto) {
    this.#subtle = subtle;
  }

  get size(): number {
    return this.#levels[0]!.count;
  }

  append(leafHash: Uint8Array): void {
    this.#levels[0]!.push(leafHash);
  }

  /** Hashes every complete subtree above the leaves. */
  async complete({
    onProgress,
    signal,
    chunkSize: chunk = CHUNK,
  }: Pick<VerifyOptions, 'onProgress' | 'signal' | 'chunkSize'>): Promise<void> {
    let total = 0;
    for (let n = this.size; n >= 2; n = Math.floor(n / 2)) total += Math.floor(n / 2);
    let done = 0;
    onProgress?.({ stage: 'tree', done, total });
    for (let level = 0; this.#levels[level]!.count >= 2; level++) {
      const below = this.#levels[level]!;
      const pairs = Math.floor(below.count / 2);
      const above = new Level(pairs);
      for (let start = 0; start < pairs; start += chunk) {
        signal?.throwIfAborted();
        const end = Math.min(pairs, start + chunk);
        // One buffer for the chunk: each node's input is its own 65 bytes of it.
        const inputs = new Uint8Array((end - start) * 65);
        const digests: Promise<ArrayBuffer>[] = [];
        for (let j = start; j < end; j++) {
          const input = inputs.subarray((j - start) * 65, (j - start + 1) * 65);
          input[0] = 0x01;
          input.set(below.bytes.subarray(2 * j * HASH_SIZE, (2 * j + 2) * HASH_SIZE), 1);
          digests.push(this.#subtle.digest('SHA-256', input));
        }
        for (const hash of await Promise.all(digests)) above.push(new Uint8Array(hash));
        done += end - start;
        onProgress?.({ stage: 'tree', done, total });
      }
      this.#levels[level + 1] = above;
    }
  }

  /** The hash of the complete subtree of 2^level leaves starting at leaf index·2^level. */
  readonly node = (level: number, index: number): Bytes => {
    const nodes = this.#levels[level];
    if (!nodes || !isTreeSize(index) || index >= nodes.count) {
      throw new RangeError(`no complete subtree ${index} at level ${level}`);
    }
    return nodes.at(index);
  };

  /** The root hash of the tree of the first `size` leaves. */
  async root(size: number): Promise<Bytes> {
    return size === 0 ? sha256(this.#subtle, new Uint8Array(0)) : this.#subtree(0, size);
  }

  /** The RFC 9162 §2.1.4.1 consistency proof between the first `size1` and `size2` leaves (0 < size1 ≤ size2). */
  async consistencyProof(size1: number, size2: number): Promise<Bytes[]> {
    const nodes: Bytes[] = [];
    let start = 0;
    let end = size2;
    let m = size1;
    let whole = true;
    while (m !== end - start) {
      const k = splitPoint(end - start);
      if (m <= k) {
        nodes.push(await this.#subtree(start + k, end));
        end = start + k;
      } else {
        nodes.push(await this.#subtree(start, start + k));
        start += k;
        m -= k;
        whole = false;
      }
    }
    if (!whole) nodes.push(await this.#subtree(start, end));
    return nodes.reverse();
  }

  /** MTH of the leaves [start, end), from complete subtrees. */
  async #subtree(start: number, end: number): Promise<Bytes> {
    const n = end - start;
    if (isPowerOfTwo(n) && start % n === 0) return this.node(Math.round(Math.log2(n)), start / n);
    const k = splitPoint(n);
    return hashChildren(
      this.#subtle,
      await this.#subtree(start, start + k),
      await this.#subtree(start + k, end),
    );
  }
}

/** RFC 9162 §2.1.4.2, as src/ledger/merkle-verify.ts (with 0 < size1 ≤ size2 checked by the caller). */
async function verifyConsistency(
  subtle: SubtleCrypto,
  {
    size1,
    size2,
    root1,
    root2,
    proof,
  }: { size1: number; size2: number; root1: Bytes; root2: Bytes; proof: Bytes[] },
): Promise<boolean> {
  const half = (x: number) => Math.floor(x / 2);
  const lsb = (x: number) => x % 2 === 1;
  if (size1 === size2) return proof.length === 0 && equalBytes(root1, root2);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  const [first, ...rest] = path;
  if (!first) return false;
  let fr = first;
  let sr = first;
  for (const c of rest) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = await hashChildren(subtle, c, fr);
      sr = await hashChildren(subtle, c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = await hashChildren(subtle, sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return equalBytes(fr, root1) && equalBytes(sr, root2) && sn === 0;
}
