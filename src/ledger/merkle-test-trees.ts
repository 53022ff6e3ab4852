// Shared by the Merkle property tests: one log of 301 distinct entries and the roots of all its sizes.
import { hashLeaf } from './merkle.ts';
import { MerkleTree } from './merkle-tree.ts';

/** The largest tree size that the property tests cover. */
export const MAX = 300;

// Distinct entries: with two equal leaves, a proof may honestly fit two indexes.
export const entries = Array.from({ length: MAX + 1 }, (_, i) => Buffer.from(`entry ${i}`));
export const leafHashes = entries.map(hashLeaf);
/** The tree of the first MAX entries; the last entry is a stranger that no proof contains. */
export const tree = MerkleTree.fromLeafHashes(leafHashes.slice(0, MAX));
export const stranger = leafHashes[MAX]!;
/** roots[n]: the root of the first n entries, for n = 0..MAX+1. */
export const roots = Array.from({ length: MAX + 2 }, (_, size) => rootOf(size));
/** 1..MAX. */
export const sizes = Array.from({ length: MAX }, (_, i) => i + 1);

function rootOf(size: number): Uint8Array {
  return size <= MAX ? tree.root(size) : MerkleTree.fromLeafHashes(leafHashes.slice(0, size)).root();
}

/** Hex strings, so that proofs compare whatever Uint8Array subclass holds them. */
export function hex(hashes: readonly Uint8Array[]): string[] {
  return hashes.map((h) => Buffer.from(h).toString('hex'));
}

/** The parts with bit `bit` flipped, counting 256 bits per part. */
export function flipBit(parts: readonly Uint8Array[], bit: number): Uint8Array[] {
  return parts.map((part, i) => {
    if (i !== Math.floor(bit / 256)) return part;
    const flipped = Uint8Array.from(part);
    flipped[Math.floor((bit % 256) / 8)]! ^= 1 << (bit % 8);
    return flipped;
  });
}

/**
 * The positions 0..count−1 whose proofs get every alteration: all of them up to 48, then (to keep the
 * run short) both edges, the ends of complete subtrees (2^k − 1), where the RFC algorithms branch,
 * and an even spread; fast-check samples the rest.
 */
export function positionsToAlter(count: number): number[] {
  if (count <= 48) return Array.from({ length: count }, (_, i) => i);
  const picked = new Set<number>();
  for (let i = 0; i < 3; i += 1) picked.add(i).add(count - 1 - i);
  for (let p = 1; p <= count; p *= 2) picked.add(p - 1);
  for (let k = 1; k < 8; k += 1) picked.add(Math.floor((k * count) / 8));
  return [...picked].sort((a, b) => a - b);
}
