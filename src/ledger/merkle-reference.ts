/**
 * RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 transcribed literally, recursion and all, over the entries
 * D[n] themselves. It is slow (every call rehashes whole subtrees) and exists only so that tests can
 * hold the fast code in merkle.ts, merkle-proof.ts and merkle-tree.ts against the text of the RFC.
 */
import { createHash } from 'node:crypto';

type Entries = readonly Uint8Array[];

function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** k: the largest power of two smaller than n (n > 1). */
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]). */
export function referenceRoot(d: Entries): Uint8Array {
  const n = d.length;
  if (n === 0) return sha256();
  if (n === 1) return sha256(Uint8Array.of(0x00), d[0]!);
  const k = largestPowerOfTwoBelow(n);
  return sha256(Uint8Array.of(0x01), referenceRoot(d.slice(0, k)), referenceRoot(d.slice(k, n)));
}

/** PATH(m, D[n]). */
export function referenceInclusionProof(m: number, d: Entries): Uint8Array[] {
  const n = d.length;
  if (n === 1 && m === 0) return [];
  const k = largestPowerOfTwoBelow(n);
  if (m < k) return [...referenceInclusionProof(m, d.slice(0, k)), referenceRoot(d.slice(k, n))];
  return [...referenceInclusionProof(m - k, d.slice(k, n)), referenceRoot(d.slice(0, k))];
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
export function referenceConsistencyProof(m: number, d: Entries): Uint8Array[] {
  return subproof(m, d, true);
}

function subproof(m: number, d: Entries, b: boolean): Uint8Array[] {
  const n = d.length;
  if (m === n) return b ? [] : [referenceRoot(d)];
  const k = largestPowerOfTwoBelow(n);
  if (m <= k) return [...subproof(m, d.slice(0, k), b), referenceRoot(d.slice(k, n))];
  return [...subproof(m - k, d.slice(k, n), false), referenceRoot(d.slice(0, k))];
}
