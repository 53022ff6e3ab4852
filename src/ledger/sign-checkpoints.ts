import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { newId } from '../shared/ids.ts';
import { decodeBase64, encodeBase64 } from './base64.ts';
import { openCheckpoint, signCheckpoint } from './checkpoint.ts';
import { logOrigin } from './ledger-key.ts';
import { storedConsistencyProof, storedRoot } from './ledger-tree.ts';
import { equalBytes } from './merkle.ts';
import { verifyConsistency } from './merkle-verify.ts';
import type { Ed25519Signer } from './note-keys.ts';
import { parseVerifierKey } from './note-keys.ts';

export interface SignedCheckpoint {
  dossier: string;
  size: number;
  rootHash: string;
  note: string;
}

/**
 * Signs a checkpoint for every dossier whose log grew since its last one (or for `dossierIds`
 * only). It reads what is committed, so no checkpoint is ever signed for a tree that is not in
 * the database; and it refuses to sign a tree inconsistent with the last checkpoint it signed,
 * so rewritten storage cannot be laundered into a fresh signature.
 */
export async function signCheckpoints({
  db,
  signer,
  dossierIds,
  now = () => new Date().toISOString(),
}: {
  db: Kysely<Database>;
  signer: Ed25519Signer;
  dossierIds?: readonly string[];
  now?: () => string;
}): Promise<SignedCheckpoint[]> {
  let query = db
    .selectFrom('ledger_heads')
    .innerJoin('dossiers', 'dossiers.id', 'ledger_heads.dossier_id')
    .select(['ledger_heads.dossier_id', 'ledger_heads.size', 'dossiers.key']);
  if (dossierIds) {
    if (dossierIds.length === 0) return [];
    query = query.where('ledger_heads.dossier_id', 'in', dossierIds);
  }
  const heads = await query.execute();
  const signed: SignedCheckpoint[] = [];
  const verifier = parseVerifierKey(signer.verifierKey);
  for (const head of heads) {
    const last = await latestCheckpoint(db, head.dossier_id);
    if (head.size === 0 || (last && last.size >= head.size)) continue;
    const root = await storedRoot(db, head.dossier_id, head.size);
    const origin = logOrigin(signer.name, head.key);
    if (last) {
      const before = openCheckpoint(last.note, [verifier], origin).checkpoint;
      const proof = await storedConsistencyProof(db, head.dossier_id, before.size, head.size);
      const consistent =
        equalBytes(before.rootHash, decodeBase64(last.root_hash)!) &&
        verifyConsistency({
          size1: before.size,
          size2: head.size,
          root1: before.rootHash,
          root2: root,
          proof,
        });
      if (!consistent) {
        throw new Error(
          `refusing to sign dossier ${head.key} at size ${head.size}: the stored log is not consistent with the checkpoint signed at size ${before.size}; run \`pointwise ledger check\``,
        );
      }
    }
    const signedAt = now();
    const note = signCheckpoint(
      { origin, size: head.size, rootHash: root, extensions: [`time ${signedAt}`] },
      [signer],
    );
    await db
      .insertInto('ledger_checkpoints')
      .values({
        id: newId(),
        dossier_id: head.dossier_id,
        size: head.size,
        root_hash: encodeBase64(root),
        note,
        signed_at: signedAt,
      })
      .execute();
    signed.push({ dossier: head.key, size: head.size, rootHash: encodeBase64(root), note });
  }
  return signed;
}

/** The dossier's checkpoint of the largest size (the newest of those, if several). */
export function latestCheckpoint(db: Kysely<Database>, dossierId: string) {
  return db
    .selectFrom('ledger_checkpoints')
    .selectAll()
    .where('dossier_id', '=', dossierId)
    .orderBy('size', 'desc')
    .orderBy('signed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}
