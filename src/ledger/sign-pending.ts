import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Ed25519Signer } from './note-keys.ts';
import { signCheckpoints, type SignedCheckpoint } from './sign-checkpoints.ts';

/** The dossiers whose logs grew past their latest signed checkpoint. */
export async function dossiersToSign(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('ledger_heads as h')
    .select('h.dossier_id')
    .where((eb) =>
      eb(
        'h.size',
        '>',
        eb.fn.coalesce(
          eb
            .selectFrom('ledger_checkpoints as c')
            .select((c) => c.fn.max('c.size').as('size'))
            .whereRef('c.dossier_id', '=', 'h.dossier_id'),
          eb.val(0),
        ),
      ),
    )
    .execute();
  return rows.map((r) => r.dossier_id);
}

/**
 * Signs checkpoints after a batch of appends (a command, a request), loading the key only when
 * there is something to sign, so read-only work never touches it.
 */
export async function signPending(
  db: Kysely<Database>,
  loadSigner: () => Ed25519Signer,
): Promise<SignedCheckpoint[]> {
  const ids = await dossiersToSign(db);
  if (ids.length === 0) return [];
  return signCheckpoints({ db, signer: loadSigner(), dossierIds: ids });
}

/**
 * A signer for a long-running server: after each batch of appends (a request), `poke()` signs what
 * grew. One signing runs at a time per process; pokes that arrive meanwhile are folded into one
 * more round, so a burst of requests costs at most two signings, not one each.
 */
export function checkpointSigner(
  db: Kysely<Database>,
  loadSigner: () => Ed25519Signer,
): { poke(): Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  return {
    poke() {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await signPending(db, loadSigner);
        } while (again);
      })().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
