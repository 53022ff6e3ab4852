import { z } from 'zod';
import { encodeBase64 } from '../ledger/base64.ts';
import { BUNDLE_FORMAT, type BundleEntry, type LedgerBundle } from '../ledger/bundle.ts';
import type { LedgerEntry } from '../ledger/ledger-entry.ts';
import { logOrigin } from '../ledger/ledger-key.ts';
import { storedConsistencyProof, storedInclusionProof } from '../ledger/ledger-tree.ts';
import type { Ed25519Signer } from '../ledger/note-keys.ts';
import { latestCheckpoint } from '../ledger/sign-checkpoints.ts';
import { AppError } from '../shared/app-error.ts';
import { Key } from '../shared/dossier-file.ts';
import { entryVisible } from './ledger-visibility.ts';
import { requireDossier, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import type { Viewer } from './visibility.ts';

const Index = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Size = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** The latest signed checkpoint of a dossier the viewer may see: its size, root and the signed note. */
export async function getCheckpoint({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: { dossier: string };
}) {
  const dossier = await requireDossier(
    trx,
    parseInput(z.strictObject({ dossier: Key }), input).dossier,
    viewer,
  );
  const checkpoint = await latestCheckpoint(trx, dossier.id);
  if (!checkpoint)
    throw new AppError('ledger.no_checkpoint', `dossier "${dossier.key}" has no signed checkpoint yet`);
  return {
    size: checkpoint.size,
    rootHash: checkpoint.root_hash,
    note: checkpoint.note,
    signedAt: checkpoint.signed_at,
  };
}

export const ListLedgerEntriesInput = z.strictObject({
  dossier: Key,
  from: Index.optional(),
  to: Index.optional(),
});

/** The entries in [from, to) that the viewer may see, each with its salt and content. */
export async function listLedgerEntries({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: z.input<typeof ListLedgerEntriesInput>;
}) {
  const data = parseInput(ListLedgerEntriesInput, input);
  const dossier = await requireDossier(trx, data.dossier, viewer);
  const from = data.from ?? 0;
  const to = Math.min(data.to ?? from + 1000, from + 1000);
  const rows = await trx
    .selectFrom('ledger_entries as e')
    .select(['e.leaf_index', 'e.entry', 'e.salt', 'e.content'])
    .where('e.dossier_id', '=', dossier.id)
    .where('e.leaf_index', '>=', from)
    .where('e.leaf_index', '<', to)
    .where(entryVisible(viewer))
    .orderBy('e.leaf_index')
    .execute();
  return rows.map((r) => ({
    index: r.leaf_index,
    entry: JSON.parse(r.entry) as LedgerEntry,
    salt: r.salt,
    content: JSON.parse(r.content) as unknown,
  }));
}

export const InclusionProofInput = z.strictObject({ dossier: Key, index: Index, size: Size });

/** The inclusion proof of an entry the viewer may see, in the tree of `size` entries. */
export async function ledgerInclusionProof({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: z.input<typeof InclusionProofInput>;
}) {
  const data = parseInput(InclusionProofInput, input);
  const dossier = await requireDossier(trx, data.dossier, viewer);
  // "Not there" and "not yours" read the same.
  const entry = await trx
    .selectFrom('ledger_entries as e')
    .select('e.leaf_index')
    .where('e.dossier_id', '=', dossier.id)
    .where('e.leaf_index', '=', data.index)
    .where(entryVisible(viewer))
    .executeTakeFirst();
  if (!entry) throw new AppError('ledger.entry_not_found', 'no ledger entry at that index that you may see');
  await requireSize(trx, dossier.id, data.size, data.index + 1);
  const leaf = await trx
    .selectFrom('ledger_nodes')
    .select('hash')
    .where('dossier_id', '=', dossier.id)
    .where('level', '=', 0)
    .where('node_index', '=', data.index)
    .executeTakeFirstOrThrow();
  const proof = await storedInclusionProof(trx, dossier.id, data.index, data.size);
  return { index: data.index, size: data.size, leafHash: leaf.hash, proof: proof.map(encodeBase64) };
}

export const ConsistencyProofInput = z.strictObject({ dossier: Key, from: Size, to: Size });

/** The consistency proof between two sizes of a dossier's log (hashes only, so anyone who sees the dossier may have it). */
export async function ledgerConsistencyProof({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: z.input<typeof ConsistencyProofInput>;
}) {
  const data = parseInput(ConsistencyProofInput, input);
  const dossier = await requireDossier(trx, data.dossier, viewer);
  if (data.from > data.to) {
    throw new AppError('input.invalid', 'from: must not be larger than to', [
      { path: 'from', message: 'must not be larger than to' },
    ]);
  }
  await requireSize(trx, dossier.id, data.to, data.from);
  const proof = await storedConsistencyProof(trx, dossier.id, data.from, data.to);
  return { from: data.from, to: data.to, proof: proof.map(encodeBase64) };
}

async function requireSize(trx: Db, dossierId: string, size: number, atLeast: number): Promise<void> {
  const head = await trx
    .selectFrom('ledger_heads')
    .select('size')
    .where('dossier_id', '=', dossierId)
    .executeTakeFirst();
  if (size > (head?.size ?? 0) || size < atLeast) {
    throw new AppError('input.invalid', `size: the log has ${head?.size ?? 0} entries`, [
      { path: 'size', message: `must be between ${atLeast} and the log's ${head?.size ?? 0} entries` },
    ]);
  }
}

/**
 * A dossier's ledger bundle as the viewer may have it: entries it may see in full, with salts and
 * content; the others as their leaf hashes only, which reveal nothing but let the verifier
 * recompute the signed root. Signs a checkpoint first if the log grew.
 */
export async function ledgerBundle({
  trx,
  viewer,
  signer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  signer: Ed25519Signer;
  input: { dossier: string };
}): Promise<LedgerBundle> {
  const dossier = await requireDossier(
    trx,
    parseInput(z.strictObject({ dossier: Key }), input).dossier,
    viewer,
  );
  const head = await latestCheckpoint(trx, dossier.id);
  if (!head)
    throw new AppError('ledger.no_checkpoint', `dossier "${dossier.key}" has no signed checkpoint yet`);
  const earlier = await trx
    .selectFrom('ledger_checkpoints')
    .select('note')
    .where('dossier_id', '=', dossier.id)
    .where('size', '<', head.size)
    .orderBy('size')
    .orderBy('signed_at')
    .execute();
  const leaves = await trx
    .selectFrom('ledger_nodes')
    .select(['node_index', 'hash'])
    .where('dossier_id', '=', dossier.id)
    .where('level', '=', 0)
    .where('node_index', '<', head.size)
    .orderBy('node_index')
    .execute();
  const visible = await trx
    .selectFrom('ledger_entries as e')
    .select(['e.leaf_index', 'e.entry', 'e.salt', 'e.content'])
    .where('e.dossier_id', '=', dossier.id)
    .where('e.leaf_index', '<', head.size)
    .where(entryVisible(viewer))
    .execute();
  const byIndex = new Map(visible.map((r) => [r.leaf_index, r]));
  const entries: BundleEntry[] = leaves.map((leaf) => {
    const row = byIndex.get(leaf.node_index);
    if (!row) return { leafHash: leaf.hash };
    return {
      entry: JSON.parse(row.entry) as LedgerEntry,
      salt: row.salt,
      content: JSON.parse(row.content) as unknown,
    };
  });
  return {
    format: BUNDLE_FORMAT,
    origin: logOrigin(signer.name, dossier.key),
    verifierKey: signer.verifierKey,
    checkpoint: head.note,
    checkpoints: earlier.map((c) => c.note),
    entries,
  };
}
