import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { SYSTEM } from '../domain/actor.ts';
import { inTransaction } from '../domain/in-transaction.ts';
import { importDossier } from '../dossier-file/import-dossier.ts';
import { parseDossierFile } from '../dossier-file/parse-dossier-file.ts';

/** The reference dossier: the negotiation Pointwise was born from, as summaries in our own words. */
export const REFERENCE_DOSSIER_FILE = new URL('./reference-dossier.json', import.meta.url);

/** Loads the reference dossier unless a dossier with its key is there; says which happened. */
export async function loadReferenceDossier(
  db: Kysely<Database>,
): Promise<{ dossier: string; loaded: boolean }> {
  const file = parseDossierFile(readFileSync(REFERENCE_DOSSIER_FILE), 'the reference dossier');
  const present = await db
    .selectFrom('dossiers')
    .select('id')
    .where('key', '=', file.dossier.key)
    .executeTakeFirst();
  if (present) return { dossier: file.dossier.key, loaded: false };
  await inTransaction(db, (trx) => importDossier({ trx, actor: SYSTEM, file }));
  return { dossier: file.dossier.key, loaded: true };
}
