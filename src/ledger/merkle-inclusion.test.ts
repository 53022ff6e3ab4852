import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rootHash } from './merkle.ts';
import { inclusionProof } from './merkle-proof.ts';
import { referenceInclusionProof, referenceRoot } from './merkle-reference.ts';
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
import { verifyInclusion } from './merkle-verify.ts';
import type { InclusionClaim } from './merkle-verify.ts';

function claim(index: number, size: number): InclusionClaim {
  return {
    leafHash: leafHashes[index]!,
    index,
    size,
    proof: tree.inclusionProof(index, size),
    root: roots[size]!,
  };
}

// Every way of altering a claim that must break it. A changed size comes with the root of that size,
// as it would in a signed checkpoint (see "bind the size only through the root").
function alter(good: InclusionClaim): [string, InclusionClaim][] {
  const { index, size, proof } = good;
  const out: [string, InclusionClaim][] = [
    ['index + 1', { ...good, index: index + 1 }],
    ['index - 1', { ...good, index: index - 1 }],
    ['size + 1', { ...good, size: size + 1, root: roots[size + 1]! }],
    ['a node appended', { ...good, proof: [...proof, stranger] }],
    ['a node prepended', { ...good, proof: [stranger, ...proof] }],
    ['the root appended', { ...good, proof: [...proof, good.root] }],
    ['another leaf', { ...good, leafHash: stranger }],
    ['another root', { ...good, root: roots[size + 1]! }],
  ];
  if ((index ^ 1) !== index + 1) out.push(['index ^ 1', { ...good, index: index ^ 1 }]);
  if (size > 1) out.push(['size - 1', { ...good, size: size - 1, root: roots[size - 1]! }]);
  if (size * 2 <= MAX + 1) out.push(['size * 2', { ...good, size: size * 2, root: roots[size * 2]! }]);
  if (proof.length > 0) {
    out.push(['the last node dropped', { ...good, proof: proof.slice(0, -1) }]);
    out.push(['the first node dropped', { ...good, proof: proof.slice(1) }]);
  }
  return out;
}

describe('Merkle roots', () => {
  it('agree with the recursive reference for every size up to 300', () => {
    for (let size = 0; size <= MAX; size += 1) {
      const want = hex([referenceRoot(entries.slice(0, size))]);
      expect(hex([rootHash(leafHashes.slice(0, size))]), `size ${size}`).toEqual(want);
      expect(hex([roots[size]!]), `size ${size}`).toEqual(want);
    }
  });
});

describe('inclusion proofs', () => {
  it.each(sizes)('verify for every index in a tree of %i, and fail once altered', (size) => {
    const wrong: string[] = [];
    for (let index = 0; index < size; index += 1) {
      if (!verifyInclusion(claim(index, size))) wrong.push(`${index}: the proof does not verify`);
    }
    for (const index of positionsToAlter(size)) {
      for (const [how, altered] of alter(claim(index, size))) {
        if (verifyInclusion(altered)) wrong.push(`${index}: verifies with ${how}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('fail once altered in any way, sampled over every index up to 300', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX }), fc.nat(), fc.nat(), (size, i, k) => {
        const alterations = alter(claim(i % size, size));
        return !verifyInclusion(alterations[k % alterations.length]![1]);
      }),
      { numRuns: 2000 },
    );
  });

  it('fail with any single bit flipped in the leaf, root or proof, for every index of trees up to 8', () => {
    const wrong: string[] = [];
    for (let size = 1; size <= 8; size += 1) {
      for (let index = 0; index < size; index += 1) {
        const { leafHash, root, proof } = claim(index, size);
        const parts = [leafHash, root, ...proof];
        for (let bit = 0; bit < parts.length * 256; bit += 1) {
          const [l, r, ...p] = flipBit(parts, bit);
          if (verifyInclusion({ leafHash: l!, index, size, proof: p, root: r! }))
            wrong.push(`${index}/${size}: ${bit}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('fail with any single bit flipped, sampled up to 300', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX }), fc.nat(), fc.nat(), (size, i, b) => {
        const index = i % size;
        const { leafHash, root, proof } = claim(index, size);
        const parts = [leafHash, root, ...proof];
        const [l, r, ...p] = flipBit(parts, b % (parts.length * 256));
        return !verifyInclusion({ leafHash: l!, index, size, proof: p, root: r! });
      }),
      { numRuns: 3000 },
    );
  });

  it('agree with the recursive reference for every index up to 64, and sampled up to 300', () => {
    for (let size = 1; size <= 64; size += 1) {
      for (let index = 0; index < size; index += 1) {
        const want = hex(referenceInclusionProof(index, entries.slice(0, size)));
        expect(hex(tree.inclusionProof(index, size)), `${index}/${size}`).toEqual(want);
      }
    }
    fc.assert(
      fc.property(fc.integer({ min: 65, max: MAX }), fc.nat(), (size, i) => {
        const index = i % size;
        expect(hex(tree.inclusionProof(index, size))).toEqual(
          hex(referenceInclusionProof(index, entries.slice(0, size))),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('are refused for indexes and sizes outside the tree', () => {
    expect(() => inclusionProof(tree.node, 3, 3)).toThrow(RangeError);
    expect(() => inclusionProof(tree.node, -1, 3)).toThrow(RangeError);
    expect(() => inclusionProof(tree.node, 0.5, 3)).toThrow(RangeError);
    expect(() => tree.inclusionProof(0, MAX + 1)).toThrow(RangeError);
  });

  // This documents RFC 9162 rather than tests this code: a proof does not encode the size, so the proof
  // of leaf 0 among 3 has the shape it has among 4 and passes there with the size-3 root. A verifier
  // must take size and root together from one signed checkpoint, never from separate sources.
  it('bind the size only through the root', () => {
    const proof = tree.inclusionProof(0, 3);
    expect(verifyInclusion({ leafHash: leafHashes[0]!, index: 0, size: 4, proof, root: roots[3]! })).toBe(
      true,
    );
    expect(verifyInclusion({ leafHash: leafHashes[0]!, index: 0, size: 4, proof, root: roots[4]! })).toBe(
      false,
    );
  });
});
