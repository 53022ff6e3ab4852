import { InvalidArgumentError, Option, type Command } from 'commander';
import { importDebate } from '../akn/import-debate.ts';
import { SYSTEM } from '../domain/actor.ts';
import { arrangeMeeting } from '../domain/arrange-meeting.ts';
import { computeStats, type Durations, type Stats } from '../domain/compute-stats.ts';
import { computeTimeline, TimelineKind, type Timeline } from '../domain/compute-timeline.ts';
import { inTransaction } from '../domain/in-transaction.ts';
import { requireDossier } from '../domain/lookup.ts';
import { publishMeeting } from '../domain/publish-meeting.ts';
import { recordLink } from '../domain/record-link.ts';
import { recordMeetingNotes } from '../domain/record-meeting-notes.ts';
import { recordStatement } from '../domain/record-statement.ts';
import { replyToMeetingRequest } from '../domain/reply-to-meeting-request.ts';
import { requestMeeting } from '../domain/request-meeting.ts';
import type { ItemRef } from '../shared/dossier-file.ts';
import { ITEM_KINDS, type ItemName } from '../shared/item-ref.ts';
import { LinkType, MeetingKind, StatementMedium } from '../shared/vocabulary.ts';
import { formatInstant } from './format-matrix-table.ts';
import { readTextFile } from './read-text-file.ts';
import { instantArg, withDatabase } from './with-database.ts';

/**
 * The story around the documents: meeting requests, replies and arrangements, public
 * statements, links, the timeline and per-party statistics; and importing a debate record.
 */
export function addMeetingCommands(program: Command): void {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const run = <T>(cmd: Command, work: Parameters<typeof inTransaction<T>>[1]) =>
    withDatabase(cmd, async ({ db }) => {
      await inTransaction(db, work);
    });
  const at = (flags: string, what: string) => new Option(flags, what).argParser(instantArg);
  const collect = (value: string, previous: string[] = []) => [...previous, value];

  program
    .command('timeline')
    .description(
      'every event of a dossier in order, as of any moment: versions, deliveries, deadlines, answers, meetings, statements',
    )
    .argument('<dossier>', 'the dossier key')
    .addOption(at('--at <instant>', 'as of this moment (default: now)'))
    .addOption(at('--from <instant>', 'only events at or after this moment'))
    .addOption(at('--to <instant>', 'only events at or before this moment'))
    .option('--party <party>', 'only events that involve this party')
    .addOption(
      new Option(
        '--kind <kind>',
        `only events of this kind (repeatable): ${TimelineKind.options.join(', ')}`,
      ).argParser((value: string, previous: string[] = []) => {
        if (!(TimelineKind.options as readonly string[]).includes(value))
          throw new InvalidArgumentError(`must be one of ${TimelineKind.options.join(', ')}.`);
        return [...previous, value];
      }),
    )
    .option('--point <point>', 'only events about this point: DOCUMENT#POINT, or a point key that is unique')
    .addOption(
      new Option('--format <format>', 'output format (default: table on a terminal, json in a pipe)').choices(
        ['json', 'table'],
      ),
    )
    .action(
      async (
        dossier: string,
        opts: {
          at?: string;
          from?: string;
          to?: string;
          party?: string;
          kind?: TimelineKind[];
          point?: string;
          format?: string;
        },
        cmd: Command,
      ) => {
        const format = opts.format ?? (process.stdout.isTTY ? 'table' : 'json');
        await withDatabase(cmd, async ({ db }) => {
          const timeline = await inTransaction(db, (trx) =>
            computeTimeline({
              trx,
              input: {
                dossier,
                at: opts.at,
                from: opts.from,
                to: opts.to,
                party: opts.party,
                kinds: opts.kind,
                ...(opts.point !== undefined && { point: refArg(opts.point) }),
              },
            }),
          );
          if (format === 'json') say(JSON.stringify(timeline, null, 2));
          else process.stdout.write(formatTimeline(timeline, (await requireDossier(db, dossier)).time_zone));
        });
      },
    );

  program
    .command('stats')
    .description(
      'per party: how long it takes to answer written demands, points answered, meetings asked for and accepted',
    )
    .argument('<dossier>', 'the dossier key')
    .addOption(at('--at <instant>', 'as of this moment (default: now)'))
    .option('--party <party>', 'only this party')
    .addOption(
      new Option('--format <format>', 'output format (default: table on a terminal, json in a pipe)').choices(
        ['json', 'table'],
      ),
    )
    .action(async (dossier: string, opts: { at?: string; party?: string; format?: string }, cmd: Command) => {
      const format = opts.format ?? (process.stdout.isTTY ? 'table' : 'json');
      await withDatabase(cmd, async ({ db }) => {
        const stats = await inTransaction(db, (trx) =>
          computeStats({ trx, input: { dossier, at: opts.at, party: opts.party } }),
        );
        if (format === 'json') say(JSON.stringify(stats, null, 2));
        else process.stdout.write(formatStats(stats));
      });
    });

  program
    .command('request-meeting')
    .description('record that a party asked others for a meeting (before it is accepted, declined or fixed)')
    .argument('<dossier>', 'the dossier key')
    .argument('<key>', 'the meeting key, e.g. geneva')
    .requiredOption('--title <title>', 'what the meeting is')
    .addOption(
      new Option('--kind <kind>', 'talks, consultation, plenary or briefing')
        .choices(MeetingKind.options)
        .makeOptionMandatory(),
    )
    .requiredOption('--by <party>', 'the party that asked')
    .requiredOption('--of <party>', 'a party asked (repeatable)', collect)
    .addOption(at('--at <instant>', 'when it asked (default: now)'))
    .action(
      async (
        dossier: string,
        key: string,
        opts: { title: string; kind: MeetingKind; by: string; of: string[]; at?: string },
        cmd: Command,
      ) => {
        await run(cmd, (trx) =>
          requestMeeting({
            trx,
            actor: SYSTEM,
            input: {
              dossier,
              key,
              title: opts.title,
              kind: opts.kind,
              requestedBy: opts.by,
              requestedOf: opts.of,
              requestedAt: opts.at ?? new Date().toISOString(),
            },
          }),
        );
        say(`Recorded that ${opts.by} asked ${opts.of.join(', ')} for meeting "${key}".`);
      },
    );

  for (const reply of ['accepted', 'declined'] as const) {
    const verb = reply === 'accepted' ? 'accept' : 'decline';
    program
      .command(`${verb}-meeting`)
      .description(`record that a party asked for a meeting ${reply} the request`)
      .argument('<dossier>', 'the dossier key')
      .argument('<meeting>', 'the meeting key')
      .requiredOption('--party <party>', `the party that ${reply}`)
      .addOption(at('--at <instant>', `when it ${reply} (default: now)`))
      .action(
        async (dossier: string, meeting: string, opts: { party: string; at?: string }, cmd: Command) => {
          await run(cmd, (trx) =>
            replyToMeetingRequest({
              trx,
              actor: SYSTEM,
              input: { dossier, meeting, party: opts.party, reply, repliedAt: opts.at },
            }),
          );
          say(`Recorded that ${opts.party} ${reply} meeting "${meeting}".`);
        },
      );
  }

  program
    .command('arrange-meeting')
    .description(
      'fix where and when a meeting takes place, who takes part and its agenda (a requested one, or a new one)',
    )
    .argument('<dossier>', 'the dossier key')
    .argument('<key>', 'the meeting key')
    .option('--title <title>', 'what the meeting is (a new meeting only)')
    .addOption(new Option('--kind <kind>', 'a new meeting only').choices(MeetingKind.options))
    .option('--place <place>', 'where')
    .addOption(at('--starts-at <instant>', 'when it starts'))
    .addOption(at('--ends-at <instant>', 'when it ends'))
    .option('--participant <item>', 'a party or person taking part (repeatable)', collect, [])
    .option('--agenda <item>', 'a document, delivery or DOCUMENT#POINT to discuss (repeatable)', collect, [])
    .action(
      async (
        dossier: string,
        key: string,
        opts: {
          title?: string;
          kind?: MeetingKind;
          place?: string;
          startsAt?: string;
          endsAt?: string;
          participant: string[];
          agenda: string[];
        },
        cmd: Command,
      ) => {
        await run(cmd, (trx) =>
          arrangeMeeting({
            trx,
            actor: SYSTEM,
            input: {
              dossier,
              key,
              title: opts.title,
              kind: opts.kind,
              place: opts.place,
              startsAt: opts.startsAt,
              endsAt: opts.endsAt,
              participants: opts.participant.map(refArg),
              agenda: opts.agenda.map(refArg),
            },
          }),
        );
        say(`Arranged meeting "${key}".`);
      },
    );

  program
    .command('meeting-notes')
    .description("record a meeting's outcome notes (seen by the participants only, until published)")
    .argument('<dossier>', 'the dossier key')
    .argument('<meeting>', 'the meeting key')
    .argument('<file>', 'a text file with the notes')
    .action(async (dossier: string, meeting: string, file: string, _opts: unknown, cmd: Command) => {
      const notes = readTextFile(file);
      await run(cmd, (trx) => recordMeetingNotes({ trx, actor: SYSTEM, input: { dossier, meeting, notes } }));
      say(`Recorded the outcome notes of meeting "${meeting}".`);
    });

  program
    .command('publish-meeting')
    .description('make a meeting public (announce it), or with --notes its outcome notes; irreversible')
    .argument('<dossier>', 'the dossier key')
    .argument('<meeting>', 'the meeting key')
    .option('--notes', 'publish the outcome notes instead of announcing the meeting')
    .addOption(at('--at <instant>', 'when (default: now)'))
    .action(
      async (dossier: string, meeting: string, opts: { notes?: boolean; at?: string }, cmd: Command) => {
        const subject = opts.notes ? 'notes' : 'meeting';
        await run(cmd, (trx) =>
          publishMeeting({ trx, actor: SYSTEM, input: { dossier, meeting, subject, publishedAt: opts.at } }),
        );
        say(opts.notes ? `Published the outcome notes of "${meeting}".` : `Announced meeting "${meeting}".`);
      },
    );

  program
    .command('add-statement')
    .description(
      'record a public statement: who said it (title and party then), when, where, what, about what',
    )
    .argument('<dossier>', 'the dossier key')
    .argument('<key>', 'the statement key')
    .requiredOption('--speaker <person>', 'the person who spoke')
    .option('--speaker-title <title>', 'their title then, if not the one recorded with the person')
    .option('--speaker-party <party>', 'the party they spoke for then, if not the one recorded')
    .addOption(at('--said-at <instant>', 'when').makeOptionMandatory())
    .addOption(new Option('--medium <medium>', 'how').choices(StatementMedium.options).makeOptionMandatory())
    .option('--outlet <outlet>', 'where, e.g. a newspaper')
    .option('--quote <words>', 'their words')
    .option('--summary <text>', 'what they said, in your words (reported speech)')
    .option('--source-url <url>', 'where it was published')
    .option(
      '--about <item>',
      'what it is about: a party, document, delivery, meeting, DOCUMENT#POINT… (repeatable)',
      collect,
      [],
    )
    .action(
      async (
        dossier: string,
        key: string,
        opts: {
          speaker: string;
          speakerTitle?: string;
          speakerParty?: string;
          saidAt: string;
          medium: StatementMedium;
          outlet?: string;
          quote?: string;
          summary?: string;
          sourceUrl?: string;
          about: string[];
        },
        cmd: Command,
      ) => {
        const { about, ...rest } = opts;
        await run(cmd, (trx) =>
          recordStatement({ trx, actor: SYSTEM, input: { dossier, key, ...rest, about: about.map(refArg) } }),
        );
        say(`Recorded statement "${key}".`);
      },
    );

  program
    .command('link')
    .description('relate two items ("related materials"), shown from both ends')
    .argument('<dossier>', 'the dossier key')
    .argument('<from>', 'an item: its key, KIND=KEY, or DOCUMENT#POINT')
    .argument('<to>', 'an item, likewise')
    .addOption(new Option('--type <type>', 'how they relate').choices(LinkType.options).default('related'))
    .action(async (dossier: string, from: string, to: string, opts: { type: LinkType }, cmd: Command) => {
      await run(cmd, (trx) =>
        recordLink({
          trx,
          actor: SYSTEM,
          input: { dossier, from: refArg(from), to: refArg(to), type: opts.type },
        }),
      );
      say(`Linked ${from} ${opts.type} ${to}.`);
    });

  program
    .command('import-debate')
    .description(
      'record each speech of an Akoma Ntoso debate record as a statement with its speaker: all of it, or nothing',
    )
    .argument('<dossier>', 'the dossier key')
    .argument('<file>', 'the debate record (Akoma Ntoso XML)')
    .option('--party <party>', 'the party that speakers new to the dossier speak for')
    .option(
      '--meeting <key>',
      'record the sitting as this meeting (created unless it exists); every statement is about it',
    )
    .option('--key-prefix <prefix>', 'statement keys are PREFIX.EID (default: from the record)')
    .option('--outlet <outlet>', 'where the words were said (default: the record title)')
    .option('--source-url <url>', 'where the record is published')
    .action(
      async (
        dossier: string,
        file: string,
        opts: { party?: string; meeting?: string; keyPrefix?: string; outlet?: string; sourceUrl?: string },
        cmd: Command,
      ) => {
        const xml = readTextFile(file);
        let result: Awaited<ReturnType<typeof importDebate>> | undefined;
        await run(cmd, async (trx) => {
          result = await importDebate({ trx, actor: SYSTEM, input: { dossier, xml, name: file, ...opts } });
        });
        say(
          `Imported ${result!.statements} statements (${result!.people} new people) from ${file} into "${dossier}".`,
        );
      },
    );
}

/** An item as written on the command line: `DOCUMENT#POINT`, `KIND=KEY` (party=us) or a key. */
export function refArg(text: string): ItemRef {
  const hash = text.indexOf('#');
  if (hash > 0) return { document: text.slice(0, hash), point: text.slice(hash + 1) };
  const eq = text.indexOf('=');
  if (eq > 0 && (ITEM_KINDS as readonly string[]).includes(text.slice(0, eq))) {
    return { [text.slice(0, eq)]: text.slice(eq + 1) } as ItemRef;
  }
  return text;
}

function named(item: ItemName): string {
  return item.kind === 'point' ? `${item.document}#${item.key}` : item.key;
}

/** The timeline for people: one line per event, in the dossier's time zone, links indented below. */
export function formatTimeline(timeline: Timeline, timeZone: string): string {
  const out = [`${timeline.dossier} as of ${formatInstant(timeline.at, timeZone)}`, ''];
  if (timeline.entries.length === 0) out.push('(nothing on record)');
  const width = Math.max(0, ...timeline.entries.map((e) => e.kind.length));
  for (const e of timeline.entries) {
    const lead = `${formatInstant(e.at, timeZone)}  ${e.kind.padEnd(width)}  `;
    out.push(`${lead}${e.title}`);
    for (const l of e.links) {
      const arrow = l.direction === 'to' ? `${l.type} →` : `← ${l.type}`;
      out.push(`${' '.repeat(lead.length)}${arrow} ${named(l.item)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** How long, for people: `3 d 4 h`, `5 h 30 min`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.round(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}

/** The statistics for people: a party per row. */
export function formatStats(stats: Stats): string {
  const spread = (d: Durations) =>
    d.count === 0 ? '—' : `${formatDuration(d.medianMs)} / ${formatDuration(d.worstMs)}`;
  const header = [
    'party',
    'demands',
    'answered (late)',
    'overdue',
    'answer: median / worst',
    'points answered',
    'asked to meet (accepted)',
    'requests: accepted/declined',
    'accept: median / worst',
    'statements',
  ];
  const rows = stats.parties.map((p) => [
    p.party,
    String(p.writtenDemands.received),
    `${p.writtenDemands.answered} (${p.writtenDemands.answeredLate})`,
    String(p.writtenDemands.overdue),
    spread(p.writtenDemands.timeToAnswer),
    `${p.points.answered}/${p.points.demanded}`,
    `${p.meetingRequests.made} (${p.meetingRequests.accepted})`,
    `${p.requestsReceived.accepted}/${p.requestsReceived.declined} of ${p.requestsReceived.received}`,
    spread(p.requestsReceived.timeToAccept),
    String(p.statements),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[`${stats.dossier} as of ${stats.at}`, '', line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n')}\n`;
}
