import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyRootHash, hashChildren, hashLeaf, isPowerOfTwo, rootHash, splitPoint } from './merkle.ts';
import { consistencyProof, inclusionProof, subtreeHash } from './merkle-proof.ts';
import type { NodeReader } from './merkle-proof.ts';
import { referenceRoot } from './merkle-reference.ts';
import { entries, hex, leafHashes, tree } from './merkle-test-trees.ts';
import { MerkleTree } from './merkle-tree.ts';
import { verifyConsistency, verifyInclusion } from './merkle-verify.ts';

describe('MerkleTree', () => {
  it('has the SHA-256 of nothing as the root of the empty tree', () => {
    const empty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(hex([new MerkleTree().root(), rootHash([]), emptyRootHash()])).toEqual([empty, empty, empty]);
  });

  it('refuses leaf hashes that are not 32 bytes', () => {
    expect(() => new MerkleTree().append(new Uint8Array(31))).toThrow(RangeError);
    expect(() => new MerkleTree().append(Buffer.from('entry'))).toThrow(RangeError);
  });

  it('hands out copies, so that changing a proof or root cannot change the tree', () => {
    const small = MerkleTree.fromLeafHashes(leafHashes.slice(0, 5));
    const before = hex([small.root(), ...small.inclusionProof(0)]);
    small.root().fill(0);
    for (const node of small.inclusionProof(0)) node.fill(0);
    expect(hex([small.root(), ...small.inclusionProof(0)])).toEqual(before);
  });

  it('refuses nodes, roots and proofs beyond its size', () => {
    const small = MerkleTree.fromLeafHashes(leafHashes.slice(0, 5));
    expect(() => small.node(0, 5)).toThrow(RangeError);
    expect(() => small.node(1, 2)).toThrow(RangeError);
    expect(() => small.node(3, 0)).toThrow(RangeError);
    expect(() => small.root(6)).toThrow(RangeError);
    expect(() => small.consistencyProof(2, 6)).toThrow(RangeError);
  });

  it('hashes any range of leaves as the reference does, aligned or not', () => {
    fc.assert(
      fc.property(fc.nat({ max: 299 }), fc.integer({ min: 1, max: 300 }), (start, length) => {
        const end = Math.min(start + length, 300);
        const want = hex([referenceRoot(entries.slice(start, end))]);
        expect(hex([subtreeHash(tree.node, start, end)])).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});

describe('tree sizes beyond 32 bits', () => {
  // A real log of up to 2^53 leaves that costs nothing to hold: every leaf is the same but one, the
  // target, so a complete subtree has one of two hashes per level, depending on whether it holds the
  // target. Proofs on it exercise the arithmetic, which must not wrap at 2^32 as bit operators do.
  function hugeLog(target: number): NodeReader {
    const same = [hashLeaf(Buffer.from('same'))];
    const holding = [hashLeaf(Buffer.from('target'))];
    for (let level = 1; level <= 53; level += 1) {
      const below = same[level - 1]!;
      const targetBelow = holding[level - 1]!;
      same.push(hashChildren(below, below));
      const onTheRight = Math.floor(target / 2 ** (level - 1)) % 2 === 1;
      holding.push(onTheRight ? hashChildren(below, targetBelow) : hashChildren(targetBelow, below));
    }
    return (level, index) => (Math.floor(target / 2 ** level) === index ? holding : same)[level]!;
  }

  it('splits and recognises powers of two exactly up to 2^53', () => {
    expect(splitPoint(2 ** 53 - 1)).toBe(2 ** 52);
    expect(splitPoint(2 ** 40 + 1)).toBe(2 ** 40);
    expect(splitPoint(2 ** 40)).toBe(2 ** 39);
    expect([2 ** 52, 2 ** 32, 1].every(isPowerOfTwo)).toBe(true);
    expect([2 ** 52 + 1, 2 ** 53 - 1, 2 ** 32 - 1, 0, 3].some(isPowerOfTwo)).toBe(false);
  });

  it('makes and verifies inclusion and consistency proofs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2 ** 32, max: Number.MAX_SAFE_INTEGER }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (size, fraction) => {
          const index = Math.min(Math.floor(fraction * size), size - 1);
          const read = hugeLog(index);
          const root = subtreeHash(read, 0, size);
          const proof = inclusionProof(read, index, size);
          const leafHash = read(0, index);
          expect(verifyInclusion({ leafHash, index, size, proof, root })).toBe(true);
          expect(
            verifyInclusion({ leafHash, index: index < size - 1 ? index + 1 : index - 1, size, proof, root }),
          ).toBe(false);
          const size1 = index + 1;
          const root1 = subtreeHash(read, 0, size1);
          const consistency = consistencyProof(read, size1, size);
          expect(verifyConsistency({ size1, size2: size, root1, root2: root, proof: consistency })).toBe(
            true,
          );
          if (size1 < size) {
            const longer = subtreeHash(read, 0, size1 + 1);
            expect(
              verifyConsistency({ size1, size2: size, root1: longer, root2: root, proof: consistency }),
            ).toBe(false);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses sizes and indexes that are not safe integers', () => {
    const leafHash = hashLeaf(Buffer.from('x'));
    const claim = { leafHash, proof: [], root: leafHash };
    expect(verifyInclusion({ ...claim, index: 0, size: 1 })).toBe(true);
    expect(verifyInclusion({ ...claim, index: 0, size: 1.5 })).toBe(false);
    expect(verifyInclusion({ ...claim, index: 0, size: 2 ** 53 })).toBe(false);
    expect(verifyInclusion({ ...claim, index: Number.NaN, size: 1 })).toBe(false);
    expect(
      verifyConsistency({ size1: 1, size2: 2 ** 64, root1: leafHash, root2: leafHash, proof: [leafHash] }),
    ).toBe(false);
  });
});
