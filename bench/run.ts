// `npm run bench`: every benchmark in bench/*.bench.ts, one after another, each in its own process
// so one's memory and warm caches do not colour the next. Arguments (sqlite, postgres) pass through.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const only = process.env.BENCH;
const files = readdirSync(join(ROOT, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only || f.startsWith(only))
  .sort();
let failed = 0;
for (const file of files) {
  process.stderr.write(`\n== ${file}\n`);
  const run = spawnSync(
    process.execPath,
    [join(ROOT, 'bin/run-ts.mjs'), join(ROOT, 'bench', file), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  if (run.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
