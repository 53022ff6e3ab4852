import { equalBytes, hashChildren, isHash, isPowerOfTwo, isTreeSize } from './merkle.ts';

// The RFC's fn and sn go beyond 32 bits, so "right-shift" and "LSB" are done in arithmetic.
const half = (x: number): number => Math.floor(x / 2);
const lsb = (x: number): boolean => x % 2 === 1;

export interface InclusionClaim {
  /** The leaf hash (not the entry) whose inclusion is claimed. */
  leafHash: Uint8Array;
  index: number;
  /** Size of the tree whose root is `root`; only a signed checkpoint binds the two together. */
  size: number;
  proof: readonly Uint8Array[];
  root: Uint8Array;
}

/** Whether `proof` shows `leafHash` at `index` in the tree of `size` leaves with `root` (RFC 9162 §2.1.3.2). */
export function verifyInclusion({ leafHash, index, size, proof, root }: InclusionClaim): boolean {
  // Step 1, plus what the RFC leaves to types: sizes are integers and every hash is 32 bytes.
  if (!(isTreeSize(index) && isTreeSize(size) && index < size)) return false;
  if (!(isHash(leafHash) && isHash(root) && proof.every(isHash))) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      r = hashChildren(p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(r, root);
}

export interface ConsistencyClaim {
  size1: number;
  size2: number;
  root1: Uint8Array;
  root2: Uint8Array;
  proof: readonly Uint8Array[];
}

/**
 * Whether `proof` shows the tree (size1, root1) to be a prefix of the tree (size2, root2), by RFC 9162
 * §2.1.4.2. Outside the RFC's 0 < size1 < size2: equal sizes need an empty proof and equal roots, and
 * size1 = 0 is refused, since every tree extends the empty one and such a "proof" shows nothing.
 */
export function verifyConsistency({ size1, size2, root1, root2, proof }: ConsistencyClaim): boolean {
  if (!(isTreeSize(size1) && isTreeSize(size2) && size1 > 0 && size1 <= size2)) return false;
  if (!(isHash(root1) && isHash(root2) && proof.every(isHash))) return false;
  if (size1 === size2) return proof.length === 0 && equalBytes(root1, root2);
  // Steps 1 and 2: an empty proof fails; a complete old tree is itself the first node of the path.
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  // Steps 3 and 4.
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // Steps 5 and 6.
  const [first, ...rest] = path;
  if (!first) return false;
  let fr = first;
  let sr = first;
  for (const c of rest) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 7.
  return equalBytes(fr, root1) && equalBytes(sr, root2) && sn === 0;
}
