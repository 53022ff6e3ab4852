import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { encodeBase64 } from '../ledger/base64.ts';
import { BUNDLE_FORMAT, type LedgerBundle } from '../ledger/bundle.ts';
import { signCheckpoint } from '../ledger/checkpoint.ts';
import { exportBundle } from '../ledger/export-bundle.ts';
import { commitTo, ENTRY_FORMAT, entryLeafHash, type LedgerEntry } from '../ledger/ledger-entry.ts';
import { MerkleTree } from '../ledger/merkle-tree.ts';
import { generateSignerKey, parseSignerKey } from '../ledger/note-keys.ts';
import { signNote } from '../ledger/signed-note.ts';
import { signedIn, worldApp, WORLD_SIGNER, type Person } from './test-world.ts';

// Bundles for testing another verifier against the reference one in src/ledger/bundle.ts: the web
// app's, whose type check leaves Node out and so loads this file at run time only.

export { verifyBundle } from '../ledger/bundle.ts';
export { decodeBase64, encodeBase64 } from '../ledger/base64.ts';

/**
 * The test world on a fresh SQLite database, and the bundle of dossier `talks` as each of `people`
 * gets it from the API (hidden entries as leaf hashes), plus the operator's full export.
 */
export async function worldBundles(people: readonly Person[]) {
  const world = await worldApp('sqlite');
  const bundles: Record<string, LedgerBundle> = {};
  for (const who of people) {
    const call = await signedIn(world.app, who);
    const r = await call({ method: 'GET', url: '/api/v1/dossiers/talks/ledger/bundle' });
    if (r.statusCode !== 200) throw new Error(`the bundle for ${who}: ${r.statusCode} ${r.body}`);
    bundles[who] = r.json();
  }
  const dossier = await world.t.db
    .selectFrom('dossiers')
    .select(['id', 'key'])
    .where('key', '=', 'talks')
    .executeTakeFirstOrThrow();
  bundles.operator = await exportBundle({ db: world.t.db, signer: WORLD_SIGNER, dossier });
  return { bundles, verifierKey: WORLD_SIGNER.verifierKey, dispose: () => world.dispose() };
}

// One key signs every synthetic log, so that a checkpoint of one log can be held against another.
const signer = parseSignerKey(generateSignerKey('pointwise-test').signerKey);

/**
 * A log of `n` entries built with the ledger's own code, `change(i)` being entry i's content:
 * `bundle(size)` is the bundle of its first `size` entries, signed, with signed checkpoints at the
 * sizes in `earlier`; `note(size)` signs the checkpoint of any size; `sign(text)` signs any note.
 */
export function syntheticLog(
  n: number,
  change: (i: number) => unknown = (i) => ({ key: `p${i}`, name: `Party ${i}` }),
) {
  const origin = 'pointwise-test/talks';
  const tree = new MerkleTree();
  const entries: LedgerBundle['entries'] = [];
  for (let i = 0; i < n; i++) {
    const content = change(i);
    // Deterministic salts, so two logs built with the same changes are the same log.
    const salt = createHash('sha256')
      .update(`salt ${i} ${JSON.stringify(content)}`)
      .digest();
    const entry: LedgerEntry = {
      format: ENTRY_FORMAT,
      dossier: 'talks',
      index: i,
      type: i % 3 === 0 ? 'party.created' : 'response.submitted',
      subject: `p${i}`,
      actor: i % 2 === 0 ? { kind: 'system', label: 'test' } : { kind: 'party', party: 'a', userId: 'u1' },
      recordedAt: new Date(Date.UTC(2022, 0, 1, 0, i)).toISOString(),
      commitment: commitTo(content, salt),
      previousLeaf: i === 0 ? null : encodeBase64(tree.node(0, i - 1)),
    };
    tree.append(entryLeafHash(entry));
    entries.push({ entry, salt: encodeBase64(salt), content });
  }
  const note = (size: number) =>
    signCheckpoint({ origin, size, rootHash: tree.root(size), extensions: [] }, [signer]);
  return {
    origin,
    verifierKey: signer.verifierKey,
    note,
    sign: (text: string) => signNote(text, [signer]),
    bundle: (size = n, earlier: number[] = []): LedgerBundle => ({
      format: BUNDLE_FORMAT,
      origin,
      verifierKey: signer.verifierKey,
      checkpoint: note(size),
      checkpoints: earlier.map(note),
      entries: structuredClone(entries.slice(0, size)),
    }),
  };
}

/** The bundle with the entries at `indexes` withheld, as the API withholds them: their leaf hashes only. */
export function prune(bundle: LedgerBundle, indexes: Iterable<number>): LedgerBundle {
  const copy = structuredClone(bundle);
  for (const i of indexes) {
    const item = copy.entries[i]!;
    copy.entries[i] = { leafHash: encodeBase64(entryLeafHash(item.entry!)) };
  }
  return copy;
}

/** A verifier key that signed none of these bundles, under the same name. */
export function otherVerifierKey(): string {
  return generateSignerKey('pointwise-test').verifierKey;
}

/** A file of the shared Merkle and signed-note fixtures (../shared/fixtures/merkle), parsed. */
export function merkleFixture(name: string): unknown {
  return JSON.parse(
    readFileSync(new URL(`../../../shared/fixtures/merkle/${name}`, import.meta.url), 'utf8'),
  );
}
