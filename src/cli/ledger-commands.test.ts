import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../db/test-databases.ts';

const BIN = fileURLToPath(new URL('../../bin/pointwise.mjs', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../dossier-file/testdata/design-example.json', import.meta.url));

function pointwise(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Entries in the example's log, as the first test found them, per database. */
const sizes = new Map<string, number>();

for (const dialect of DIALECTS) {
  describe(`pointwise ledger on ${dialect}`, () => {
    let t: Awaited<ReturnType<typeof freshDatabase>>;
    let dir: string;
    let env: Record<string, string>;
    beforeAll(async () => {
      t = await freshDatabase(dialect);
      dir = mkdtempSync(join(tmpdir(), 'pointwise-ledger-cli-'));
      env = { POINTWISE_LEDGER_KEY_FILE: join(dir, 'ledger.key') };
    });
    afterAll(async () => {
      await t.dispose();
      rmSync(dir, { recursive: true, force: true });
    });
    const pw = (...args: string[]) => pointwise([...args, '--db', t.target], env);

    it('exports a bundle that verifies offline, catches a tampered one, and checks extension from an older checkpoint', async () => {
      expect((await pw('import', EXAMPLE)).code).toBe(0);
      const check = await pw('ledger', 'check');
      expect(check.stdout).toMatch(/^security-guarantees: OK, \d+ entries, 1 signed checkpoints\n$/);
      // One entry per recorded change: how many the example makes is the ledger's business, not this test's.
      const n = Number(/OK, (\d+) entries/.exec(check.stdout)![1]);
      expect(n).toBeGreaterThanOrEqual(12);
      sizes.set(dialect, n);
      const key = (await pw('ledger', 'key')).stdout.trim();
      expect(key).toMatch(/^pointwise\+[0-9a-f]{8}\+/);
      expect(readFileSync(join(dir, 'ledger.key'), 'utf8')).toMatch(/^PRIVATE\+KEY\+pointwise\+/);

      const bundle = join(dir, 'bundle.json');
      expect((await pw('ledger', 'export', 'security-guarantees', '-o', bundle)).code).toBe(0);
      const previous = join(dir, 'previous.txt');
      writeFileSync(previous, (await pw('ledger', 'checkpoint', 'security-guarantees')).stdout);

      // No database at all: an unreachable server named, and none used.
      const offline = await pointwise(['ledger', 'verify', bundle, '--key', key], {
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing',
      });
      expect(offline.stderr).toBe('');
      expect(offline.code).toBe(0);
      expect(offline.stdout).toMatch(
        new RegExp(`^OK: ${n} entries of pointwise/security-guarantees match the signed checkpoint`),
      );

      const altered = JSON.parse(readFileSync(bundle, 'utf8'));
      altered.entries[3].entry.recordedAt = '2020-01-01T00:00:00.000Z';
      const tampered = join(dir, 'tampered.json');
      writeFileSync(tampered, JSON.stringify(altered));
      const refused = await pointwise(['ledger', 'verify', tampered, '--key', key]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain('NOT OK');
      expect(refused.stdout).toContain('entry 3: does not match what entry 4 records of the entry before it');

      expect((await pw('add-party', 'security-guarantees', 'nato', '--name', 'NATO')).code).toBe(0);
      const grown = join(dir, 'grown.json');
      await pw('ledger', 'export', 'security-guarantees', '-o', grown);
      const extends_ = await pointwise(['ledger', 'verify', grown, '--key', key, '--previous', previous]);
      expect(extends_.stdout).toMatch(
        new RegExp(`^OK: ${n + 1} entries .*\nConsistent with the previous checkpoint of size ${n}\\.\n$`),
      );
      const json = JSON.parse((await pointwise(['ledger', 'verify', grown, '--format', 'json'])).stdout);
      expect(json).toMatchObject({ ok: true, size: n + 1, findings: [] });
    });

    it('witnesses checkpoints: cosigns what extends what it saw, refuses what does not', async () => {
      const state = join(dir, 'witness-state.json');
      const witnessKey = join(dir, 'witness.key');
      const older = join(dir, 'bundle.json');
      const newer = join(dir, 'grown.json');
      const first = await pointwise([
        'ledger',
        'witness',
        newer,
        '--state',
        state,
        '--key',
        witnessKey,
        '--name',
        'witness.example/w1',
      ]);
      expect(first.code).toBe(0);
      expect(first.stderr).toMatch(/made the witness key/);
      expect(first.stdout).toMatch(/\n— pointwise \S+\n— witness\.example\/w1 \S+\n$/);
      expect(JSON.parse(readFileSync(state, 'utf8')).logs['pointwise/security-guarantees'].size).toBe(
        sizes.get(dialect)! + 1,
      );
      const stale = await pointwise(['ledger', 'witness', older, '--state', state, '--key', witnessKey]);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toMatch(
        new RegExp(
          `the witness refused: the previous checkpoint \\(size ${sizes.get(dialect)! + 1}\\) is larger than this bundle's \\(size ${sizes.get(dialect)}\\)`,
        ),
      );
      expect(JSON.parse(readFileSync(state, 'utf8')).logs['pointwise/security-guarantees'].size).toBe(
        sizes.get(dialect)! + 1,
      );
    });
  });
}

describe('the reference dossier', () => {
  it('exports a ledger bundle that verifies with nothing but the command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointwise-reference-ledger-'));
    try {
      const db = join(dir, 'pointwise.sqlite');
      const env = { POINTWISE_LEDGER_KEY_FILE: join(dir, 'ledger.key') };
      expect((await pointwise(['demo', '--db', db], env)).code).toBe(0);
      const key = (await pointwise(['ledger', 'key', '--db', db], env)).stdout.trim();
      const bundle = join(dir, 'bundle.json');
      expect(
        (await pointwise(['ledger', 'export', 'security-guarantees', '-o', bundle, '--db', db], env)).code,
      ).toBe(0);
      rmSync(db);
      const verified = await pointwise(['ledger', 'verify', bundle, '--key', key]);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toMatch(
        /^OK: \d+ entries of pointwise\/security-guarantees match the signed checkpoint/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
