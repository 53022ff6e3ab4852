import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { decodeBase64, encodeBase64 } from './base64.ts';
import { emptyRootHash, hashChildren } from './merkle.ts';
import { consistencyProof, inclusionProof, subtreeHash, type NodeReader } from './merkle-proof.ts';

/**
 * A dossier's Merkle tree as stored: `ledger_nodes` keeps every complete subtree hash, written
 * once when the subtree completes. Proofs and roots read O(log n) of them in one query.
 */
type Db = Kysely<Database>;

/** Reads the complete-subtree hashes that `compute` will ask for, in one query, then runs it. */
async function withNodes<T>(db: Db, dossierId: string, compute: (read: NodeReader) => T): Promise<T> {
  const wanted: [number, number][] = [];
  // Which nodes a computation needs depends only on sizes and indexes, never on hash values, so a
  // first dry run with placeholder hashes lists them.
  const placeholder = new Uint8Array(32);
  compute((level, index) => {
    wanted.push([level, index]);
    return placeholder;
  });
  // One statement, one indexed lookup per level: (dossier, level, node_index IN …) uses the primary key
  // on both databases, where an OR of (level, index) pairs would scan.
  const byLevel = new Map<number, Set<number>>();
  for (const [level, index] of wanted) {
    let set = byLevel.get(level);
    if (!set) byLevel.set(level, (set = new Set()));
    set.add(index);
  }
  const selects = [...byLevel].map(([level, indexes]) =>
    db
      .selectFrom('ledger_nodes')
      .select(['level', 'node_index', 'hash'])
      .where('dossier_id', '=', dossierId)
      .where('level', '=', level)
      .where('node_index', 'in', [...indexes]),
  );
  const found = new Map<string, Uint8Array>();
  if (selects.length > 0) {
    const query = selects.slice(1).reduce((q, next) => q.unionAll(next), selects[0]!);
    for (const r of await query.execute()) found.set(`${r.level}:${r.node_index}`, decodeBase64(r.hash)!);
  }
  return compute((level, index) => {
    const hash = found.get(`${level}:${index}`);
    if (!hash) throw new Error(`ledger node ${level}:${index} of dossier ${dossierId} is missing`);
    return hash;
  });
}

/** The root hash of the first `size` entries of a dossier's log. */
export async function storedRoot(db: Db, dossierId: string, size: number): Promise<Uint8Array> {
  if (size === 0) return emptyRootHash();
  return withNodes(db, dossierId, (read) => subtreeHash(read, 0, size));
}

/** The inclusion proof of entry `index` in the tree of the first `size` entries. */
export function storedInclusionProof(
  db: Db,
  dossierId: string,
  index: number,
  size: number,
): Promise<Uint8Array[]> {
  return withNodes(db, dossierId, (read) => inclusionProof(read, index, size));
}

/** The consistency proof from the first `size1` entries to the first `size2`. */
export function storedConsistencyProof(
  db: Db,
  dossierId: string,
  size1: number,
  size2: number,
): Promise<Uint8Array[]> {
  return withNodes(db, dossierId, (read) => consistencyProof(read, size1, size2));
}

/**
 * Stores leaf `index` and every subtree it completes. Runs inside the appending transaction, so a
 * crash leaves either the entry with all its nodes or neither.
 */
export async function storeLeaf(
  db: Db,
  dossierId: string,
  index: number,
  leafHash: Uint8Array,
): Promise<void> {
  const rows = [{ dossier_id: dossierId, level: 0, node_index: index, hash: encodeBase64(leafHash) }];
  let hash = leafHash;
  let i = index;
  let level = 0;
  // An odd index is a right child: its parent is now complete.
  while (i % 2 === 1) {
    const left = await db
      .selectFrom('ledger_nodes')
      .select('hash')
      .where('dossier_id', '=', dossierId)
      .where('level', '=', level)
      .where('node_index', '=', i - 1)
      .executeTakeFirst();
    if (!left) throw new Error(`ledger node ${level}:${i - 1} of dossier ${dossierId} is missing`);
    hash = hashChildren(decodeBase64(left.hash)!, hash);
    i = (i - 1) / 2;
    level += 1;
    rows.push({ dossier_id: dossierId, level, node_index: i, hash: encodeBase64(hash) });
  }
  await db.insertInto('ledger_nodes').values(rows).execute();
}
