import { InvalidArgumentError, type Command } from 'commander';
import { migrateToLatest } from '../db/migrate.ts';
import { openDatabase, type OpenDatabase } from '../db/open-database.ts';
import { ledgerKeyPath, loadOrCreateSigner } from '../ledger/ledger-key.ts';
import type { Ed25519Signer } from '../ledger/note-keys.ts';
import { signPending } from '../ledger/sign-pending.ts';
import { parseInstant } from '../shared/instant.ts';

/** Checks an `--at`-style option: an ISO 8601 instant with a time zone, or wrong usage. */
export function instantArg(value: string): string {
  if (!parseInstant(value)) {
    throw new InvalidArgumentError(
      'must be an ISO 8601 instant with a time zone, such as 2022-01-27T00:00:00Z.',
    );
  }
  return value;
}

/**
 * Opens the database named by --db (or DATABASE_URL), brings its schema up to date, runs `work`,
 * signs a checkpoint for every dossier whose ledger grew, and closes it.
 */
export async function withDatabase(
  cmd: Command,
  work: (open: OpenDatabase & { signer: () => Ed25519Signer }) => Promise<void>,
  options: { afterMigrate?: (ran: string[], location: string) => void } = {},
): Promise<void> {
  const { db: target } = cmd.optsWithGlobals<{ db: string }>();
  const open = openDatabase(target);
  try {
    const ran = await migrateToLatest(open.db, open.dialect);
    options.afterMigrate?.(ran, open.location);
    const signer = serverSigner(target);
    await work({ ...open, signer });
    await signPending(open.db, signer);
  } finally {
    await open.close();
  }
}

/** The server's signing key for the database `target`, loaded (or made) on first use. */
export function serverSigner(target: string): () => Ed25519Signer {
  let signer: Ed25519Signer | undefined;
  return () => {
    if (!signer) {
      const path = ledgerKeyPath(target);
      const loaded = loadOrCreateSigner(path);
      // Said on a terminal; scripts read it with `pointwise ledger key`, and `start` prints it.
      if (loaded.created && process.stderr.isTTY) {
        process.stderr.write(
          `pointwise: made the ledger signing key ${path} (keep it secret and backed up); its verifier key is\n  ${loaded.signer.verifierKey}\n`,
        );
      }
      signer = loaded.signer;
    }
    return signer;
  };
}
