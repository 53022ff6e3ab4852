import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { SYSTEM } from '../domain/actor.ts';
import { addVersion } from '../domain/add-version.ts';
import { createDocument } from '../domain/create-document.ts';
import { createDossier } from '../domain/create-dossier.ts';
import { createParty } from '../domain/create-party.ts';
import { createPerson } from '../domain/create-person.ts';
import { deliverVersion } from '../domain/deliver-version.ts';
import { getDraft, type Draft } from '../domain/get-draft.ts';
import { inTransaction } from '../domain/in-transaction.ts';
import { publishResponse } from '../domain/publish-response.ts';
import { publishVersion } from '../domain/publish-version.ts';
import { saveDraftAnswer } from '../domain/save-draft-answer.ts';
import { submitResponse } from '../domain/submit-response.ts';
import { AppError } from '../shared/app-error.ts';
import { DocumentKind, Position } from '../shared/vocabulary.ts';
import { readJsonFile } from './read-json-file.ts';
import { instantArg, withDatabase } from './with-database.ts';

/**
 * Commands that record one change each, through one use case in one transaction: what an
 * operator uses to keep a negotiation's record from the terminal, and what scripts call.
 */
export function addRecordCommands(program: Command): void {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const run = <T>(cmd: Command, work: Parameters<typeof inTransaction<T>>[1]) =>
    withDatabase(cmd, async ({ db }) => {
      await inTransaction(db, work);
    });

  program
    .command('new-dossier')
    .description('open a new dossier: one negotiation')
    .argument('<key>', 'the dossier key, e.g. security-guarantees')
    .requiredOption('--title <title>', 'what the negotiation is')
    .option('--time-zone <zone>', 'IANA time zone for showing instants', 'UTC')
    .action(async (key: string, opts: { title: string; timeZone: string }, cmd: Command) => {
      await run(cmd, (trx) =>
        createDossier({ trx, actor: SYSTEM, input: { key, title: opts.title, timeZone: opts.timeZone } }),
      );
      say(`Opened dossier "${key}".`);
    });

  program
    .command('add-party')
    .description('add a negotiating side to a dossier')
    .argument('<dossier>', 'the dossier key')
    .argument('<key>', 'the party key, e.g. us')
    .requiredOption('--name <name>', 'the party, e.g. "United States"')
    .action(async (dossier: string, key: string, opts: { name: string }, cmd: Command) => {
      await run(cmd, (trx) => createParty({ trx, actor: SYSTEM, input: { dossier, key, name: opts.name } }));
      say(`Added party "${key}" to "${dossier}".`);
    });

  program
    .command('add-person')
    .description('add a named representative (no account needed)')
    .argument('<dossier>', 'the dossier key')
    .argument('<key>', 'the person key')
    .requiredOption('--name <name>', 'full name')
    .option('--title <title>', 'role, e.g. "Secretary of State"')
    .option('--party <party>', 'the party they speak for')
    .action(
      async (
        dossier: string,
        key: string,
        opts: { name: string; title?: string; party?: string },
        cmd: Command,
      ) => {
        await run(cmd, (trx) => createPerson({ trx, actor: SYSTEM, input: { dossier, key, ...opts } }));
        say(`Added person "${key}" to "${dossier}".`);
      },
    );

  program
    .command('add-document')
    .description('start a document authored by one party (its text comes with add-version)')
    .argument('<dossier>', 'the dossier key')
    .argument('<key>', 'the document key')
    .addOption(new Option('--kind <kind>', 'what it is').choices(DocumentKind.options).makeOptionMandatory())
    .requiredOption('--author <party>', 'the party that wrote it')
    .requiredOption('--title <title>', 'its title')
    .action(
      async (
        dossier: string,
        key: string,
        opts: { kind: DocumentKind; author: string; title: string },
        cmd: Command,
      ) => {
        await run(cmd, (trx) => createDocument({ trx, actor: SYSTEM, input: { dossier, key, ...opts } }));
        say(`Added document "${key}" to "${dossier}".`);
      },
    );

  program
    .command('add-version')
    .description('add a version of a document: its whole point tree, from a JSON file (- for standard input)')
    .argument('<dossier>', 'the dossier key')
    .argument('<document>', 'the document key')
    .argument(
      '<points-file>',
      'JSON: an array of points ({ key, label, heading?, text?, points? }) or { "points": [...] }',
    )
    .addOption(
      new Option('--created-at <instant>', 'when the version came to exist (default: now)').argParser(
        instantArg,
      ),
    )
    .action(
      async (
        dossier: string,
        document: string,
        pointsFile: string,
        opts: { createdAt?: string },
        cmd: Command,
      ) => {
        const data = readJsonFile(pointsFile);
        const points = Array.isArray(data) ? data : (data as { points?: unknown } | null)?.points;
        if (!Array.isArray(points)) {
          throw new AppError(
            'input.invalid',
            `${pointsFile} must hold an array of points, or an object with "points"`,
          );
        }
        await withDatabase(cmd, async ({ db }) => {
          const version = await inTransaction(db, (trx) =>
            addVersion({
              trx,
              actor: SYSTEM,
              input: { dossier, document, createdAt: opts.createdAt, points: points as never },
            }),
          );
          say(`Added version ${version.number} of "${document}" (${version.points} points).`);
        });
      },
    );

  program
    .command('deliver')
    .description(
      'hand a document version from its author to addressees, with or without a demand for written answers',
    )
    .argument('<dossier>', 'the dossier key')
    .argument('<document>', 'the document key')
    .argument('<version>', 'the version number', positiveInteger)
    .requiredOption('--to <parties>', 'addressee party keys, comma-separated', commaList)
    .option('--demand', 'demand a written answer to every point (implied by --due)')
    .addOption(new Option('--due <instant>', 'the deadline for written answers').argParser(instantArg))
    .addOption(new Option('--at <instant>', 'when it was delivered (default: now)').argParser(instantArg))
    .option('--key <key>', 'the delivery key (default: made from the document and version)')
    .action(
      async (
        dossier: string,
        document: string,
        version: number,
        opts: { to: string[]; demand?: boolean; due?: string; at?: string; key?: string },
        cmd: Command,
      ) => {
        await withDatabase(cmd, async ({ db }) => {
          const demand = opts.due !== undefined ? { dueAt: opts.due } : opts.demand ? {} : undefined;
          const delivery = await inTransaction(db, (trx) =>
            deliverVersion({
              trx,
              actor: SYSTEM,
              input: { dossier, key: opts.key, document, version, to: opts.to, deliveredAt: opts.at, demand },
            }),
          );
          say(
            `Delivered "${document}" v${version} to ${opts.to.join(', ')} as "${delivery.key}"` +
              (delivery.due_at
                ? `, answers due ${delivery.due_at}.`
                : delivery.has_demand
                  ? ', answers demanded.'
                  : '.'),
          );
        });
      },
    );

  program
    .command('answer')
    .description("save one point's draft answer for a party (private to that party until submitted)")
    .argument('<dossier>', 'the dossier key')
    .argument('<delivery>', 'the delivery key')
    .argument('<point>', 'the point key')
    .requiredOption('--party <party>', 'the answering party')
    .addOption(new Option('--position <position>', 'the position taken').choices(Position.options))
    .option('--text <text>', 'the written answer (required except for accept)')
    .option(
      '--proposed-text <text>',
      'replacement text (required for accept_with_changes and counter_proposal)',
    )
    .option('--clear', "clear the point's draft answer")
    .action(
      async (
        dossier: string,
        delivery: string,
        point: string,
        opts: { party: string; position?: Position; text?: string; proposedText?: string; clear?: boolean },
        cmd: Command,
      ) => {
        if (!opts.clear && !opts.position)
          cmd.error("error: give --position, or --clear to clear the point's draft answer", {
            exitCode: 2,
            code: 'pointwise.usage',
          });
        await withDatabase(cmd, async ({ db }) => {
          const saved = await inTransaction(db, (trx) =>
            saveDraftAnswer({
              trx,
              actor: SYSTEM,
              input: {
                dossier,
                delivery,
                party: opts.party,
                point,
                position: opts.clear ? null : opts.position!,
                text: opts.text,
                proposedText: opts.proposedText,
              },
            }),
          );
          say(`Saved the draft answer of "${opts.party}" to ${point} (revision ${saved.revision}).`);
        });
      },
    );

  program
    .command('draft')
    .description(
      "show a party's draft response to a delivery: answers, carried-over answers, what still needs an answer",
    )
    .argument('<dossier>', 'the dossier key')
    .argument('<delivery>', 'the delivery key')
    .requiredOption('--party <party>', 'the answering party')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      async (
        dossier: string,
        delivery: string,
        opts: { party: string; format: 'table' | 'json' },
        cmd: Command,
      ) => {
        await withDatabase(cmd, async ({ db }) => {
          const draft = await inTransaction(db, (trx) =>
            getDraft({ trx, actor: SYSTEM, input: { dossier, delivery, party: opts.party } }),
          );
          process.stdout.write(
            opts.format === 'json' ? `${JSON.stringify(draft, null, 2)}\n` : formatDraft(draft),
          );
        });
      },
    );

  program
    .command('submit')
    .description(
      "submit a party's current draft as its written response (a later submission supersedes; both stay on record)",
    )
    .argument('<dossier>', 'the dossier key')
    .argument('<delivery>', 'the delivery key')
    .requiredOption('--party <party>', 'the answering party')
    .option('--partial', 'submit even though some points are unanswered')
    .addOption(new Option('--at <instant>', 'when it was submitted (default: now)').argParser(instantArg))
    .option('--key <key>', 'the response key (default: made from the delivery and party)')
    .action(
      async (
        dossier: string,
        delivery: string,
        opts: { party: string; partial?: boolean; at?: string; key?: string },
        cmd: Command,
      ) => {
        await withDatabase(cmd, async ({ db }) => {
          const r = await inTransaction(db, (trx) =>
            submitResponse({
              trx,
              actor: SYSTEM,
              input: {
                dossier,
                delivery,
                party: opts.party,
                partial: opts.partial,
                submittedAt: opts.at,
                key: opts.key,
              },
            }),
          );
          say(
            `Submitted "${r.key}": ${r.answered} answer${r.answered === 1 ? '' : 's'}` +
              (r.unanswered.length > 0
                ? `, ${r.unanswered.length} point${r.unanswered.length === 1 ? '' : 's'} unanswered (partial)`
                : '') +
              (r.supersedes ? `; supersedes "${r.supersedes}"` : '') +
              '.',
          );
        });
      },
    );

  program
    .command('publish')
    .description('make a document version or a response public (irreversible, once)')
    .argument('<dossier>', 'the dossier key')
    .option('--document <document>', 'the document key (with --version)')
    .option('--version <number>', 'the version number', positiveInteger)
    .option('--response <response>', 'the response key')
    .addOption(new Option('--at <instant>', 'when it was published (default: now)').argParser(instantArg))
    .action(
      async (
        dossier: string,
        opts: { document?: string; version?: number; response?: string; at?: string },
        cmd: Command,
      ) => {
        const version = opts.document !== undefined && opts.version !== undefined;
        if (version === (opts.response !== undefined)) {
          cmd.error('error: give either --document and --version, or --response', {
            exitCode: 2,
            code: 'pointwise.usage',
          });
        }
        await withDatabase(cmd, async ({ db }) => {
          if (opts.response !== undefined) {
            const p = await inTransaction(db, (trx) =>
              publishResponse({
                trx,
                actor: SYSTEM,
                input: { dossier, response: opts.response!, publishedAt: opts.at },
              }),
            );
            say(`Published response "${p.response}" at ${p.publishedAt}.`);
          } else {
            const p = await inTransaction(db, (trx) =>
              publishVersion({
                trx,
                actor: SYSTEM,
                input: { dossier, document: opts.document!, version: opts.version!, publishedAt: opts.at },
              }),
            );
            say(`Published "${p.document}" v${p.version} at ${p.publishedAt}.`);
          }
        });
      },
    );
}

function positiveInteger(value: string): number {
  if (!/^[1-9]\d{0,6}$/.test(value)) {
    throw new InvalidArgumentError('must be a whole number from 1.');
  }
  return Number(value);
}

function commaList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function formatDraft(draft: Draft): string {
  const lines = [
    `Draft of "${draft.party}" for "${draft.delivery}": ${draft.answered} of ${draft.total} points answered` +
      (draft.basedOn
        ? draft.basedOn.kind === 'own_submission'
          ? ` (starting from its response "${draft.basedOn.response}")`
          : ` (answers carried over from response "${draft.basedOn.response}" to version ${draft.basedOn.version})`
        : ''),
    '',
  ];
  const rows = draft.points.map((p) => {
    const state = !p.demandsAnswer
      ? ''
      : p.needsAnswer
        ? p.change === 'changed'
          ? 'changed: needs an answer'
          : p.change === 'new'
            ? 'new: needs an answer'
            : 'needs an answer'
        : p.carried
          ? 'carried over'
          : p.gaps.length > 0
            ? `incomplete: ${p.gaps.map((g) => `${g.field} ${g.message}`).join('; ')}`
            : 'answered';
    const label = `${'  '.repeat(p.depth)}${p.label === p.key ? p.key : `${p.label} (${p.key})`}`;
    return [label, p.answer?.position ?? (p.demandsAnswer ? '—' : ''), state];
  });
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length), 5));
  for (const r of rows)
    lines.push(`${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]}`.trimEnd());
  return `${lines.join('\n')}\n`;
}
