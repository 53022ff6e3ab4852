import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { requireDossier } from '../domain/lookup.ts';
import { formatReport, verifyBundle } from '../ledger/bundle.ts';
import { checkLedger } from '../ledger/check-ledger.ts';
import { generateCosignerKey, parseCosignerKey } from '../ledger/cosignature.ts';
import { EMPTY_WITNESS_STATE, witnessBundle, type WitnessState } from '../ledger/witness.ts';
import { exportBundle } from '../ledger/export-bundle.ts';
import { parseVerifierKey } from '../ledger/note-keys.ts';
import { latestCheckpoint } from '../ledger/sign-checkpoints.ts';
import { AppError } from '../shared/app-error.ts';
import { readJsonFile } from './read-json-file.ts';
import { readTextFile } from './read-text-file.ts';
import { withDatabase } from './with-database.ts';

/** `pointwise ledger …`: export, verify (offline), check (fsck), the key and the latest checkpoint. */
export function addLedgerCommands(program: Command): void {
  const ledger = program
    .command('ledger')
    .description("the tamper-evident ledger: every change, in each dossier's signed Merkle log");

  ledger
    .command('export')
    .description(
      "write a dossier's ledger as a bundle that `ledger verify` checks with no server and no database",
    )
    .argument('<dossier>', 'the dossier key')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(async (key: string, opts: { output?: string }, cmd: Command) => {
      await withDatabase(cmd, async ({ db, signer }) => {
        const dossier = await requireDossier(db, key);
        const bundle = await exportBundle({ db, signer: signer(), dossier });
        const text = `${JSON.stringify(bundle, null, 2)}\n`;
        if (opts.output) writeFileSync(opts.output, text);
        else process.stdout.write(text);
      });
    });

  ledger
    .command('verify')
    .description(
      'verify a ledger bundle offline: signature, every entry, every revealed content, and consistency with an older checkpoint',
    )
    .argument('<bundle>', 'the bundle file (from `ledger export`)')
    .option(
      '--key <verifier-key>',
      'the verifier key to trust (default: the one in the bundle, which proves only self-consistency)',
    )
    .option(
      '--previous <checkpoint-file>',
      'an older signed checkpoint of the same log: the bundle must extend it',
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((file: string, opts: { key?: string; previous?: string; format: 'text' | 'json' }) => {
      const bundle = readJsonFile(file);
      const previous = opts.previous === undefined ? undefined : readTextFile(opts.previous);
      const report = verifyBundle(bundle, { key: opts.key, previous });
      process.stdout.write(
        opts.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report),
      );
      if (!report.ok) process.exitCode = 1;
    });

  ledger
    .command('check')
    .description(
      'check the stored ledger of one dossier, or all, against itself and its signatures (like fsck)',
    )
    .argument('[dossier]', 'the dossier key (default: every dossier)')
    .action(async (key: string | undefined, _opts: unknown, cmd: Command) => {
      await withDatabase(cmd, async ({ db, signer }) => {
        const verifier = parseVerifierKey(signer().verifierKey);
        const dossiers = key
          ? [await requireDossier(db, key)]
          : await db.selectFrom('dossiers').select(['id', 'key']).orderBy('key').execute();
        let bad = 0;
        for (const dossier of dossiers) {
          const result = await checkLedger({ db, verifier, dossier });
          if (result.findings.length === 0) {
            process.stdout.write(
              `${dossier.key}: OK, ${result.size} entries, ${result.checkpoints} signed checkpoints\n`,
            );
          } else {
            bad++;
            process.stdout.write(`${dossier.key}: NOT OK\n`);
            for (const f of result.findings) process.stdout.write(`  ${f.message}\n`);
          }
        }
        if (bad > 0) process.exitCode = 1;
      });
    });

  ledger
    .command('key')
    .description("print the server's verifier key (making the signing key if there is none yet)")
    .action(async (_opts: unknown, cmd: Command) => {
      await withDatabase(cmd, async ({ signer }) => {
        process.stdout.write(`${signer().verifierKey}\n`);
      });
    });

  ledger
    .command('checkpoint')
    .description("print a dossier's latest signed checkpoint (a C2SP signed note), for keeping or witnessing")
    .argument('<dossier>', 'the dossier key')
    .action(async (key: string, _opts: unknown, cmd: Command) => {
      await withDatabase(cmd, async ({ db }) => {
        const dossier = await requireDossier(db, key);
        const checkpoint = await latestCheckpoint(db, dossier.id);
        if (!checkpoint) throw new AppError('input.invalid', `dossier "${key}" has no signed checkpoint yet`);
        process.stdout.write(checkpoint.note);
      });
    });

  addWitnessCommand(ledger);
}

/** `pointwise ledger witness`: keep the checkpoints a party has seen, and cosign only consistent ones. */
export function addWitnessCommand(ledger: Command): void {
  ledger
    .command('witness')
    .description(
      'verify a bundle, check it extends the last checkpoint this witness saw of that log, then cosign its checkpoint (C2SP tlog-cosignature)',
    )
    .argument('<bundle>', 'the bundle file (from `ledger export`)')
    .requiredOption(
      '--state <file>',
      'where this witness keeps the checkpoints it has seen (made if missing)',
    )
    .requiredOption(
      '--key <file>',
      "the witness's signing key file (made, readable by its owner only, if missing)",
    )
    .option('--name <name>', 'the name for a new witness key', 'pointwise-witness')
    .option(
      '--log-key <verifier-key>',
      "the log's verifier key to trust (default: the one first seen for that log)",
    )
    .action((file: string, opts: { state: string; key: string; name: string; logKey?: string }) => {
      const bundle = readJsonFile(file);
      const state = existsSync(opts.state) ? (readJsonFile(opts.state) as WitnessState) : EMPTY_WITNESS_STATE;
      if (state.format !== EMPTY_WITNESS_STATE.format) {
        throw new AppError('input.invalid', `${opts.state} is not a witness state file`);
      }
      if (!existsSync(opts.key)) {
        const made = generateCosignerKey(opts.name);
        writeFileSync(opts.key, `${made.signerKey}\n`, { mode: 0o600, flag: 'wx' });
        process.stderr.write(
          `pointwise: made the witness key ${opts.key}; its verifier key is\n  ${made.verifierKey}\n`,
        );
      }
      const cosigner = parseCosignerKey(readTextFile(opts.key).trim());
      const result = witnessBundle({ state, bundle, cosigner, logKey: opts.logKey });
      if (!result.ok) {
        process.stdout.write(result.report ? formatReport(result.report) : '');
        throw new AppError('input.invalid', `the witness ${result.reason}`);
      }
      // Written whole and renamed into place, so a crash never leaves half a state.
      const temporary = `${opts.state}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(result.state, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, opts.state);
      process.stdout.write(result.cosigned);
    });
}
