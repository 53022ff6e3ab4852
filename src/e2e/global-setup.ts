import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Browser tests load the built web app: build it first when a source changed since the last build. */
export default function setup() {
  const root = join(import.meta.dirname, '..', '..');
  const result = spawnSync(process.execPath, [join(root, 'bin/build-web.mjs'), '--if-stale'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('building the web app failed');
}
