import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { DEFAULT_DATABASE } from '../db/open-database.ts';
import { createDemoAccounts } from '../demo/demo-accounts.ts';
import { loadReferenceDossier } from '../demo/load-reference-dossier.ts';
import { SYSTEM } from '../domain/actor.ts';
import { computeMatrix } from '../domain/compute-matrix.ts';
import { inTransaction } from '../domain/in-transaction.ts';
import { listDossiers } from '../domain/list-dossiers.ts';
import { requireDossier } from '../domain/lookup.ts';
import { serve, untilStopped } from '../server/serve.ts';
import { exportDossier, serialiseDossierFile } from '../dossier-file/export-dossier.ts';
import { importDossier } from '../dossier-file/import-dossier.ts';
import { readDossierFile } from '../dossier-file/parse-dossier-file.ts';
import { formatMatrixCsv } from './format-matrix-csv.ts';
import { formatInstant, formatMatrixTable } from './format-matrix-table.ts';
import { terminalProgress } from './progress.ts';
import { addLedgerCommands } from './ledger-commands.ts';
import { addMeetingCommands } from './meeting-commands.ts';
import { addRecordCommands } from './record-commands.ts';
import { addServeOptions, addServerCommands, type ServeOptions } from './server-commands.ts';
import { demoEmails, signInHelp } from './sign-in-help.ts';
import { instantArg, withDatabase } from './with-database.ts';

/** The `pointwise` command and its subcommands. Each calls the same use cases the HTTP API calls. */
export function buildProgram(): Command {
  const program = new Command('pointwise')
    .description(
      'The written record of negotiations run on written proposals: who answered which point, and who is late.',
    )
    .addOption(
      new Option('--db <target>', 'a SQLite file path or a postgres:// URL')
        .env('DATABASE_URL')
        .default(DEFAULT_DATABASE),
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  addServeOptions(
    program
      .command('start')
      .description(
        'prepare the database (migrate; load the reference dossier and demo accounts when empty), say what to do next, and serve the API',
      ),
  ).action(async (opts: ServeOptions, cmd: Command) => {
    await withDatabase(cmd, async (open) => {
      const { db, location, signer } = open;
      const dossiers = await listDossiers({ trx: db });
      let loaded = '';
      let demo: Awaited<ReturnType<typeof createDemoAccounts>> = [];
      if (dossiers.length === 0) {
        const result = await loadReferenceDossier(db);
        loaded = result.dossier;
        const accounts = await db.selectFrom('users').select('id').limit(1).execute();
        if (accounts.length === 0) demo = await createDemoAccounts(db, loaded);
      }
      const all = await listDossiers({ trx: db });
      const out = [`Pointwise is using ${location}`];
      if (loaded) out.push(`The database was empty, so the reference dossier "${loaded}" was loaded.`);
      out.push(`Ledger checkpoints are signed by ${signer().verifierKey}`);
      out.push('', 'Dossiers:');
      for (const d of all)
        out.push(
          `  ${d.key.padEnd(24)} ${d.title} (${d.parties} parties, ${d.deliveries} deliveries, ${d.responses} responses)`,
        );
      const first = all[0]?.key ?? 'DOSSIER';
      out.push(
        '',
        'Next:',
        ...columns([
          [`npx pointwise matrix ${first} --format table`, 'who answered which point, and who is late'],
          [`npx pointwise matrix ${first} --at 2022-01-20T00:00:00Z`, 'the same, as of any moment'],
          [`npx pointwise export ${first} > dossier.json`, 'the whole dossier as a file'],
          ['npx pointwise import FILE', 'record a negotiation from a file'],
          ['npx pointwise --help', 'every command'],
        ]),
      );
      const serving = await serve({
        open,
        port: opts.port,
        host: opts.host,
        trustProxy: opts.trustProxy,
        logger: { level: 'warn' },
      });
      out.push('', ...signInHelp(serving.url, first, demo, await demoEmails(db)));
      process.stdout.write(`${out.join('\n')}\n`);
      await untilStopped();
      await serving.close();
    });
  });

  program
    .command('migrate')
    .description('bring the database schema up to date (also done on every start)')
    .action(async (_opts, cmd: Command) => {
      await withDatabase(cmd, async () => {}, {
        afterMigrate: (ran, location) =>
          process.stdout.write(
            ran.length === 0 ? `${location} is up to date\n` : `${location}: ran ${ran.join(', ')}\n`,
          ),
      });
    });

  program
    .command('demo')
    .description('load the reference dossier (the negotiation Pointwise was born from) into the database')
    .action(async (_opts, cmd: Command) => {
      await withDatabase(cmd, async ({ db }) => {
        const result = await loadReferenceDossier(db);
        process.stdout.write(
          result.loaded
            ? `Loaded the reference dossier "${result.dossier}". Try: npx pointwise matrix ${result.dossier} --format table\n`
            : `The reference dossier "${result.dossier}" is already in this database.\n`,
        );
      });
    });

  program
    .command('dossiers')
    .description('list the dossiers in the database')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (opts: { format: 'table' | 'json' }, cmd: Command) => {
      await withDatabase(cmd, async ({ db }) => {
        const dossiers = await listDossiers({ trx: db });
        if (opts.format === 'json') {
          process.stdout.write(`${JSON.stringify(dossiers, null, 2)}\n`);
          return;
        }
        if (dossiers.length === 0) {
          process.stdout.write(
            'No dossiers yet. Load one with `pointwise import FILE` or `pointwise demo`.\n',
          );
          return;
        }
        const rows = dossiers.map((d) => [
          d.key,
          d.title,
          String(d.parties),
          String(d.deliveries),
          String(d.responses),
        ]);
        process.stdout.write(table(['key', 'title', 'parties', 'deliveries', 'responses'], rows));
      });
    });

  program
    .command('import')
    .description('record a whole dossier from a pointwise-dossier/1 file: all of it, or nothing')
    .argument('<file>', 'the dossier file (JSON)')
    .option('--check', 'validate the file and report every problem, but write nothing')
    .action(async (file: string, opts: { check?: boolean }, cmd: Command) => {
      const parsed = readDossierFile(file);
      if (opts.check) {
        process.stdout.write(`${file} is a valid dossier file ("${parsed.dossier.key}")\n`);
        return;
      }
      await withDatabase(cmd, async ({ db }) => {
        const progress = terminalProgress(`Importing ${parsed.dossier.key}`);
        try {
          const result = await inTransaction(db, (trx) =>
            importDossier({ trx, actor: SYSTEM, file: parsed, onProgress: progress?.update }),
          );
          progress?.done();
          const c = result.counts;
          process.stdout.write(
            `Imported "${result.dossier}": ${c.parties} parties, ${c.documents} documents (${c.versions} versions), ` +
              `${c.deliveries} deliveries, ${c.responses} responses (${c.answers} answers), ${c.publications} publications, ` +
              `${c.meetings} meetings, ${c.statements} statements, ${c.links} links\n`,
          );
        } catch (error) {
          progress?.done();
          throw error;
        }
      });
    });

  program
    .command('export')
    .description('write a whole dossier as a pointwise-dossier/1 file (to standard output unless --output)')
    .argument('<dossier>', 'the dossier key')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(async (dossier: string, opts: { output?: string }, cmd: Command) => {
      await withDatabase(cmd, async ({ db }) => {
        const file = await inTransaction(db, (trx) => exportDossier({ trx, dossier }));
        const text = serialiseDossierFile(file);
        if (opts.output) writeFileSync(opts.output, text);
        else process.stdout.write(text);
      });
    });

  program
    .command('matrix')
    .description('who answered which point of every delivery, and who is late')
    .argument('<dossier>', 'the dossier key')
    .addOption(
      new Option('--at <instant>', 'as of this moment (ISO 8601, e.g. 2022-01-27T00:00:00Z)').argParser(
        instantArg,
      ),
    )
    .addOption(
      new Option('--format <format>', 'output format (default: table on a terminal, json in a pipe)').choices(
        ['json', 'csv', 'table'],
      ),
    )
    .action(
      async (dossier: string, opts: { at?: string; format?: 'json' | 'csv' | 'table' }, cmd: Command) => {
        const format = opts.format ?? (process.stdout.isTTY ? 'table' : 'json');
        await withDatabase(cmd, async ({ db }) => {
          const matrix = await inTransaction(db, (trx) =>
            computeMatrix({ trx, input: { dossier, at: opts.at, labels: format === 'table' } }),
          );
          if (format === 'json') {
            process.stdout.write(`${JSON.stringify(matrix, null, 2)}\n`);
          } else if (format === 'csv') {
            process.stdout.write(formatMatrixCsv(matrix));
          } else {
            const { time_zone } = await requireDossier(db, dossier);
            const labels = new Map(matrix.deliveries.map((d) => [d.delivery, d.labels ?? {}]));
            const colour = Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined;
            process.stdout.write(formatMatrixTable(matrix, { colour, timeZone: time_zone, labels }));
          }
        });
      },
    );

  addRecordCommands(program);
  addMeetingCommands(program);
  addLedgerCommands(program);
  addServerCommands(program);

  // Usage errors anywhere in the tree throw (exit 2 in main.ts) instead of exiting the process.
  const everyCommand = (command: Command): Command[] => [command, ...command.commands.flatMap(everyCommand)];
  for (const command of everyCommand(program).slice(1)) {
    command.exitOverride().showHelpAfterError('(run with --help for usage)');
  }
  return program;
}

/** Two columns, the first padded to its widest cell, indented. */
function columns(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${a.padEnd(width)}   ${b}`);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n')}\n`;
}

export { formatInstant };
