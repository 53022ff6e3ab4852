import { HASH_SIZE, emptyRootHash, hashChildren, isHash, isTreeSize } from './merkle.ts';
import { consistencyProof, inclusionProof, subtreeHash } from './merkle-proof.ts';

/** One level of complete subtrees, packed 32 bytes apiece in a buffer that doubles as it fills. */
class Level {
  bytes = new Uint8Array(HASH_SIZE * 16);
  count = 0;

  push(hash: Uint8Array): void {
    if ((this.count + 1) * HASH_SIZE > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes.set(hash, this.count * HASH_SIZE);
    this.count += 1;
  }

  at(index: number): Uint8Array {
    return this.bytes.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  }
}

/**
 * An append-only Merkle tree in memory that keeps every complete subtree (2n hashes for n leaves), so
 * appending costs one hash on average and the root or a proof for any earlier size costs O(log n).
 */
export class MerkleTree {
  readonly #levels: Level[] = [];

  /** Builds the tree of `leafHashes` in order. */
  static fromLeafHashes(leafHashes: Iterable<Uint8Array>): MerkleTree {
    const tree = new MerkleTree();
    for (const hash of leafHashes) tree.append(hash);
    return tree;
  }

  /** The number of leaves. */
  get size(): number {
    return this.#levels[0]?.count ?? 0;
  }

  /** Appends one leaf hash, completing the subtrees that it closes. */
  append(leafHash: Uint8Array): void {
    if (!isHash(leafHash)) throw new RangeError(`a leaf hash has ${HASH_SIZE} bytes, not ${leafHash.length}`);
    let hash = leafHash;
    for (let level = 0; ; level += 1) {
      const nodes = (this.#levels[level] ??= new Level());
      nodes.push(hash);
      // An even count means the new node is a right child, so its parent is now complete.
      if (nodes.count % 2 === 1) return;
      hash = hashChildren(nodes.at(nodes.count - 2), hash);
    }
  }

  /** The hash of the complete subtree of 2^level leaves starting at leaf index·2^level. */
  readonly node = (level: number, index: number): Uint8Array => {
    const nodes = this.#levels[level];
    if (!nodes || !isTreeSize(index) || index >= nodes.count) {
      throw new RangeError(`no complete subtree ${index} at level ${level}`);
    }
    return nodes.at(index);
  };

  /** The root hash of the tree of the first `size` leaves. */
  root(size: number = this.size): Uint8Array {
    this.#checkSize(size);
    return size === 0 ? emptyRootHash() : copy(subtreeHash(this.node, 0, size));
  }

  /** The inclusion proof of leaf `index` in the tree of the first `size` leaves. */
  inclusionProof(index: number, size: number = this.size): Uint8Array[] {
    this.#checkSize(size);
    return inclusionProof(this.node, index, size).map(copy);
  }

  /** The consistency proof from the first `size1` leaves to the first `size2`. */
  consistencyProof(size1: number, size2: number = this.size): Uint8Array[] {
    this.#checkSize(size2);
    return consistencyProof(this.node, size1, size2).map(copy);
  }

  #checkSize(size: number): void {
    if (!isTreeSize(size) || size > this.size)
      throw new RangeError(`no tree of ${size} in ${this.size} leaves`);
  }
}

// Nodes are views into the tree's buffers; callers get their own bytes so they cannot alter the tree.
function copy(hash: Uint8Array): Uint8Array {
  return Uint8Array.from(hash);
}
