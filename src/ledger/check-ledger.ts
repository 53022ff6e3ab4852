import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { decodeBase64, encodeBase64 } from './base64.ts';
import type { Finding } from './bundle.ts';
import { canonicalJson, canonicalJsonBytes } from './canonical-json.ts';
import { openCheckpoint } from './checkpoint.ts';
import { entryLeafHash, type LedgerEntry } from './ledger-entry.ts';
import { logOrigin } from './ledger-key.ts';
import { equalBytes } from './merkle.ts';
import { MerkleTree } from './merkle-tree.ts';
import type { Ed25519Verifier } from './note-keys.ts';

export interface DossierCheck {
  dossier: string;
  size: number;
  checkpoints: number;
  findings: Finding[];
}

/**
 * Checks a dossier's stored ledger against itself, as `fsck` does a file system: every entry
 * present, well-formed, at its index, hashing to the leaf recorded when it was appended, pinning
 * the log before it and committing to its content; every stored node the hash of its children;
 * every checkpoint signed by `verifier` over a root the entries give.
 */
export async function checkLedger({
  db,
  verifier,
  dossier,
}: {
  db: Kysely<Database>;
  verifier: Ed25519Verifier;
  dossier: { id: string; key: string };
}): Promise<DossierCheck> {
  const findings: Finding[] = [];
  const head = await db
    .selectFrom('ledger_heads')
    .select('size')
    .where('dossier_id', '=', dossier.id)
    .executeTakeFirst();
  const size = head?.size ?? 0;
  if (!head) findings.push({ message: 'the dossier has no ledger head' });

  const rows = await db
    .selectFrom('ledger_entries')
    .select(['leaf_index', 'entry', 'salt', 'content'])
    .where('dossier_id', '=', dossier.id)
    .orderBy('leaf_index')
    .execute();
  const leaves = new Map(
    (
      await db
        .selectFrom('ledger_nodes')
        .select(['node_index', 'hash'])
        .where('dossier_id', '=', dossier.id)
        .where('level', '=', 0)
        .execute()
    ).map((n) => [n.node_index, n.hash]),
  );

  const tree = new MerkleTree();
  let broken = false;
  for (let i = 0, r = 0; i < Math.max(size, rows.length) && !broken; i++) {
    const row = rows[r];
    if (!row || row.leaf_index !== i) {
      findings.push({ index: i, message: `entry ${i}: is missing (the log has ${size} entries)` });
      broken = true;
      break;
    }
    r++;
    let entry: LedgerEntry;
    try {
      entry = JSON.parse(row.entry) as LedgerEntry;
    } catch {
      findings.push({ index: i, message: `entry ${i}: is not valid JSON; its stored text was altered` });
      break;
    }
    const leaf = leaves.get(i);
    if (canonicalJson(entry) !== row.entry) {
      findings.push({
        index: i,
        message: `entry ${i}: is not in canonical form; its stored text was altered`,
      });
    } else if (entry.index !== i) {
      findings.push({
        index: i,
        message: `entry ${i}: says it is entry ${String(entry.index)}; entries were reordered or moved`,
      });
    } else if (leaf === undefined) {
      findings.push({ index: i, message: `entry ${i}: its leaf hash is missing from the stored tree` });
    } else if (!equalBytes(entryLeafHash(entry), decodeBase64(leaf) ?? new Uint8Array())) {
      findings.push({
        index: i,
        message: `entry ${i}: does not hash to the leaf recorded when it was appended; it was altered`,
      });
    } else if (entry.previousLeaf !== (i === 0 ? null : encodeBase64(tree.node(0, i - 1)))) {
      findings.push({
        index: i,
        message: `entry ${i}: records a different entry before it than the log holds`,
      });
    } else if (!commits(row.salt, row.content, entry.commitment)) {
      findings.push({
        index: i,
        message: `entry ${i}: its stored content does not match its commitment; the content was altered`,
      });
    }
    if (findings.length > 0) {
      broken = true;
      break;
    }
    tree.append(entryLeafHash(entry));
  }
  if (!broken && rows.length > size) {
    findings.push({
      index: size,
      message: `entry ${size}: is beyond the log's head (${size} entries); entries were added outside the log`,
    });
    broken = true;
  }

  if (!broken) {
    // Interior nodes: each must be the hash of its children, as the tree computed from the entries has it.
    const nodes = await db
      .selectFrom('ledger_nodes')
      .select(['level', 'node_index', 'hash'])
      .where('dossier_id', '=', dossier.id)
      .where('level', '>', 0)
      .orderBy('level')
      .orderBy('node_index')
      .execute();
    for (const n of nodes) {
      const span = 2 ** n.level;
      if ((n.node_index + 1) * span > tree.size) {
        findings.push({ message: `node ${n.level}:${n.node_index}: covers entries that do not exist` });
        break;
      }
      if (!equalBytes(tree.node(n.level, n.node_index), decodeBase64(n.hash) ?? new Uint8Array())) {
        findings.push({
          index: n.node_index * span,
          message: `node ${n.level}:${n.node_index} (entries ${n.node_index * span} to ${(n.node_index + 1) * span - 1}): does not match the entries; it was altered`,
        });
        break;
      }
    }
  }

  const checkpoints = await db
    .selectFrom('ledger_checkpoints')
    .select(['size', 'root_hash', 'note', 'signed_at'])
    .where('dossier_id', '=', dossier.id)
    .orderBy('size')
    .execute();
  const origin = logOrigin(verifier.name, dossier.key);
  for (const c of checkpoints) {
    let checkpoint;
    try {
      checkpoint = openCheckpoint(c.note, [verifier], origin).checkpoint;
    } catch (error) {
      findings.push({
        message: `checkpoint of size ${c.size} signed at ${c.signed_at}: ${(error as Error).message}`,
      });
      continue;
    }
    if (checkpoint.size !== c.size || encodeBase64(checkpoint.rootHash) !== c.root_hash) {
      findings.push({
        message: `checkpoint of size ${c.size}: its stored size or root differs from what it signs`,
      });
    } else if (checkpoint.size > size) {
      findings.push({
        message: `checkpoint of size ${c.size}: signs a tree larger than the log (${size} entries)`,
      });
    } else if (
      !broken &&
      checkpoint.size <= tree.size &&
      !equalBytes(tree.root(checkpoint.size), checkpoint.rootHash)
    ) {
      findings.push({ message: `checkpoint of size ${c.size}: the entries do not give its signed root` });
    }
  }
  return { dossier: dossier.key, size, checkpoints: checkpoints.length, findings };
}

function commits(salt: string, content: string, commitment: string): boolean {
  const bytes = decodeBase64(salt);
  if (!bytes) return false;
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return false;
  }
  return (
    encodeBase64(createHash('sha256').update(bytes).update(canonicalJsonBytes(value)).digest()) === commitment
  );
}
