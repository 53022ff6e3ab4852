import { hashChildren, isPowerOfTwo, isTreeSize, splitPoint } from './merkle.ts';

/**
 * Reads the hash of a complete subtree: the 2^level leaves from index·2^level on. Complete subtrees
 * never change in an append-only log, so a store may keep them (in memory, in a table) and proofs
 * then cost O(log n) reads instead of rehashing the tree.
 */
export type NodeReader = (level: number, index: number) => Uint8Array;

/** MTH of the leaves [start, end), built from complete subtrees read through `read`. */
export function subtreeHash(read: NodeReader, start: number, end: number): Uint8Array {
  const n = end - start;
  if (!(isTreeSize(start) && Number.isSafeInteger(end) && n >= 1)) {
    throw new RangeError(`no subtree [${start}, ${end})`);
  }
  if (isPowerOfTwo(n) && start % n === 0) return read(Math.round(Math.log2(n)), start / n);
  // Not a stored node: split as RFC 9162 §2.1.1 does. The right part is the smaller, so depth is O(log n).
  const k = splitPoint(n);
  return hashChildren(subtreeHash(read, start, start + k), subtreeHash(read, start + k, end));
}

/** The RFC 9162 §2.1.3.1 inclusion proof of leaf `index` in the tree of the first `size` leaves. */
export function inclusionProof(read: NodeReader, index: number, size: number): Uint8Array[] {
  if (!(isTreeSize(index) && isTreeSize(size) && index < size)) {
    throw new RangeError(`no leaf ${index} in a tree of ${size}`);
  }
  // Walk from the root down to the leaf, taking the sibling subtree at each split.
  const siblings: Uint8Array[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      siblings.push(subtreeHash(read, start + k, end));
      end = start + k;
    } else {
      siblings.push(subtreeHash(read, start, start + k));
      start += k;
    }
  }
  // The proof lists them from the leaf up.
  return siblings.reverse();
}

/**
 * The RFC 9162 §2.1.4.1 consistency proof between the trees of the first `size1` and `size2` leaves.
 * RFC 9162 defines it for 0 < size1 ≤ size2 (empty when equal); a proof from the empty tree proves
 * nothing, so size1 = 0 is refused, as the verifier refuses it.
 */
export function consistencyProof(read: NodeReader, size1: number, size2: number): Uint8Array[] {
  if (!(isTreeSize(size1) && isTreeSize(size2) && size1 > 0 && size1 <= size2)) {
    throw new RangeError(`no consistency proof from size ${size1} to size ${size2}`);
  }
  // SUBPROOF(m, D[start:end], whole) iteratively; `whole` stays true while the old tree is a prefix
  // subtree whose root the verifier already has.
  const nodes: Uint8Array[] = [];
  let start = 0;
  let end = size2;
  let m = size1;
  let whole = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      nodes.push(subtreeHash(read, start + k, end));
      end = start + k;
    } else {
      nodes.push(subtreeHash(read, start, start + k));
      start += k;
      m -= k;
      whole = false;
    }
  }
  if (!whole) nodes.push(subtreeHash(read, start, end));
  return nodes.reverse();
}
