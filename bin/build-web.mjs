#!/usr/bin/env node
// Builds the web app into dist/web. With --if-stale, only when a source is newer than the build,
// so `npm start` builds on first use and after a change, and otherwise starts at once.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = ['src/web', 'src/shared', 'vite.config.ts', 'package-lock.json'];

function newest(path) {
  const s = statSync(path, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  let max = s.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

/** True when dist/web is missing or older than any source of the web app. */
export function webBuildIsStale() {
  const built = statSync(join(root, 'dist/web/index.html'), { throwIfNoEntry: false });
  if (!built) return true;
  return sources.some((s) => newest(join(root, s)) > built.mtimeMs);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-stale') && !webBuildIsStale()) process.exit(0);
  console.error('Building the web app (dist/web)…');
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // A production build whoever calls (vitest sets NODE_ENV=test, which would give React's slow development build).
    env: { ...process.env, NODE_ENV: 'production' },
  });
  process.exit(result.status ?? 1);
}
