import { createHash, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from './base64.ts';
import { BUNDLE_FORMAT, type LedgerBundle } from './bundle.ts';
import { signCheckpoint } from './checkpoint.ts';
import {
  addSignatures,
  cosignedAt,
  generateCosignerKey,
  parseCosignerKey,
  parseCosignerVerifier,
} from './cosignature.ts';
import { commitTo, ENTRY_FORMAT, entryLeafHash, type LedgerEntry } from './ledger-entry.ts';
import { MerkleTree } from './merkle-tree.ts';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from './note-keys.ts';
import { openNote } from './signed-note.ts';
import { EMPTY_WITNESS_STATE, witnessBundle } from './witness.ts';

const log = parseSignerKey(generateSignerKey('pointwise-test').signerKey);
const ORIGIN = 'pointwise-test/talks';

/** A log whose entry `forkAt` (if given) differs from the honest one's; bundles at any size. */
function logOf(n: number, forkAt = -1) {
  const tree = new MerkleTree();
  const entries: LedgerBundle['entries'] = [];
  for (let i = 0; i < n; i++) {
    const content = { key: `p${i}`, name: i === forkAt ? 'Forged' : `Party ${i}` };
    const salt = createHash('sha256')
      .update(`salt ${i} ${JSON.stringify(content)}`)
      .digest();
    const entry: LedgerEntry = {
      format: ENTRY_FORMAT,
      dossier: 'talks',
      index: i,
      type: 'party.created',
      subject: `p${i}`,
      actor: { kind: 'system', label: 'test' },
      recordedAt: new Date(Date.UTC(2022, 0, 1, 0, i)).toISOString(),
      commitment: commitTo(content, salt),
      previousLeaf: i === 0 ? null : encodeBase64(tree.node(0, i - 1)),
    };
    tree.append(entryLeafHash(entry));
    entries.push({ entry, salt: encodeBase64(salt), content });
  }
  return (size: number): LedgerBundle => ({
    format: BUNDLE_FORMAT,
    origin: ORIGIN,
    verifierKey: log.verifierKey,
    checkpoint: signCheckpoint({ origin: ORIGIN, size, rootHash: tree.root(size), extensions: [] }, [log]),
    checkpoints: [],
    entries: entries.slice(0, size),
  });
}

describe('cosignatures (C2SP tlog-cosignature/v1)', () => {
  const keys = generateCosignerKey('witness.example/w1');
  const cosigner = parseCosignerKey(keys.signerKey, () => 1_679_315_147);
  const checkpoint = logOf(3)(3).checkpoint;

  it('signs "cosignature/v1", the time and the checkpoint text, as the spec says, with a type 0x04 key id', () => {
    const cosigned = addSignatures(checkpoint, [cosigner]);
    const line = cosigned.trimEnd().split('\n').at(-1)!;
    expect(line.startsWith('— witness.example/w1 ')).toBe(true);
    const bytes = decodeBase64(line.split(' ')[2]!)!;
    expect(bytes).toHaveLength(4 + 8 + 64);
    const publicKey = decodeBase64(keys.verifierKey.split('+').slice(2).join('+'))!;
    expect(publicKey[0]).toBe(0x04);
    const id = createHash('sha256').update('witness.example/w1\n').update(publicKey).digest().subarray(0, 4);
    expect(Buffer.from(bytes.subarray(0, 4))).toEqual(id);
    expect(Buffer.from(bytes.subarray(4, 12)).readBigUInt64BE(0)).toBe(1_679_315_147n);
    const text = checkpoint.slice(0, checkpoint.lastIndexOf('\n\n') + 1);
    const message = Buffer.from(`cosignature/v1\ntime 1679315147\n${text}`);
    const key = createPublicKey({
      key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey.subarray(1)]),
      format: 'der',
      type: 'spki',
    });
    expect(verify(null, message, key, bytes.subarray(12))).toBe(true);
  });

  it('leaves the log signature valid, verifies with the witness key, and refuses a changed checkpoint', () => {
    const cosigned = addSignatures(checkpoint, [cosigner]);
    expect(openNote(cosigned, [parseVerifierKey(log.verifierKey)]).unverified).toHaveLength(1);
    expect(cosignedAt(cosigned, keys.verifierKey)).toBe(1_679_315_147);
    const lines = cosigned.split('\n');
    lines[1] = String(Number(lines[1]) + 1);
    expect(() => openNote(lines.join('\n'), [parseCosignerVerifier(keys.verifierKey)])).toThrow(
      /does not verify/,
    );
    expect(() => parseCosignerVerifier(log.verifierKey)).toThrow(/not a cosignature\/v1 verifier key/);
  });
});

describe('witnessBundle', () => {
  const cosigner = parseCosignerKey(generateCosignerKey('witness.example/w1').signerKey);
  const honest = logOf(12);

  it('cosigns a first checkpoint and every later one that extends it', () => {
    const first = witnessBundle({ state: EMPTY_WITNESS_STATE, bundle: honest(5), cosigner });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.state.logs[ORIGIN]).toMatchObject({ size: 5, verifierKey: log.verifierKey });
    expect(first.cosigned.startsWith(honest(5).checkpoint)).toBe(true);
    const second = witnessBundle({ state: first.state, bundle: honest(9), cosigner });
    expect(second.ok && second.state.logs[ORIGIN]!.size).toBe(9);
  });

  it('refuses a checkpoint inconsistent with one it saw before, showing both, and keeps its state', () => {
    const seen = witnessBundle({ state: EMPTY_WITNESS_STATE, bundle: honest(8), cosigner });
    if (!seen.ok) throw new Error('expected the first checkpoint to be cosigned');
    const forked = logOf(12, 6);
    const result = witnessBundle({ state: seen.state, bundle: forked(12), cosigner });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/^refused: the log forked: the previous checkpoint \(size 8/);
    expect(result.report?.previous?.note).toBe(honest(8).checkpoint);
    // A stale checkpoint, smaller than one seen, is refused too.
    const stale = witnessBundle({ state: seen.state, bundle: honest(4), cosigner });
    expect(stale.ok).toBe(false);
  });

  it('refuses a log signed by another key than the one it saw first', () => {
    const seen = witnessBundle({ state: EMPTY_WITNESS_STATE, bundle: honest(3), cosigner });
    if (!seen.ok) throw new Error('expected the first checkpoint to be cosigned');
    const impostor = parseSignerKey(generateSignerKey('pointwise-test').signerKey);
    const bundle = honest(5);
    bundle.verifierKey = impostor.verifierKey;
    const result = witnessBundle({ state: seen.state, bundle, cosigner });
    expect(result.ok).toBe(false);
  });
});
