// Imports one dossier file into one database and reports the time and the peak memory of this
// process, as a JSON line. Run as a child so its memory is the import's alone.
import { performance } from 'node:perf_hooks';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { inTransaction } from '../src/domain/in-transaction.ts';
import { importDossier } from '../src/dossier-file/import-dossier.ts';
import { readDossierFile } from '../src/dossier-file/parse-dossier-file.ts';

const [file, target] = process.argv.slice(2);
if (!file || !target) throw new Error('usage: import-child.ts FILE DB');
const open = openDatabase(target);
await migrateToLatest(open.db, open.dialect);
const start = performance.now();
const parsed = readDossierFile(file);
const validated = performance.now();
await inTransaction(open.db, (trx) => importDossier({ trx, actor: SYSTEM, file: parsed }));
const end = performance.now();
await open.close();
process.stdout.write(
  `${JSON.stringify({ totalMs: end - start, validateMs: validated - start, writeMs: end - validated, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
