import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/migrate.ts';
import { openDatabase } from '../db/open-database.ts';
import { DIALECTS, freshDatabase } from '../db/test-databases.ts';
import { seedNegotiation } from '../domain/test-factories.ts';
import { checkLedger } from './check-ledger.ts';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from './note-keys.ts';

const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.mjs', import.meta.url));
const APPEND_LOOP = fileURLToPath(new URL('./testdata/append-loop.ts', import.meta.url));
const ROUNDS = 20;

const signerKey = generateSignerKey('pointwise-test').signerKey;
const verifier = parseVerifierKey(parseSignerKey(signerKey).verifierKey);
const keyDir = mkdtempSync(join(tmpdir(), 'pointwise-crash-key-'));
const keyFile = join(keyDir, 'ledger.key');
writeFileSync(keyFile, `${signerKey}\n`, { mode: 0o600 });

interface Appender {
  child: ChildProcess;
  acked: string[];
  /** Resolves once the child has acknowledged `n` appends. */
  ackedAtLeast(n: number): Promise<void>;
  exited: Promise<number | null>;
}

/** Starts a child that appends parties `PREFIX0`, `PREFIX1`… to the dossier, one transaction each. */
function startAppender(target: string, prefix: string): Appender {
  const child = spawn(process.execPath, [RUN_TS, APPEND_LOOP, target, 'talks', prefix, '100000'], {
    env: { ...process.env, POINTWISE_LEDGER_KEY_FILE: keyFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked: string[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let buffered = '';
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
    for (const w of waiters.filter((w) => acked.length >= w.n)) w.resolve();
  });
  child.stderr!.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    acked,
    exited,
    ackedAtLeast: (n) =>
      new Promise<void>((resolve, reject) => {
        if (acked.length >= n) return resolve();
        waiters.push({ n, resolve });
        exited.then(() => reject(new Error(`the appender exited after ${acked.length} appends`)));
      }),
  };
}

/** Where the PostgreSQL server programs are: Debian keeps them per version under /usr/lib/postgresql. */
function postgresBinaries(): string {
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join('/usr/lib/postgresql', versions[0], 'bin');
  return spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' }).stdout?.trim() ?? '';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** After a crash: the log checks clean and every acknowledged append is in it. */
async function expectIntact(target: string, acked: readonly string[]): Promise<void> {
  const open = openDatabase(target);
  try {
    const dossier = await open.db
      .selectFrom('dossiers')
      .select(['id', 'key'])
      .where('key', '=', 'talks')
      .executeTakeFirstOrThrow();
    const result = await checkLedger({ db: open.db, verifier, dossier });
    expect(result.findings).toEqual([]);
    if (acked.length > 0) {
      const found = await open.db.selectFrom('parties').select('key').where('key', 'in', acked).execute();
      expect(found.length).toBe(acked.length);
      const subjects = await open.db
        .selectFrom('ledger_entries')
        .select('entry')
        .where('dossier_id', '=', dossier.id)
        .where('type', '=', 'party.created')
        .execute();
      const recorded = new Set(subjects.map((s) => JSON.parse(s.entry).subject as string));
      for (const key of acked) expect(recorded.has(key)).toBe(true);
    }
  } finally {
    await open.close();
  }
}

for (const dialect of DIALECTS) {
  describe(`the ledger survives SIGKILL on ${dialect}`, () => {
    let t: Awaited<ReturnType<typeof freshDatabase>>;
    beforeAll(async () => {
      t = await freshDatabase(dialect);
      await seedNegotiation(t.db);
    });
    afterAll(async () => {
      await t.dispose();
    });

    it(`keeps every acknowledged append and a consistent log, killed ${ROUNDS} times at random moments`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const appender = startAppender(t.target, `r${round}x`);
        await appender.ackedAtLeast(1);
        await sleep(Math.random() * 250);
        appender.child.kill('SIGKILL');
        await appender.exited;
        await expectIntact(t.target, appender.acked);
      }
    }, 240_000);
  });
}

describe('the ledger survives its PostgreSQL server being killed', () => {
  const bin = postgresBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'pointwise-pg-'));
  const port = 15_400 + Math.floor(Math.random() * 500);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  // The server refuses to run as root; as root, run it as the postgres user.
  const asServer = (command: string, args: string[]) =>
    process.getuid?.() === 0
      ? spawnSync('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { encoding: 'utf8' })
      : spawnSync(join(bin, command), args, { encoding: 'utf8' });
  const start = async () => {
    // After a SIGKILL the old server's backends notice their postmaster is gone only after a moment,
    // and a new server will not start while they still hold its shared memory: try again for a while.
    let last = '';
    for (let attempt = 0; attempt < 40; attempt++) {
      const r = asServer('pg_ctl', [
        '-D',
        join(dir, 'data'),
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
        '-l',
        join(dir, 'log'),
        '-w',
        'start',
      ]);
      if (r.status === 0) return;
      last = `${r.stderr}${r.stdout}`;
      await sleep(500);
    }
    throw new Error(`pg_ctl start failed: ${last}`);
  };

  beforeAll(async () => {
    if (process.getuid?.() === 0)
      chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), -1);
    const init = asServer('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '-E', 'UTF8']);
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    await start();
  });
  afterAll(() => {
    asServer('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged append when the server dies under a writer, and after it restarts', async () => {
    const open = openDatabase(url);
    await migrateToLatest(open.db, open.dialect);
    await seedNegotiation(open.db);
    await open.close();
    for (let round = 0; round < 2; round++) {
      const appender = startAppender(url, `s${round}x`);
      await appender.ackedAtLeast(3);
      await sleep(Math.random() * 150);
      const pid = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGKILL');
      // The writer loses its server and exits with an error; nothing it did not acknowledge may count.
      await appender.exited;
      await start();
      await expectIntact(url, appender.acked);
    }
  }, 120_000);
});
