import { decodeBase64 } from '../ledger/base64.ts';
import { storedInclusionProof } from '../ledger/ledger-tree.ts';
import type { ResponseProof } from '../shared/api.ts';
import { AppError } from '../shared/app-error.ts';
import { entryVisible } from './ledger-visibility.ts';
import { listResponses } from './list-responses.ts';
import { requireDossier, type Db } from './lookup.ts';
import type { Viewer } from './visibility.ts';

/**
 * The proof that a response was on record, for a printed letter: its ledger entry, the first signed
 * checkpoint whose tree includes it, and the inclusion proof between the two. Whoever may read the
 * response may have it; `response.not_found` otherwise, as for the response itself.
 */
export async function getResponseProof({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: { dossier: string; response: string };
}): Promise<ResponseProof> {
  const [response] = await listResponses({ trx, viewer, input });
  if (!response) throw new AppError('response.not_found', `no response "${input.response}" in this dossier`);
  const dossier = await requireDossier(trx, input.dossier, viewer);
  const entry = await trx
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_nodes as n', (join) =>
      join
        .onRef('n.dossier_id', '=', 'e.dossier_id')
        .on('n.level', '=', 0)
        .onRef('n.node_index', '=', 'e.leaf_index'),
    )
    .select(['e.leaf_index', 'e.recorded_at', 'n.hash'])
    .where('e.dossier_id', '=', dossier.id)
    .where('e.subject_table', '=', 'responses')
    .where('e.subject_id', '=', response.id)
    .where(entryVisible(viewer))
    .executeTakeFirst();
  if (!entry) throw new AppError('response.not_found', `no response "${input.response}" in this dossier`);
  // Checkpoints are signed as the log grows, so the smallest that includes the entry is the first.
  const checkpoint = await trx
    .selectFrom('ledger_checkpoints')
    .select(['size', 'root_hash', 'signed_at', 'note'])
    .where('dossier_id', '=', dossier.id)
    .where('size', '>', entry.leaf_index)
    .orderBy('size')
    .orderBy('signed_at')
    .limit(1)
    .executeTakeFirst();
  const proof = checkpoint
    ? await storedInclusionProof(trx, dossier.id, entry.leaf_index, checkpoint.size)
    : null;
  return {
    response: response.key,
    entry: { index: entry.leaf_index, leafHash: hexOf(entry.hash), recordedAt: entry.recorded_at },
    checkpoint: checkpoint
      ? {
          size: checkpoint.size,
          rootHash: hexOf(checkpoint.root_hash),
          signedAt: checkpoint.signed_at,
          note: checkpoint.note,
        }
      : null,
    proof: proof && proof.map((hash) => Buffer.from(hash).toString('hex')),
  };
}

function hexOf(base64: string): string {
  return Buffer.from(decodeBase64(base64)!).toString('hex');
}
