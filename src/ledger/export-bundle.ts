import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { BUNDLE_FORMAT, type LedgerBundle } from './bundle.ts';
import type { LedgerEntry } from './ledger-entry.ts';
import { logOrigin } from './ledger-key.ts';
import type { Ed25519Signer } from './note-keys.ts';
import { latestCheckpoint, signCheckpoints } from './sign-checkpoints.ts';

/**
 * A dossier's ledger as a bundle, signing a checkpoint first if the log grew since the last one.
 * `reveal` decides, entry by entry, whether its salt and content go in (all of them for the
 * operator's CLI; what a party may see, for the API).
 */
export async function exportBundle({
  db,
  signer,
  dossier,
  reveal = () => true,
}: {
  db: Kysely<Database>;
  signer: Ed25519Signer;
  dossier: { id: string; key: string };
  reveal?: (row: { type: string; subject_table: string; subject_id: string }) => boolean;
}): Promise<LedgerBundle> {
  await signCheckpoints({ db, signer, dossierIds: [dossier.id] });
  const head = await latestCheckpoint(db, dossier.id);
  if (!head) throw new Error(`dossier ${dossier.key} has no signed checkpoint`);
  const earlier = await db
    .selectFrom('ledger_checkpoints')
    .select(['note', 'size', 'signed_at'])
    .where('dossier_id', '=', dossier.id)
    .where('size', '<', head.size)
    .orderBy('size')
    .orderBy('signed_at')
    .execute();
  const rows = await db
    .selectFrom('ledger_entries')
    .select(['leaf_index', 'entry', 'type', 'subject_table', 'subject_id', 'salt', 'content'])
    .where('dossier_id', '=', dossier.id)
    .where('leaf_index', '<', head.size)
    .orderBy('leaf_index')
    .execute();
  return {
    format: BUNDLE_FORMAT,
    origin: logOrigin(signer.name, dossier.key),
    verifierKey: signer.verifierKey,
    checkpoint: head.note,
    checkpoints: earlier.map((c) => c.note),
    entries: rows.map((r) => {
      const entry = JSON.parse(r.entry) as LedgerEntry;
      return reveal(r) ? { entry, salt: r.salt, content: JSON.parse(r.content) as unknown } : { entry };
    }),
  };
}
