import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../db/test-databases.ts';

const BIN = fileURLToPath(new URL('../../bin/pointwise.mjs', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../dossier-file/testdata/design-example.json', import.meta.url));
const GOLDEN = readFileSync(
  new URL('../dossier-file/testdata/design-example.export.json', import.meta.url),
  'utf8',
);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `pointwise ARGS` as a user would, in a pipe (not a terminal). */
function pointwise(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: '', NO_COLOR: '', ...env },
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

describe('pointwise usage', () => {
  it('explains itself with --help, on every command', async () => {
    const top = await pointwise(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['start', 'import', 'export', 'matrix', 'dossiers', 'migrate', 'demo']) {
      expect(top.stdout).toContain(command);
    }
    expect(top.stdout).toContain('--db <target>');
    const matrix = await pointwise(['matrix', '--help']);
    expect(matrix.code).toBe(0);
    expect(matrix.stdout).toMatch(/--at <instant>/);
    expect(matrix.stdout).toMatch(/--format <format>.*choices: "json", "csv", "table"/s);
  });

  it('exits 2 on wrong usage, saying what is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['matrix'], /missing required argument 'dossier'/],
      [['matrix', 'x', '--format', 'xml'], /argument 'xml' is invalid/],
      [['matrix', 'x', '--at', 'yesterday'], /must be an ISO 8601 instant/],
      [['import', 'a.json', '--frobnicate'], /unknown option '--frobnicate'/],
    ];
    for (const [args, pattern] of cases) {
      const run = await pointwise(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(pattern);
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`pointwise on ${dialect}`, () => {
    let t: Awaited<ReturnType<typeof freshDatabase>>;
    let dir: string;
    beforeAll(async () => {
      t = await freshDatabase(dialect);
      dir = mkdtempSync(join(tmpdir(), 'pointwise-cli-'));
    });
    afterAll(async () => {
      await t.dispose();
      rmSync(dir, { recursive: true, force: true });
    });
    const db = () => ['--db', t.target];

    it('refuses an invalid file with every problem and writes nothing (exit 1)', async () => {
      const file = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
      file.responses[0].party = 'ru';
      file.deliveries[0].demand.dueAt = 'soon';
      const path = join(dir, 'invalid.json');
      writeFileSync(path, JSON.stringify(file));
      const run = await pointwise(['import', path, ...db()]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('deliveries[0].demand.dueAt: must be an ISO 8601 instant');
      const notJson = join(dir, 'not.json');
      writeFileSync(notJson, 'format: pointwise-dossier/1\n');
      const bad = await pointwise(['import', notJson, ...db()]);
      expect(bad.code).toBe(1);
      expect(bad.stderr.trim().split('\n')).toEqual([
        `pointwise: ${notJson} is not JSON: unexpected "format: poin" at line 1, column 1`,
      ]);
      const list = await pointwise(['dossiers', '--format', 'json', ...db()]);
      expect(JSON.parse(list.stdout)).toEqual([]);
    });

    it('imports a file, quietly in a pipe, and exports it back byte for byte', async () => {
      const run = await pointwise(['import', EXAMPLE, ...db()]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /^Imported "security-guarantees": 2 parties, 1 documents \(1 versions\), 1 deliveries, 1 responses \(1 answers\)/,
      );
      const exported = await pointwise(['export', 'security-guarantees', ...db()]);
      expect(exported.code).toBe(0);
      expect(exported.stdout).toBe(GOLDEN);
      const again = await pointwise(['import', EXAMPLE, ...db()]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already in this database; nothing was written/);
    });

    it('prints the matrix as JSON, CSV and a table without colour in a pipe', async () => {
      const json = await pointwise([
        'matrix',
        'security-guarantees',
        '--at',
        '2022-01-27T00:00:00Z',
        '--format',
        'json',
        ...db(),
      ]);
      expect(json.code).toBe(0);
      const matrix = JSON.parse(json.stdout);
      expect(matrix.deliveries[0].addressees[0]).toMatchObject({
        party: 'us',
        status: 'partial',
        answered: 1,
        total: 2,
      });
      // Without --format, a pipe gets JSON.
      const plain = await pointwise([
        'matrix',
        'security-guarantees',
        '--at',
        '2022-01-27T00:00:00Z',
        ...db(),
      ]);
      expect(JSON.parse(plain.stdout)).toEqual(matrix);

      const csv = await pointwise([
        'matrix',
        'security-guarantees',
        '--at',
        '2022-02-01T00:00:00Z',
        '--format',
        'csv',
        ...db(),
      ]);
      expect(csv.stdout.split('\r\n')).toEqual([
        'delivery,document,version,from,deliveredAt,dueAt,party,status,answered,total,submittedAt,provenAt,point,position',
        'd1,treaty-us,1,ru,2021-12-15T12:00:00.000Z,2022-01-28T21:00:00.000Z,us,overdue,1,2,2022-01-26T18:00:00.000Z,,art_4,reject',
        'd1,treaty-us,1,ru,2021-12-15T12:00:00.000Z,2022-01-28T21:00:00.000Z,us,overdue,1,2,2022-01-26T18:00:00.000Z,,art_4__para_1,',
        '',
      ]);

      const table = await pointwise([
        'matrix',
        'security-guarantees',
        '--at',
        '2022-01-27T00:00:00Z',
        '--format',
        'table',
        ...db(),
      ]);
      expect(table.code).toBe(0);
      expect(table.stdout).not.toContain('\x1b[');
      expect(table.stdout).toContain('security-guarantees as of 2022-01-27 03:00 GMT+3');
      expect(table.stdout).toContain(
        'd1: treaty-us v1 from ru, delivered 2021-12-15 15:00 GMT+3, answers due 2022-01-29 00:00 GMT+3',
      );
      expect(table.stdout).toMatch(/^Article 4 \(art_4\) +reject$/m);
      expect(table.stdout).toMatch(/^4\(1\) \(art_4__para_1\) +—$/m);
      expect(table.stdout).toMatch(/^status +partial 1\/2$/m);
    });

    it('refuses a matrix of a dossier that is not there (exit 1)', async () => {
      const run = await pointwise(['matrix', 'nowhere', '--format', 'json', ...db()]);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('pointwise: no dossier "nowhere"\n');
    });

    it('leaves a dossier alone when demo finds its key taken, lists dossiers, and migrates idempotently', async () => {
      // The example imported above uses the reference dossier's key; demo must not overwrite or duplicate it.
      const demo = await pointwise(['demo', ...db()]);
      expect(demo.code).toBe(0);
      expect(demo.stdout).toBe('The reference dossier "security-guarantees" is already in this database.\n');
      const list = await pointwise(['dossiers', ...db()]);
      expect(list.code).toBe(0);
      expect(list.stdout.split('\n')[0]).toMatch(/^key +title +parties +deliveries +responses$/);
      const migrate = await pointwise(['migrate', ...db()]);
      expect(migrate.code).toBe(0);
      expect(migrate.stdout).toMatch(/is up to date/);
    });

    it('takes the database from DATABASE_URL when --db is not given', async () => {
      const run = await pointwise(['dossiers', '--format', 'json'], { DATABASE_URL: t.target });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).map((d: { key: string }) => d.key)).toContain('security-guarantees');
    });
  });
}

/** Signs in as each demo account whose password `start` printed, and reads the matrix columns it sees. */
async function matrixColumns(api: string, stdout: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [, email, password] of stdout.matchAll(/^ {2}(\S+@demo\.example) +(\S{16}) /gm)) {
    const signIn = await fetch(`${api}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const matrix = (await (
      await fetch(`${api}/dossiers/security-guarantees/matrix`, { headers: { cookie } })
    ).json()) as {
      deliveries: { delivery: string; addressees: { party: string }[] }[];
    };
    out[email!] = matrix.deliveries.map((d) => `${d.delivery}:${d.addressees.map((a) => a.party).join('+')}`);
  }
  return out;
}

/** Runs `pointwise start` until it says it is serving, checks the API answers, then stops it as Ctrl-C would. */
function startAndStop(path: string): Promise<Run & { api: string; worlds: Record<string, string[]> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'start', '--db', path, '--port', '0'], {
      env: { ...process.env, DATABASE_URL: '', NO_COLOR: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let api = '';
    let worlds: Record<string, string[]> = {};
    child.stdout.on('data', async (d: Buffer) => {
      stdout += d.toString();
      const match = /Serving the API at (\S+)/.exec(stdout);
      const complete = !stdout.includes('DEMO ACCOUNTS') || stdout.includes('admin@demo.example ');
      if (match && complete && !api) {
        api = match[1]!;
        const answer = await fetch(`${api}/dossiers`).catch(() => null);
        if (answer?.status !== 200) stderr += `GET ${api}/dossiers answered ${answer?.status}\n`;
        // The loaded dossier's ledger is signed before the server starts answering.
        const checkpoint = await fetch(`${api}/dossiers/security-guarantees/ledger/checkpoint`).catch(
          () => null,
        );
        if (checkpoint?.status !== 200) stderr += `GET …/ledger/checkpoint answered ${checkpoint?.status}\n`;
        worlds = await matrixColumns(api, stdout);
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, api, worlds }));
  });
}

describe('pointwise start', () => {
  it('loads the reference dossier and demo accounts into an empty database, says what to do next, and serves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointwise-start-'));
    try {
      const path = join(dir, 'fresh.sqlite');
      const first = await startAndStop(path);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(`Pointwise is using ${path}`);
      expect(first.stdout).toMatch(/the reference dossier "[^"]+" was loaded/);
      expect(first.stdout).toMatch(/npx pointwise matrix \S+ --format table/);
      expect(first.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
      expect(first.stdout).toMatch(/DEMO ACCOUNTS/);
      expect(first.stdout).toMatch(/^ {2}us\.lead@demo\.example +\S{16} /m);
      // Signed in as different parties, the same matrix shows different worlds.
      expect(first.worlds).toEqual({
        'ru.lead@demo.example': ['d1:us', 'd2:nato+us'],
        'us.lead@demo.example': ['d1:us', 'd2:us'],
        'nato.drafter@demo.example': ['d2:nato'],
        'uk.observer@demo.example': [],
        'admin@demo.example': [],
      });
      const second = await startAndStop(path);
      expect(second.code).toBe(0);
      expect(second.stdout).not.toMatch(/was loaded/);
      expect(second.stdout).not.toMatch(/DEMO ACCOUNTS/);
      expect(second.stdout).toMatch(/Demo accounts: ru\.lead@demo\.example/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
