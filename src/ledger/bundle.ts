import { createHash } from 'node:crypto';
import { decodeBase64, encodeBase64 } from './base64.ts';
import { canonicalJson, canonicalJsonBytes } from './canonical-json.ts';
import { openCheckpoint } from './checkpoint.ts';
import type { Checkpoint } from './checkpoint.ts';
import { ENTRY_FORMAT, entryLeafHash, type LedgerEntry } from './ledger-entry.ts';
import { LedgerError } from './ledger-error.ts';
import { equalBytes } from './merkle.ts';
import { MerkleTree } from './merkle-tree.ts';
import { verifyConsistency } from './merkle-verify.ts';
import { parseVerifierKey, type Ed25519Verifier } from './note-keys.ts';

/**
 * A dossier's ledger in one file, verifiable with nothing else: the verifier key, the latest
 * signed checkpoint (and the earlier ones), and every entry in log order, each with its salt and
 * content where the exporter may reveal them. Pure: no database, no network.
 */
export const BUNDLE_FORMAT = 'pointwise-ledger-bundle/1';

export interface BundleEntry {
  /** The entry; absent when the exporter may not show it, and then `leafHash` stands in for it. */
  entry?: LedgerEntry;
  /** base64 leaf hash of an entry not shown: it reveals nothing, but the root can be recomputed. */
  leafHash?: string;
  /** base64; present when the exporter may reveal the content. */
  salt?: string;
  content?: unknown;
}

export interface LedgerBundle {
  format: typeof BUNDLE_FORMAT;
  origin: string;
  verifierKey: string;
  /** The latest signed checkpoint (a C2SP signed note). */
  checkpoint: string;
  /** Every earlier signed checkpoint, smallest first: they narrow down where a rewritten log went wrong. */
  checkpoints: string[];
  entries: BundleEntry[];
}

export interface Finding {
  /** The entry that does not fit, when one can be named. */
  index?: number;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  origin: string | null;
  size: number | null;
  rootHash: string | null;
  checkpoint: string | null;
  previous: { size: number; rootHash: string; note: string } | null;
  findings: Finding[];
}

/**
 * Verifies a bundle: the checkpoint's signature, every entry against its index and the log before
 * it, every revealed content against its commitment, the root against the checkpoint, and, with
 * `previous`, consistency with an older checkpoint. Findings come in log order; the first names
 * the first entry that does not fit.
 */
export function verifyBundle(data: unknown, options: { key?: string; previous?: string } = {}): VerifyReport {
  const report: VerifyReport = {
    ok: false,
    origin: null,
    size: null,
    rootHash: null,
    checkpoint: null,
    previous: null,
    findings: [],
  };
  const fail = (message: string, index?: number) => {
    report.findings.push(index === undefined ? { message } : { index, message });
    return report;
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return fail('the bundle is not a JSON object');
  const bundle = data as Partial<LedgerBundle>;
  if (bundle.format !== BUNDLE_FORMAT) return fail(`format: must be "${BUNDLE_FORMAT}"`);
  if (
    typeof bundle.origin !== 'string' ||
    typeof bundle.checkpoint !== 'string' ||
    !Array.isArray(bundle.entries)
  ) {
    return fail('the bundle lacks its origin, checkpoint or entries');
  }
  report.origin = bundle.origin;
  report.checkpoint = bundle.checkpoint;

  let verifier: Ed25519Verifier;
  try {
    verifier = parseVerifierKey(options.key ?? String(bundle.verifierKey));
  } catch (error) {
    return fail(`verifier key: ${(error as Error).message}`);
  }
  if (options.key !== undefined && bundle.verifierKey !== options.key) {
    fail(
      `the bundle names verifier key ${String(bundle.verifierKey)}, not the one given; checking against the one given`,
    );
  }
  let head: Checkpoint;
  try {
    head = openCheckpoint(bundle.checkpoint, [verifier], bundle.origin).checkpoint;
  } catch (error) {
    return fail(`checkpoint: ${describe(error)}`);
  }
  report.size = head.size;
  report.rootHash = encodeBase64(head.rootHash);

  const tree = new MerkleTree();
  const entries = bundle.entries;
  let previousLeaf: string | null = null;
  for (let i = 0; i < entries.length; i++) {
    const item = entries[i] as Partial<BundleEntry> | undefined;
    const entry = item?.entry as LedgerEntry | undefined;
    if (item && entry === undefined && typeof item.leafHash === 'string') {
      // An entry withheld from this reader: only its leaf hash, which still fixes the root.
      const leaf = decodeBase64(item.leafHash);
      if (!leaf || leaf.length !== 32)
        return fail(`entry ${i}: its leaf hash is not a base64 SHA-256 hash`, i);
      tree.append(leaf);
      previousLeaf = item.leafHash;
      continue;
    }
    if (!entry || typeof entry !== 'object') return fail(`entry ${i}: is not an entry object`, i);
    if (entry.format !== ENTRY_FORMAT) return fail(`entry ${i}: format is not "${ENTRY_FORMAT}"`, i);
    if (entry.index !== i) {
      return fail(
        `entry ${i}: says it is entry ${String(entry.index)}; entries were removed, added or reordered here`,
        i,
      );
    }
    if (entry.previousLeaf !== previousLeaf) {
      // Entry i pins the entry before it. Entries before i − 1 are pinned by entry i − 1, which matched,
      // so either entry i − 1 was altered or entry i's own record of it was.
      if (i === 0)
        return fail('entry 0: records an entry before it, but it is the first entry; it was altered', 0);
      return fail(
        `entry ${i - 1}: does not match what entry ${i} records of the entry before it; entry ${i - 1} (or that record in entry ${i}) was altered`,
        i - 1,
      );
    }
    if (item!.salt !== undefined || item!.content !== undefined) {
      const salt = typeof item!.salt === 'string' ? decodeBase64(item!.salt) : null;
      if (!salt) return fail(`entry ${i}: its salt is not base64`, i);
      let commitment: string;
      try {
        commitment = encodeBase64(
          createHash('sha256').update(salt).update(canonicalJsonBytes(item!.content)).digest(),
        );
      } catch (error) {
        return fail(`entry ${i}: its content cannot be read: ${describe(error)}`, i);
      }
      if (commitment !== entry.commitment)
        return fail(`entry ${i}: its content does not match its commitment; the content was altered`, i);
    }
    try {
      const leaf = entryLeafHash(entry);
      tree.append(leaf);
      previousLeaf = encodeBase64(leaf);
    } catch (error) {
      return fail(`entry ${i}: cannot be hashed: ${describe(error)}`, i);
    }
  }

  if (entries.length !== head.size) {
    if (entries.length < head.size)
      return fail(
        `entry ${entries.length}: is missing; the checkpoint covers ${head.size} entries, the bundle has ${entries.length}`,
        entries.length,
      );
    return fail(`the bundle has ${entries.length} entries, more than the ${head.size} its checkpoint covers`);
  }
  if (!equalBytes(tree.root(head.size), head.rootHash)) {
    const narrowed = narrowDown(tree, bundle.checkpoints ?? [], verifier, bundle.origin);
    return fail(
      narrowed ??
        `entry ${head.size - 1}: the entries do not give the signed root; the last entry, or the log's own record of itself, was rewritten`,
      narrowed ? undefined : head.size - 1,
    );
  }

  if (options.previous !== undefined) {
    let before: Checkpoint;
    try {
      before = openCheckpoint(options.previous, [verifier], bundle.origin).checkpoint;
    } catch (error) {
      return fail(`previous checkpoint: ${describe(error)}`);
    }
    report.previous = { size: before.size, rootHash: encodeBase64(before.rootHash), note: options.previous };
    if (before.size > head.size) {
      return fail(
        `the previous checkpoint (size ${before.size}) is larger than this bundle's (size ${head.size}); the log shrank`,
      );
    }
    const consistent =
      before.size === 0
        ? false
        : verifyConsistency({
            size1: before.size,
            size2: head.size,
            root1: before.rootHash,
            root2: head.rootHash,
            proof: tree.consistencyProof(before.size, head.size),
          });
    if (!consistent) {
      return fail(
        `the log forked: the previous checkpoint (size ${before.size}, root ${encodeBase64(before.rootHash)}) is not a prefix of this one (size ${head.size}, root ${encodeBase64(head.rootHash)})`,
      );
    }
  }
  report.ok = report.findings.length === 0;
  return report;
}

/** When the entries are consistent with themselves but not with the signature, earlier checkpoints bound where. */
function narrowDown(
  tree: MerkleTree,
  notes: readonly string[],
  verifier: Ed25519Verifier,
  origin: string,
): string | null {
  let lastGood = 0;
  for (const note of notes) {
    let checkpoint: Checkpoint;
    try {
      checkpoint = openCheckpoint(note, [verifier], origin).checkpoint;
    } catch {
      continue;
    }
    if (checkpoint.size === 0 || checkpoint.size > tree.size) continue;
    if (equalBytes(tree.root(checkpoint.size), checkpoint.rootHash)) {
      lastGood = Math.max(lastGood, checkpoint.size);
    } else {
      return `entries ${lastGood} to ${checkpoint.size - 1}: one of them was rewritten (the entries up to ${lastGood} match a signed checkpoint; up to ${checkpoint.size} they do not)`;
    }
  }
  return null;
}

function describe(error: unknown): string {
  return error instanceof LedgerError || error instanceof Error ? error.message : String(error);
}

/** Formats a report for people: one line per finding, the first naming the first entry that does not fit. */
export function formatReport(report: VerifyReport): string {
  const lines: string[] = [];
  if (report.ok) {
    lines.push(
      `OK: ${report.size} entries of ${report.origin} match the signed checkpoint (root ${report.rootHash}).`,
    );
    if (report.previous)
      lines.push(`Consistent with the previous checkpoint of size ${report.previous.size}.`);
  } else {
    lines.push(`NOT OK: ${report.origin ?? 'the bundle'} does not verify.`);
    for (const f of report.findings) lines.push(`  ${f.message}`);
    if (report.checkpoint) lines.push('', 'Checkpoint in the bundle:', indent(report.checkpoint));
    if (report.previous) lines.push('Previous checkpoint:', indent(report.previous.note));
  }
  return `${lines.join('\n')}\n`;
}

function indent(note: string): string {
  return note
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

export { canonicalJson };
