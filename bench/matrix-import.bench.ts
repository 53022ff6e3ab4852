// The matrix and import benchmarks, on SQLite and PostgreSQL (`npm run bench`, or this file alone
// with `node bin/run-ts.mjs bench/matrix-import.bench.ts [sqlite|postgres]`). Writes
// bench/results/matrix-import.json and its table in bench/README.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDatabase } from '../src/db/test-databases.ts';
import type { DialectName } from '../src/db/open-database.ts';
import { computeMatrix } from '../src/domain/compute-matrix.ts';
import { inTransaction } from '../src/domain/in-transaction.ts';
import { serialiseDossierFile } from '../src/dossier-file/export-dossier.ts';
import { writeReadmeSection } from './readme-section.ts';
import { summarise, time } from './stats.ts';
import { syntheticDossier } from './synthetic-dossier.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.slice(2).filter((a) => a === 'sqlite' || a === 'postgres') as DialectName[];
const dialects: DialectName[] = only.length > 0 ? only : ['sqlite', 'postgres'];
const ADDRESSEES = 50;
const SCALES = [100, 1000, 2000, 10_000];

const dir = mkdtempSync(join(tmpdir(), 'pointwise-bench-'));
const files = new Map<number, string>();
function dossierFile(points: number): string {
  let path = files.get(points);
  if (!path) {
    path = join(dir, `synthetic-${points}.json`);
    writeFileSync(path, serialiseDossierFile(syntheticDossier({ points, addressees: ADDRESSEES })));
    files.set(points, path);
  }
  return path;
}

function importInChild(
  file: string,
  target: string,
): { totalMs: number; validateMs: number; writeMs: number; peakRssMb: number } {
  const out = execFileSync(
    process.execPath,
    [join(ROOT, 'bin/run-ts.mjs'), join(ROOT, 'bench/import-child.ts'), file, target],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!);
}

const results = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  addressees: ADDRESSEES,
  dialects: {} as Record<string, unknown>,
};

try {
  for (const dialect of dialects) {
    const t = await freshDatabase(dialect);
    const out: Record<string, unknown> = {};
    try {
      for (const points of SCALES) {
        const file = dossierFile(points);
        const sizeMb = readFileSync(file).length / 2 ** 20;
        process.stderr.write(
          `${dialect}: importing ${points} points × ${ADDRESSEES} addressees (${sizeMb.toFixed(1)} MB)…\n`,
        );
        const imported = importInChild(file, t.target);
        const dossier = `synthetic-${points}x${ADDRESSEES}`;
        const runs = points >= 10_000 ? 20 : 50;
        const samples = await time(
          () =>
            inTransaction(t.db, (trx) =>
              computeMatrix({ trx, input: { dossier, at: '2024-03-01T00:00:00Z' } }),
            ),
          runs,
        );
        const check = await inTransaction(t.db, (trx) => computeMatrix({ trx, input: { dossier } }));
        const answered = check.deliveries[0]!.addressees.every(
          (a) => a.status === 'answered' && a.answered === points,
        );
        if (!answered)
          throw new Error(`the matrix of ${dossier} is wrong: not every addressee answered every point`);
        out[`${points}`] = {
          points,
          answers: points * ADDRESSEES,
          fileMb: Math.round(sizeMb * 10) / 10,
          import: {
            totalMs: Math.round(imported.totalMs),
            validateMs: Math.round(imported.validateMs),
            writeMs: Math.round(imported.writeMs),
            peakRssMb: Math.round(imported.peakRssMb),
          },
          matrix: summarise(samples),
        };
        process.stderr.write(
          `  import ${Math.round(imported.totalMs)} ms, peak ${Math.round(imported.peakRssMb)} MB; matrix ${JSON.stringify(summarise(samples))}\n`,
        );
      }
    } finally {
      await t.dispose();
    }
    results.dialects[dialect] = out;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const resultsFile = join(ROOT, 'bench/results/matrix-import.json');
let previous: Record<string, unknown> = {};
try {
  previous = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch {
  // first run
}
// A run on one dialect keeps the other's last figures.
const merged = { ...results, dialects: { ...((previous.dialects as object) ?? {}), ...results.dialects } };
writeFileSync(resultsFile, `${JSON.stringify(merged, null, 2)}\n`);
writeSummary(merged);
process.stderr.write(`wrote ${resultsFile} and bench/README.md\n`);

function writeSummary(r: typeof merged): void {
  const rows: string[] = [
    '| database | points × addressees | answers | file | import (validate + write) | import peak RSS | matrix median | matrix p95 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- results read back from JSON
  for (const [dialect, scales] of Object.entries(r.dialects as Record<string, Record<string, any>>)) {
    for (const s of Object.values(scales)) {
      rows.push(
        `| ${dialect} | ${s.points.toLocaleString('en')} × ${ADDRESSEES} | ${s.answers.toLocaleString('en')} | ${s.fileMb} MB | ${(s.import.totalMs / 1000).toFixed(2)} s (${(s.import.validateMs / 1000).toFixed(2)} + ${(s.import.writeMs / 1000).toFixed(2)}) | ${s.import.peakRssMb} MB | ${s.matrix.medianMs} ms | ${s.matrix.p95Ms} ms |`,
      );
    }
  }
  writeReadmeSection(
    'matrix-import',
    `Last run: ${r.date} on ${r.machine.cpus} × ${r.machine.cpu}, ${r.machine.memoryGb} GB, Node ${r.machine.node}.\n\n${rows.join('\n')}`,
  );
}
