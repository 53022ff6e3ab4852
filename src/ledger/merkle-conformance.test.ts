import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashLeaf, rootHash } from './merkle.ts';
import { referenceRoot } from './merkle-reference.ts';
import { MerkleTree } from './merkle-tree.ts';
import { verifyConsistency, verifyInclusion } from './merkle-verify.ts';

const FIXTURES = new URL('../../../shared/fixtures/merkle/', import.meta.url);

interface InclusionCase {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

interface ConsistencyCase {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

// Every JSON file under the folder, however deep, so a case added to the fixtures is tested too.
function cases<T>(folder: string): [string, T][] {
  const dir = new URL(`${folder}/`, FIXTURES);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => [`${folder}/${file}`, JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as T]);
}

const bytes = (base64: string): Uint8Array => Buffer.from(base64, 'base64');
const proofOf = (proof: string[] | null): Uint8Array[] => (proof ?? []).map(bytes);

// 12-byte "roots" that the upstream verifier accepts because it compares bytes without checking their
// length. Here every hash must be 32 bytes, so this case is refused on purpose (see the README).
const REFUSED_ON_PURPOSE = 'consistency/additional/sizes-are-equal-one-and-proof-is-empty.json';

// Note: JSON.parse turns the fixtures' leafIdx 2^64−1 ("leafIdx sub @1") into 2^64, an unsafe integer;
// the verifier refuses any size or index that is not a safe integer, so the case still fails as wanted.

describe('RFC 9162 inclusion proofs (transparency-dev/merkle vectors)', () => {
  const all = cases<InclusionCase>('inclusion');

  it('finds the vectors', () => expect(all.length).toBe(98));

  it.each(all)('%s', (_file, c) => {
    const ok = verifyInclusion({
      leafHash: bytes(c.leafHash),
      index: c.leafIdx,
      size: c.treeSize,
      proof: proofOf(c.proof),
      root: bytes(c.root),
    });
    expect(ok).toBe(!c.wantErr);
  });
});

describe('RFC 9162 consistency proofs (transparency-dev/merkle vectors)', () => {
  const all = cases<ConsistencyCase>('consistency');

  it('finds the vectors', () => expect(all.length).toBe(98));

  it.each(all)('%s', (file, c) => {
    const ok = verifyConsistency({
      size1: c.size1,
      size2: c.size2,
      root1: bytes(c.root1),
      root2: bytes(c.root2),
      proof: proofOf(c.proof),
    });
    expect(ok).toBe(file === REFUSED_ON_PURPOSE ? false : !c.wantErr);
  });

  it('accepts what the refused case means once its roots are real hashes', () => {
    const root = hashLeaf(Buffer.from('x'));
    expect(verifyConsistency({ size1: 1, size2: 1, root1: root, root2: root, proof: [] })).toBe(true);
  });
});

describe('tree roots and proofs from the fixture leaves', () => {
  const fixture = JSON.parse(readFileSync(new URL('tree-roots.json', FIXTURES), 'utf8')) as {
    leafInputsHex: string[];
    rootHashesHexBySize: string[];
  };
  const entries = fixture.leafInputsHex.map((hex) => Buffer.from(hex, 'hex'));
  const leafHashes = entries.map(hashLeaf);
  const tree = MerkleTree.fromLeafHashes(leafHashes);

  it.each(fixture.rootHashesHexBySize.map((hex, size) => [size, hex] as const))(
    'root of size %i',
    (size, hex) => {
      expect(Buffer.from(rootHash(leafHashes.slice(0, size))).toString('hex')).toBe(hex);
      expect(Buffer.from(tree.root(size)).toString('hex')).toBe(hex);
      expect(Buffer.from(referenceRoot(entries.slice(0, size))).toString('hex')).toBe(hex);
    },
  );

  // The happy-path vectors are proofs over these same eight leaves, so generation must reproduce them.
  it.each(cases<InclusionCase>('inclusion').filter(([file]) => file.endsWith('/happy-path.json')))(
    'generates the proof of %s',
    (_file, c) => {
      expect(tree.inclusionProof(c.leafIdx, c.treeSize)).toEqual(
        proofOf(c.proof).map((p) => Uint8Array.from(p)),
      );
      expect(tree.root(c.treeSize)).toEqual(Uint8Array.from(bytes(c.root)));
    },
  );

  it.each(cases<ConsistencyCase>('consistency').filter(([file]) => file.endsWith('/happy-path.json')))(
    'generates the proof of %s',
    (_file, c) => {
      expect(tree.consistencyProof(c.size1, c.size2)).toEqual(
        proofOf(c.proof).map((p) => Uint8Array.from(p)),
      );
    },
  );
});
