import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeBase64 } from './base64.ts';
import { BUNDLE_FORMAT, formatReport, verifyBundle, type LedgerBundle } from './bundle.ts';
import { signCheckpoint } from './checkpoint.ts';
import { commitTo, ENTRY_FORMAT, entryLeafHash, type LedgerEntry } from './ledger-entry.ts';
import { MerkleTree } from './merkle-tree.ts';
import { generateSignerKey, parseSignerKey } from './note-keys.ts';

const signer = parseSignerKey(generateSignerKey('pointwise-test').signerKey);
const ORIGIN = 'pointwise-test/talks';

/** A real log of `n` entries, with `change(i)` as entry i's content; signed checkpoints at every size in `at`. */
function buildLog(n: number, change: (i: number) => unknown = (i) => ({ key: `p${i}`, name: `Party ${i}` })) {
  const tree = new MerkleTree();
  const entries: LedgerBundle['entries'] = [];
  const notes = new Map<number, string>();
  for (let i = 0; i < n; i++) {
    const content = change(i);
    // Deterministic salts, so two logs built with the same changes are the same log.
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
    notes.set(
      i + 1,
      signCheckpoint({ origin: ORIGIN, size: i + 1, rootHash: tree.root(), extensions: [] }, [signer]),
    );
  }
  const bundle = (size = n, earlier: number[] = []): LedgerBundle => ({
    format: BUNDLE_FORMAT,
    origin: ORIGIN,
    verifierKey: signer.verifierKey,
    checkpoint: notes.get(size)!,
    checkpoints: earlier.map((s) => notes.get(s)!),
    entries: structuredClone(entries.slice(0, size)),
  });
  return { bundle, notes };
}

describe('verifyBundle', () => {
  it('accepts an untouched log, and checks it against the key given', () => {
    const { bundle } = buildLog(12);
    expect(verifyBundle(bundle(), { key: signer.verifierKey })).toMatchObject({
      ok: true,
      size: 12,
      findings: [],
    });
    const other = generateSignerKey('pointwise-test').verifierKey;
    const report = verifyBundle(bundle(), { key: other });
    expect(report.ok).toBe(false);
    expect(report.findings.at(-1)!.message).toMatch(/^checkpoint: /);
  });

  it('names the first entry that does not fit, whatever was done to it', () => {
    const { bundle } = buildLog(12);
    const cases: [string, (b: LedgerBundle) => void, number, RegExp][] = [
      [
        'a changed field',
        (b) => (b.entries[4]!.entry!.recordedAt = '2021-01-01T00:00:00.000Z'),
        4,
        /entry 4: does not match what entry 5 records/,
      ],
      [
        'the last entry changed',
        (b) => (b.entries[11]!.entry!.type = 'party.deleted'),
        11,
        /entry 11: the entries do not give the signed root/,
      ],
      ['a removed entry', (b) => b.entries.splice(6, 1), 6, /entry 6: says it is entry 7/],
      [
        'two entries swapped',
        (b) => ([b.entries[2], b.entries[8]] = [b.entries[8]!, b.entries[2]!]),
        2,
        /entry 2: says it is entry 8/,
      ],
      [
        'the last entry removed',
        (b) => b.entries.pop(),
        11,
        /entry 11: is missing; the checkpoint covers 12 entries/,
      ],
      [
        'changed content',
        (b) => (b.entries[3]!.content = { key: 'p3', name: 'Someone else' }),
        3,
        /entry 3: its content does not match its commitment/,
      ],
      [
        'a changed salt',
        (b) => (b.entries[9]!.salt = encodeBase64(randomBytes(32))),
        9,
        /entry 9: its content does not match/,
      ],
      [
        'a forged record of the log',
        (b) => (b.entries[0]!.entry!.previousLeaf = b.entries[1]!.entry!.previousLeaf),
        0,
        /entry 0: records an entry before it/,
      ],
    ];
    for (const [what, mutate, index, pattern] of cases) {
      const b = bundle();
      mutate(b);
      const report = verifyBundle(b, { key: signer.verifierKey });
      expect(report.ok, what).toBe(false);
      expect(report.findings[0], what).toMatchObject({ index, message: expect.stringMatching(pattern) });
    }
  });

  it('verifies without revealed content, and refuses extra entries', () => {
    const { bundle } = buildLog(5);
    const sealed = bundle();
    for (const e of sealed.entries) {
      delete e.salt;
      delete e.content;
    }
    expect(verifyBundle(sealed).ok).toBe(true);
    const extra = bundle(4);
    extra.entries.push(bundle().entries[4]!);
    expect(verifyBundle(extra).findings[0]!.message).toMatch(/the bundle has 5 entries, more than the 4/);
  });

  it('narrows a rewrite by someone without the key down to the checkpoints around it', () => {
    // Entry 5 rewritten and every later record of the log recomputed, but the signature cannot be.
    const honest = buildLog(12);
    const forged = buildLog(12, (i) =>
      i === 5 ? { key: 'p5', name: 'Forged' } : { key: `p${i}`, name: `Party ${i}` },
    );
    const bundle = honest.bundle(12, [4, 8]);
    bundle.entries = forged.bundle().entries;
    const report = verifyBundle(bundle);
    expect(report.ok).toBe(false);
    expect(report.findings[0]!.message).toBe(
      'entries 4 to 7: one of them was rewritten (the entries up to 4 match a signed checkpoint; up to 8 they do not)',
    );
  });

  it('shows both checkpoints when two logs differ at one entry (a fork signed with the key)', () => {
    const honest = buildLog(12);
    const forged = buildLog(12, (i) =>
      i === 5 ? { key: 'p5', name: 'Forged' } : { key: `p${i}`, name: `Party ${i}` },
    );
    // On its own the forged log is consistent and signed; only a checkpoint kept from before shows the fork.
    expect(verifyBundle(forged.bundle()).ok).toBe(true);
    expect(verifyBundle(forged.bundle(), { previous: honest.notes.get(5)! }).ok).toBe(true);
    const report = verifyBundle(forged.bundle(), { previous: honest.notes.get(6)! });
    expect(report.ok).toBe(false);
    expect(report.findings[0]!.message).toMatch(
      /^the log forked: the previous checkpoint \(size 6, root .+\) is not a prefix of this one \(size 12, root .+\)$/,
    );
    expect(report.previous).toMatchObject({ size: 6, note: honest.notes.get(6) });
    const text = formatReport(report);
    expect(text).toContain('Checkpoint in the bundle:');
    expect(text).toContain('Previous checkpoint:');
    expect(text).toContain(honest.notes.get(6)!.split('\n')[2]!);
    expect(text).toContain(forged.notes.get(12)!.split('\n')[2]!);
  });

  it('accepts a bundle that extends the previous checkpoint, and refuses one that shrank', () => {
    const { bundle, notes } = buildLog(9);
    expect(verifyBundle(bundle(), { previous: notes.get(3)! })).toMatchObject({
      ok: true,
      previous: { size: 3 },
    });
    expect(verifyBundle(bundle(9), { previous: notes.get(9)! }).ok).toBe(true);
    expect(verifyBundle(bundle(5), { previous: notes.get(7)! }).findings[0]!.message).toMatch(
      /larger than this bundle's .* the log shrank/,
    );
  });

  it('refuses what is not a bundle, in one finding', () => {
    for (const data of [null, [], 'x', { format: 'other' }, { format: BUNDLE_FORMAT }]) {
      const report = verifyBundle(data);
      expect(report.ok).toBe(false);
      expect(report.findings).toHaveLength(1);
    }
  });
});
