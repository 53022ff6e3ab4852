import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashLeaf } from './merkle.ts';
import { consistencyProof } from './merkle-proof.ts';
import { referenceConsistencyProof } from './merkle-reference.ts';
import {
  MAX,
  entries,
  flipBit,
  hex,
  leafHashes,
  positionsToAlter,
  roots,
  sizes,
  stranger,
  tree,
} from './merkle-test-trees.ts';
import { MerkleTree } from './merkle-tree.ts';
import { verifyConsistency } from './merkle-verify.ts';
import type { ConsistencyClaim } from './merkle-verify.ts';

function claim(size1: number, size2: number): ConsistencyClaim {
  return {
    size1,
    size2,
    root1: roots[size1]!,
    root2: roots[size2]!,
    proof: tree.consistencyProof(size1, size2),
  };
}

// Every way of altering a claim that must break it; a changed size comes with the root of that size.
function alter(good: ConsistencyClaim): [string, ConsistencyClaim][] {
  const { size1, size2, proof } = good;
  const out: [string, ConsistencyClaim][] = [
    ['size2 + 1', { ...good, size2: size2 + 1, root2: roots[size2 + 1]! }],
    ['size1 - 1', { ...good, size1: size1 - 1, root1: roots[size1 - 1]! }],
    ['a node appended', { ...good, proof: [...proof, stranger] }],
    ['a node prepended', { ...good, proof: [stranger, ...proof] }],
    ['root1 appended', { ...good, proof: [...proof, good.root1] }],
    ['root1 prepended', { ...good, proof: [good.root1, ...proof] }],
    ['another root1', { ...good, root1: roots[size1 + 1]! }],
    ['another root2', { ...good, root2: roots[size2 + 1]! }],
  ];
  if (size1 < size2) {
    out.push(['size1 + 1', { ...good, size1: size1 + 1, root1: roots[size1 + 1]! }]);
    out.push(['size2 - 1', { ...good, size2: size2 - 1, root2: roots[size2 - 1]! }]);
    out.push([
      'the trees swapped',
      { size1: size2, size2: size1, root1: good.root2, root2: good.root1, proof },
    ]);
  }
  if (size2 * 2 <= MAX + 1) out.push(['size2 * 2', { ...good, size2: size2 * 2, root2: roots[size2 * 2]! }]);
  if (proof.length > 0) {
    out.push(['the last node dropped', { ...good, proof: proof.slice(0, -1) }]);
    out.push(['the first node dropped', { ...good, proof: proof.slice(1) }]);
  }
  return out;
}

describe('consistency proofs', () => {
  it.each(sizes)('verify from every size to a tree of %i, and fail once altered', (size2) => {
    const wrong: string[] = [];
    for (let size1 = 1; size1 <= size2; size1 += 1) {
      if (!verifyConsistency(claim(size1, size2))) wrong.push(`${size1}: the proof does not verify`);
    }
    for (const position of positionsToAlter(size2)) {
      const size1 = position + 1;
      for (const [how, altered] of alter(claim(size1, size2))) {
        if (verifyConsistency(altered)) wrong.push(`${size1}: verifies with ${how}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('fail once altered in any way, sampled over every pair up to 300', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX }), fc.nat(), fc.nat(), (size2, s, k) => {
        const alterations = alter(claim((s % size2) + 1, size2));
        return !verifyConsistency(alterations[k % alterations.length]![1]);
      }),
      { numRuns: 2000 },
    );
  });

  it('fail with any single bit flipped in a root or the proof, for every pair up to 8', () => {
    const wrong: string[] = [];
    for (let size2 = 1; size2 <= 8; size2 += 1) {
      for (let size1 = 1; size1 <= size2; size1 += 1) {
        const { root1, root2, proof } = claim(size1, size2);
        const parts = [root1, root2, ...proof];
        for (let bit = 0; bit < parts.length * 256; bit += 1) {
          const [r1, r2, ...p] = flipBit(parts, bit);
          if (verifyConsistency({ size1, size2, root1: r1!, root2: r2!, proof: p })) {
            wrong.push(`${size1}/${size2}: ${bit}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('fail with any single bit flipped, sampled up to 300', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX }), fc.nat(), fc.nat(), (size2, s, b) => {
        const size1 = (s % size2) + 1;
        const { root1, root2, proof } = claim(size1, size2);
        const parts = [root1, root2, ...proof];
        const [r1, r2, ...p] = flipBit(parts, b % (parts.length * 256));
        return !verifyConsistency({ size1, size2, root1: r1!, root2: r2!, proof: p });
      }),
      { numRuns: 3000 },
    );
  });

  it('agree with the recursive reference for every pair up to 64, and sampled up to 300', () => {
    for (let size2 = 1; size2 <= 64; size2 += 1) {
      for (let size1 = 1; size1 <= size2; size1 += 1) {
        const want = hex(referenceConsistencyProof(size1, entries.slice(0, size2)));
        expect(hex(tree.consistencyProof(size1, size2)), `${size1}/${size2}`).toEqual(want);
      }
    }
    fc.assert(
      fc.property(fc.integer({ min: 65, max: MAX }), fc.nat(), (size2, s) => {
        const size1 = (s % size2) + 1;
        const want = hex(referenceConsistencyProof(size1, entries.slice(0, size2)));
        expect(hex(tree.consistencyProof(size1, size2))).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });

  it('expose a fork: logs that differ at one entry are inconsistent from any size past it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.nat(), fc.nat(), (size2, s, f) => {
        const size1 = (s % size2) + 1;
        const forkAt = f % size1;
        const forked = MerkleTree.fromLeafHashes(
          leafHashes.slice(0, size2).map((h, i) => (i === forkAt ? hashLeaf(Buffer.from('forged')) : h)),
        );
        // An old head of one log against a new head of the other, with either log's proof.
        for (const proof of [tree.consistencyProof(size1, size2), forked.consistencyProof(size1, size2)]) {
          expect(verifyConsistency({ size1, size2, root1: roots[size1]!, root2: forked.root(), proof })).toBe(
            false,
          );
          expect(
            verifyConsistency({ size1, size2, root1: forked.root(size1), root2: roots[size2]!, proof }),
          ).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('are refused from the empty tree, backwards, and past the end', () => {
    expect(() => consistencyProof(tree.node, 0, 3)).toThrow(RangeError);
    expect(() => consistencyProof(tree.node, 4, 3)).toThrow(RangeError);
    expect(() => tree.consistencyProof(1, MAX + 1)).toThrow(RangeError);
    expect(tree.consistencyProof(5, 5)).toEqual([]);
  });
});
