// The ledger benchmarks (`npm run bench`, or alone: `node bin/run-ts.mjs bench/ledger.bench.ts
// [sqlite|postgres]`): appends per second inside real use-case transactions, proof generation from
// the stored tree at 1,000,000 entries, and offline verification of a 100,000-entry bundle.
// Writes bench/results/ledger.json and its table in bench/README.md.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { insertRows } from '../src/db/insert-rows.ts';
import type { DialectName } from '../src/db/open-database.ts';
import { freshDatabase } from '../src/db/test-databases.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { createDossier } from '../src/domain/create-dossier.ts';
import { inTransaction } from '../src/domain/in-transaction.ts';
import { saveDraftAnswer } from '../src/domain/save-draft-answer.ts';
import { seedNegotiation } from '../src/domain/test-factories.ts';
import { encodeBase64 } from '../src/ledger/base64.ts';
import { BUNDLE_FORMAT, verifyBundle, type LedgerBundle } from '../src/ledger/bundle.ts';
import { canonicalJsonBytes } from '../src/ledger/canonical-json.ts';
import { signCheckpoint } from '../src/ledger/checkpoint.ts';
import {
  commitTo,
  ENTRY_FORMAT,
  entryBytes,
  entryLeafHash,
  type LedgerEntry,
} from '../src/ledger/ledger-entry.ts';
import { storedConsistencyProof, storedInclusionProof } from '../src/ledger/ledger-tree.ts';
import { hashChildren, hashLeaf } from '../src/ledger/merkle.ts';
import { MerkleTree } from '../src/ledger/merkle-tree.ts';
import { verifyConsistency, verifyInclusion } from '../src/ledger/merkle-verify.ts';
import { generateSignerKey, parseSignerKey } from '../src/ledger/note-keys.ts';
import { signCheckpoints } from '../src/ledger/sign-checkpoints.ts';
import { writeReadmeSection } from './readme-section.ts';
import { summarise } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.slice(2).filter((a) => a === 'sqlite' || a === 'postgres') as DialectName[];
const dialects: DialectName[] = only.length > 0 ? only : ['sqlite', 'postgres'];
const APPENDS = 1000;
const TREE_SIZE = 1_000_000;
const PROOFS = 500;
const BUNDLE_SIZE = 100_000;
const signer = parseSignerKey(generateSignerKey('pointwise-bench').signerKey);

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Appends per second: one saved draft answer (a row and its ledger entry) per transaction. */
async function appendsPerSecond(dialect: DialectName) {
  const t = await freshDatabase(dialect);
  try {
    await seedNegotiation(t.db);
    const points = ['art_1', 'art_2__para_1', 'art_2__para_2'];
    const start = performance.now();
    for (let i = 0; i < APPENDS; i++) {
      await inTransaction(t.db, (trx) =>
        saveDraftAnswer({
          trx,
          actor: { kind: 'party', party: 'b' },
          input: {
            dossier: 'talks',
            delivery: 'd1',
            party: 'b',
            point: points[i % 3]!,
            position: 'reject',
            text: `Draft ${i}`,
          },
        }),
      );
    }
    const seconds = (performance.now() - start) / 1000;
    const signStart = performance.now();
    await signCheckpoints({ db: t.db, signer });
    return {
      appends: APPENDS,
      perSecond: Math.round(APPENDS / seconds),
      signCheckpointMs: round(performance.now() - signStart),
    };
  } finally {
    await t.dispose();
  }
}

/** Proofs read from the stored tree of a 1,000,000-entry log. */
async function proofsAtScale(dialect: DialectName) {
  const t = await freshDatabase(dialect);
  try {
    const dossier = await inTransaction(t.db, (trx) =>
      createDossier({ trx, actor: SYSTEM, input: { key: 'big', title: 'Big log' } }),
    );
    // The stored tree as appends would have left it: every complete subtree hash. Entry 0 is the
    // dossier's real first entry; the other 999,999 leaves are random.
    const leaf0 = await t.db
      .selectFrom('ledger_nodes')
      .select('hash')
      .where('dossier_id', '=', dossier.id)
      .where('level', '=', 0)
      .where('node_index', '=', 0)
      .executeTakeFirstOrThrow();
    const truth = new MerkleTree();
    truth.append(Buffer.from(leaf0.hash, 'base64'));
    for (let i = 1; i < TREE_SIZE; i++) truth.append(hashLeaf(randomBytes(64)));
    const insertStart = performance.now();
    await inTransaction(t.db, async (trx) => {
      let rows: { dossier_id: string; level: number; node_index: number; hash: string }[] = [];
      for (let level = 0; 2 ** level <= TREE_SIZE; level++) {
        const count = Math.floor(TREE_SIZE / 2 ** level);
        for (let index = level === 0 ? 1 : 0; index < count; index++) {
          rows.push({
            dossier_id: dossier.id,
            level,
            node_index: index,
            hash: encodeBase64(truth.node(level, index)),
          });
          if (rows.length === 5000) {
            await insertRows(trx, 'ledger_nodes', rows);
            rows = [];
          }
        }
      }
      await insertRows(trx, 'ledger_nodes', rows);
    });
    const insertMs = performance.now() - insertStart;
    log(
      `  stored ${(2 * TREE_SIZE - 2).toLocaleString('en')} tree nodes in ${(insertMs / 1000).toFixed(1)} s`,
    );

    const inclusion: number[] = [];
    const consistency: number[] = [];
    for (let i = 0; i < PROOFS; i++) {
      const size = TREE_SIZE - Math.floor(Math.random() * 1000);
      const index = Math.floor(Math.random() * size);
      let start = performance.now();
      const proof = await storedInclusionProof(t.db, dossier.id, index, size);
      inclusion.push(performance.now() - start);
      if (!verifyInclusion({ leafHash: truth.node(0, index), index, size, proof, root: truth.root(size) }))
        throw new Error('a stored inclusion proof does not verify');
      const size1 = 1 + Math.floor(Math.random() * (size - 1));
      start = performance.now();
      const cproof = await storedConsistencyProof(t.db, dossier.id, size1, size);
      consistency.push(performance.now() - start);
      if (
        !verifyConsistency({
          size1,
          size2: size,
          root1: truth.root(size1),
          root2: truth.root(size),
          proof: cproof,
        })
      )
        throw new Error('a stored consistency proof does not verify');
    }
    return {
      entries: TREE_SIZE,
      storedNodes: 2 * TREE_SIZE - 1,
      insertNodesS: round(insertMs / 1000, 1),
      inclusionProof: summarise(inclusion),
      consistencyProof: summarise(consistency),
    };
  } finally {
    await t.dispose();
  }
}

/** Offline verification of a bundle of 100,000 entries, against the cost of its hashing alone. */
function verifyLargeBundle() {
  const tree = new MerkleTree();
  const entries: LedgerBundle['entries'] = [];
  for (let i = 0; i < BUNDLE_SIZE; i++) {
    const content = {
      delivery: 'd1',
      party: `p${i % 50}`,
      point: `art_${i % 2000}`,
      revision: i,
      position: 'reject',
      text: `Draft answer number ${i}.`,
    };
    const salt = randomBytes(32);
    const entry: LedgerEntry = {
      format: ENTRY_FORMAT,
      dossier: 'bench',
      index: i,
      type: 'draft_answer.saved',
      subject: `d1/p${i % 50}/art_${i % 2000}`,
      actor: { kind: 'party', party: `p${i % 50}`, userId: 'user-1' },
      recordedAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
      commitment: commitTo(content, salt),
      previousLeaf: i === 0 ? null : encodeBase64(tree.node(0, i - 1)),
    };
    tree.append(entryLeafHash(entry));
    entries.push({ entry, salt: encodeBase64(salt), content });
  }
  const bundle: LedgerBundle = {
    format: BUNDLE_FORMAT,
    origin: 'pointwise-bench/bench',
    verifierKey: signer.verifierKey,
    checkpoint: signCheckpoint(
      { origin: 'pointwise-bench/bench', size: BUNDLE_SIZE, rootHash: tree.root(), extensions: [] },
      [signer],
    ),
    checkpoints: [],
    entries,
  };
  const dir = mkdtempSync(join(tmpdir(), 'pointwise-bench-bundle-'));
  try {
    const file = join(dir, 'bundle.json');
    writeFileSync(file, JSON.stringify(bundle));
    const sizeMb = readFileSync(file).length / 2 ** 20;
    const verify: number[] = [];
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      const report = verifyBundle(JSON.parse(readFileSync(file, 'utf8')), { key: signer.verifierKey });
      verify.push(performance.now() - start);
      if (!report.ok) throw new Error(`the bench bundle does not verify: ${report.findings[0]?.message}`);
    }
    // The irreducible work: SHA-256 of every leaf, interior node and commitment, on bytes already prepared.
    const leafBytes = entries.map((e) => entryBytes(e.entry!));
    const contents = entries.map(
      (e) => [Buffer.from(e.salt!, 'base64'), canonicalJsonBytes(e.content)] as const,
    );
    const hashing: number[] = [];
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      const leaves = leafBytes.map((b) => hashLeaf(b));
      for (const [salt, bytes] of contents) createHash('sha256').update(salt).update(bytes).digest();
      let level = leaves;
      while (level.length > 1) {
        const next: Uint8Array[] = [];
        for (let i = 0; i + 1 < level.length; i += 2) next.push(hashChildren(level[i]!, level[i + 1]!));
        if (level.length % 2 === 1) next.push(level[level.length - 1]!);
        level = next;
      }
      hashing.push(performance.now() - start);
    }
    const verifyMs = summarise(verify).medianMs;
    const hashingMs = summarise(hashing).medianMs;
    return {
      entries: BUNDLE_SIZE,
      fileMb: round(sizeMb, 1),
      verifyMs,
      hashingAloneMs: hashingMs,
      ratio: round(verifyMs / hashingMs, 1),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  appends: {} as Record<string, unknown>,
  proofs: {} as Record<string, unknown>,
  verifyBundle: null as ReturnType<typeof verifyLargeBundle> | null,
};
for (const dialect of dialects) {
  log(`${dialect}: ${APPENDS} appends…`);
  results.appends[dialect] = await appendsPerSecond(dialect);
  log(`  ${JSON.stringify(results.appends[dialect])}`);
  log(`${dialect}: proofs at ${TREE_SIZE.toLocaleString('en')} entries…`);
  results.proofs[dialect] = await proofsAtScale(dialect);
  log(`  ${JSON.stringify(results.proofs[dialect])}`);
}
log(`verifying a ${BUNDLE_SIZE.toLocaleString('en')}-entry bundle…`);
results.verifyBundle = verifyLargeBundle();
log(`  ${JSON.stringify(results.verifyBundle)}`);

const resultsFile = join(ROOT, 'bench/results/ledger.json');
let previous: typeof results | null = null;
try {
  previous = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch {
  // first run
}
const merged = {
  ...results,
  appends: { ...(previous?.appends ?? {}), ...results.appends },
  proofs: { ...(previous?.proofs ?? {}), ...results.proofs },
};
writeFileSync(resultsFile, `${JSON.stringify(merged, null, 2)}\n`);

const rows = [
  '| database | appends/s (one use case + entry per transaction) | inclusion proof at 1M, median / p95 | consistency proof at 1M, median / p95 |',
  '| --- | --- | --- | --- |',
  ...Object.keys(merged.appends).map((d) => {
    const a = merged.appends[d] as { perSecond: number };
    const p = merged.proofs[d] as
      | {
          inclusionProof: { medianMs: number; p95Ms: number };
          consistencyProof: { medianMs: number; p95Ms: number };
        }
      | undefined;
    return `| ${d} | ${a.perSecond} | ${p ? `${p.inclusionProof.medianMs} / ${p.inclusionProof.p95Ms} ms` : '—'} | ${p ? `${p.consistencyProof.medianMs} / ${p.consistencyProof.p95Ms} ms` : '—'} |`;
  }),
];
const v = merged.verifyBundle!;
writeReadmeSection(
  'ledger',
  `Last run: ${merged.date} on ${merged.machine.cpus} × ${merged.machine.cpu}, Node ${merged.machine.node}.\n\n${rows.join('\n')}\n\nOffline verification of a ${v.entries.toLocaleString('en')}-entry bundle (${v.fileMb} MB, every entry with its content): ${(v.verifyMs / 1000).toFixed(2)} s, against ${(v.hashingAloneMs / 1000).toFixed(2)} s for its SHA-256 hashing alone (ratio ${v.ratio}).`,
);
log(`wrote ${resultsFile} and bench/README.md`);
