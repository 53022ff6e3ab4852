import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';

/** Size in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

// RFC 9162 §2.1.1: the prefixes 0x00 (leaf) and 0x01 (node) keep a leaf from ever being read as an
// interior node (second preimages).

/** The leaf hash of one entry: SHA-256(0x00 || entry). */
export function hashLeaf(entry: Uint8Array): Uint8Array {
  const input = Buffer.allocUnsafe(entry.length + 1);
  input[0] = 0x00;
  input.set(entry, 1);
  return sha256(input);
}

/** The hash of an interior node: SHA-256(0x01 || left || right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = 0x01;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

// One-shot hashing (Node ≥ 20.12) costs about half of createHash().update().digest() for inputs this
// small, and verifying a bundle is mostly hashing.
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer })
  .hash;
function sha256(input: Uint8Array): Uint8Array {
  return oneShot ? oneShot('sha256', input, 'buffer') : createHash('sha256').update(input).digest();
}

/** The root of the empty tree: SHA-256 of nothing. */
export function emptyRootHash(): Uint8Array {
  return createHash('sha256').digest();
}

/** Whether `value` is a SHA-256 hash: exactly 32 bytes. */
export function isHash(value: Uint8Array): boolean {
  return value.length === HASH_SIZE;
}

/** Whether two byte strings are equal. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/** Whether `n` can be a tree size or leaf index: a non-negative safe integer. */
export function isTreeSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** Whether `n` is 2^k for some k ≥ 0; exact for every safe integer, unlike bit tricks (32 bits). */
export function isPowerOfTwo(n: number): boolean {
  return n >= 1 && 2 ** Math.round(Math.log2(n)) === n;
}

/** The largest power of two strictly below `n` (n ≥ 2): where RFC 9162 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  // Doubling, not Math.log2, so sizes above 2^32 stay exact.
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The Merkle tree hash (MTH) of a list of leaf hashes, in one pass and n−1 hashes: a stack holds the
 * roots of the complete subtrees seen so far, which is all an append-only tree needs.
 */
export function rootHash(leafHashes: Iterable<Uint8Array>): Uint8Array {
  const stack: { hash: Uint8Array; leaves: number }[] = [];
  for (const hash of leafHashes) {
    let top = { hash, leaves: 1 };
    for (let left = stack.at(-1); left && left.leaves === top.leaves; left = stack.at(-1)) {
      stack.pop();
      top = { hash: hashChildren(left.hash, top.hash), leaves: left.leaves * 2 };
    }
    stack.push(top);
  }
  // The subtrees on the stack shrink from left to right; the root folds them from the right.
  let root = stack.pop()?.hash;
  if (!root) return emptyRootHash();
  for (let left = stack.pop(); left; left = stack.pop()) root = hashChildren(left.hash, root);
  return root;
}
