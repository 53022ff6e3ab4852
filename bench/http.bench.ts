// The HTTP benchmark (issue 3), on SQLite and PostgreSQL: saving one draft answer with 32
// concurrent connections for 10 s, beside the same server's ceiling (one insert through the same
// driver, nothing else) measured in the same run; the matrix of the 2,000 × 50 delivery over
// HTTP; and the serving process's memory under that load. autocannon drives a server running in
// its own process (bench/http-server.ts) over loopback. Writes bench/results/http.json and its
// section of bench/README.md. Alone: `node bin/run-ts.mjs bench/http.bench.ts [sqlite|postgres]`.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { addMembership } from '../src/auth/add-membership.ts';
import { createApiToken } from '../src/auth/create-api-token.ts';
import { createUser } from '../src/auth/create-user.ts';
import { activeMemberships } from '../src/auth/authenticate.ts';
import type { DialectName } from '../src/db/open-database.ts';
import { freshDatabase } from '../src/db/test-databases.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { inTransaction } from '../src/domain/in-transaction.ts';
import { importDossier } from '../src/dossier-file/import-dossier.ts';
import { syntheticDossier } from './synthetic-dossier.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.slice(2).filter((a) => a === 'sqlite' || a === 'postgres') as DialectName[];
const dialects: DialectName[] = only.length > 0 ? only : ['sqlite', 'postgres'];
const POINTS = 2000;
const ADDRESSEES = 50;
const DOSSIER = `synthetic-${POINTS}x${ADDRESSEES}`;
const SECONDS = 10;
const CONNECTIONS = 32;

/** Accounts with tokens: the author's lead (sees the whole matrix) and addressee p0's drafter. */
async function prepare(db: Awaited<ReturnType<typeof freshDatabase>>['db']) {
  const file = syntheticDossier({ points: POINTS, addressees: ADDRESSEES });
  await inTransaction(db, (trx) => importDossier({ trx, actor: SYSTEM, file }));
  const leafKeys = file.documents![0]!.versions[0]!.points.flatMap((article) =>
    article.points!.map((p) => p.key),
  );
  const token = async (email: string, party: string, role: 'lead' | 'drafter') =>
    inTransaction(db, async (trx) => {
      const user = await createUser({ trx, input: { email, password: 'benchmark password' } });
      await addMembership({ trx, input: { email, dossier: DOSSIER, party, role } });
      const [membership] = await activeMemberships(trx, user.id);
      return (
        await createApiToken({ trx, userId: user.id, membership: membership!, input: { name: 'bench' } })
      ).token;
    });
  return {
    leafKeys,
    authorToken: await token('author@bench.example', 'author', 'lead'),
    drafterToken: await token('drafter@bench.example', 'p0', 'drafter'),
  };
}

function startServer(target: string): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/run-ts.mjs'), join(ROOT, 'bench/http-server.ts'), target],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve({ child, base: `http://127.0.0.1:${match[1]}` });
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

/** Resident memory of a process in MB, from /proc. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

interface Load {
  requestsPerSecond: number;
  requests: number;
  non2xx: number;
  errors: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  serverRssMb: { before: number; peak: number };
}

async function load(
  pid: number,
  options: autocannon.Options & { p95FromHistogram?: boolean },
): Promise<Load> {
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
  const result = await autocannon(options);
  clearInterval(sampler);
  const l = result.latency as unknown as Record<string, number>;
  return {
    requestsPerSecond: Math.round(result.requests.average),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    // autocannon reports p97.5, not p95; p95 is read between p90 and p97.5 conservatively as p97.5.
    latencyMs: { p50: l.p50!, p95: l.p97_5!, p99: l.p99!, max: l.max! },
    serverRssMb: { before, peak },
  };
}

const results = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  connections: CONNECTIONS,
  seconds: SECONDS,
  dialects: {} as Record<string, { ceiling: Load; draftSave: Load; matrix: Load }>,
};

for (const dialect of dialects) {
  const t = await freshDatabase(dialect);
  const server = await (async () => {
    process.stderr.write(`${dialect}: importing ${POINTS} × ${ADDRESSEES}, making accounts…\n`);
    const prepared = await prepare(t.db);
    const started = await startServer(t.target);
    return { ...prepared, ...started };
  })();
  try {
    const pid = server.child.pid!;
    const bearer = (token: string) => ({
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    });
    // Warm up the process (JIT, pools) before measuring.
    await autocannon({ url: `${server.base}/bench/ceiling`, method: 'POST', connections: 4, amount: 500 });

    process.stderr.write(`${dialect}: ceiling (one insert), ${CONNECTIONS} connections, ${SECONDS} s…\n`);
    const ceiling = await load(pid, {
      url: `${server.base}/bench/ceiling`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: SECONDS,
    });

    // Each request saves a different point, round the 2,000, so concurrent saves never race on one point.
    let n = 0;
    const draftRequest = () => ({
      method: 'PUT' as const,
      path: `/api/v1/dossiers/${DOSSIER}/deliveries/d1/draft/${server.leafKeys[n++ % server.leafKeys.length]}`,
      headers: bearer(server.drafterToken),
      body: JSON.stringify({ position: 'reject', text: 'Not in this form.' }),
    });
    await autocannon({
      url: server.base,
      connections: 4,
      amount: 200,
      requests: [{ setupRequest: () => draftRequest() }],
    });
    process.stderr.write(`${dialect}: saving draft answers, ${CONNECTIONS} connections, ${SECONDS} s…\n`);
    const draftSave = await load(pid, {
      url: server.base,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [{ setupRequest: () => draftRequest() }],
    });

    process.stderr.write(
      `${dialect}: the matrix of ${POINTS} × ${ADDRESSEES} over HTTP, 1 connection, ${SECONDS} s…\n`,
    );
    const matrixUrl = `${server.base}/api/v1/dossiers/${DOSSIER}/matrix?at=2024-03-01T00:00:00Z`;
    await autocannon({ url: matrixUrl, headers: bearer(server.authorToken), connections: 1, amount: 10 });
    const matrix = await load(pid, {
      url: matrixUrl,
      headers: bearer(server.authorToken),
      connections: 1,
      duration: SECONDS,
    });
    results.dialects[dialect] = { ceiling, draftSave, matrix };
  } finally {
    await new Promise<void>((resolve) => {
      server.child.removeAllListeners('exit');
      server.child.once('exit', () => resolve());
      server.child.kill('SIGTERM');
    });
    await t.dispose();
  }
}

writeFileSync(join(ROOT, 'bench/results/http.json'), `${JSON.stringify(results, null, 2)}\n`);
const rows = Object.entries(results.dialects).flatMap(([dialect, r]) => {
  const line = (what: string, x: Load, share = '') =>
    `| ${dialect} | ${what} | ${x.requestsPerSecond.toLocaleString('en')}${share} | ${x.latencyMs.p50} | ${x.latencyMs.p95} | ${x.latencyMs.p99} | ${x.non2xx + x.errors} | ${x.serverRssMb.peak} MB |`;
  const share = ` (${Math.round((100 * r.draftSave.requestsPerSecond) / r.ceiling.requestsPerSecond)}% of ceiling)`;
  return [
    line(`ceiling: one insert, ${CONNECTIONS} conn.`, r.ceiling),
    line(`save a draft answer, ${CONNECTIONS} conn.`, r.draftSave, share),
    line(`matrix ${POINTS} × ${ADDRESSEES}, 1 conn.`, r.matrix),
  ];
});
writeReadmeSection(
  'http',
  [
    `Last run: ${results.date} on ${results.machine.cpus} × ${results.machine.cpu?.split(' ').slice(0, 2).join(' ')}, ${results.machine.memoryGb} GB, Node ${results.machine.node}; ${SECONDS} s per row.`,
    '',
    '| database | load | requests/s | p50 ms | p97.5 ms | p99 ms | failed | server peak RSS |',
    '| -------- | ---- | ---------- | ------ | -------- | ------ | ------ | --------------- |',
    ...rows,
  ].join('\n'),
);
process.stderr.write(`${rows.join('\n')}\n`);

/** Replaces this benchmark's generated section of bench/README.md (between its markers), or appends it. */
function writeReadmeSection(name: string, markdown: string): void {
  const readme = join(ROOT, 'bench/README.md');
  const text = readFileSync(readme, 'utf8');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const at = text.indexOf(start);
  const stop = text.indexOf(end);
  writeFileSync(
    readme,
    at >= 0 && stop > at
      ? `${text.slice(0, at)}${block}${text.slice(stop + end.length)}`
      : `${text.trimEnd()}\n\n${block}\n`,
  );
}
