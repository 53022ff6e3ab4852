import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { generateSignerKey, parseSignerKey, type Ed25519Signer } from './note-keys.ts';

/** The name the server's key signs under, unless POINTWISE_LOG_NAME says otherwise. */
export const DEFAULT_LOG_NAME = 'pointwise';

/**
 * Where the server's signing key lives: POINTWISE_LEDGER_KEY_FILE, else beside a SQLite database,
 * else data/ledger.key. Several processes sharing one PostgreSQL must share this file (or variable).
 */
export function ledgerKeyPath(databaseTarget: string): string {
  const configured = process.env.POINTWISE_LEDGER_KEY_FILE;
  if (configured) return resolve(configured);
  if (/^postgres(ql)?:\/\//i.test(databaseTarget) || databaseTarget === ':memory:')
    return resolve('data/ledger.key');
  return resolve(dirname(resolve(databaseTarget)), 'ledger.key');
}

/**
 * The server's Ed25519 signer, read from `path`, or made and written there (readable by its owner
 * only) the first time. Returns whether it was made now, so the caller can print its verifier key.
 */
export function loadOrCreateSigner(
  path: string,
  name = process.env.POINTWISE_LOG_NAME ?? DEFAULT_LOG_NAME,
): {
  signer: Ed25519Signer;
  created: boolean;
} {
  try {
    const text = readFileSync(path, 'utf8').trim();
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return { signer: parseSignerKey(text), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(path), { recursive: true });
  const { signerKey } = generateSignerKey(name);
  try {
    // 'wx' fails if another process made the key first; then that key is the one.
    writeFileSync(path, `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { signer: parseSignerKey(readFileSync(path, 'utf8').trim()), created: false };
  }
  return { signer: parseSignerKey(signerKey), created: true };
}

/** The origin line of a dossier's checkpoints: one log per dossier, under the server's key name. */
export function logOrigin(keyName: string, dossierKey: string): string {
  return `${keyName}/${dossierKey}`;
}
