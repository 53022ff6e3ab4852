import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import { Key } from '../shared/dossier-file.ts';
import type { Actor } from '../domain/actor.ts';
import { createPerson } from '../domain/create-person.ts';
import { requireDossier, requireParty, type Db } from '../domain/lookup.ts';
import { parseInput } from '../domain/parse-input.ts';
import { recordMeeting } from '../domain/record-meeting.ts';
import { recordStatement } from '../domain/record-statement.ts';
import { parseDebate, type Debate, type DebateSpeech } from './parse-debate.ts';

export const ImportDebateInput = z.strictObject({
  dossier: Key,
  /** The Akoma Ntoso XML. */
  xml: z.string(),
  /** How messages name the record (a file name). */
  name: z.string().optional(),
  /** Statement keys are `PREFIX.EID`; by default made from the record's FRBR URI. */
  keyPrefix: Key.max(120).optional(),
  /** The party that speakers new to the dossier speak for. */
  party: Key.optional(),
  /** Record the sitting as this meeting (a plenary; created unless it exists) and make every statement about it. */
  meeting: Key.optional(),
  /** Where the words were said; by default the record's proponent and title. */
  outlet: z.string().min(1).max(1000).optional(),
  sourceUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type ImportDebateInput = z.input<typeof ImportDebateInput>;

/**
 * Records each speech, question and answer of an Akoma Ntoso debate record as a public
 * statement with its speaker: people new to the dossier are added (named as the record's
 * `<references>` show them, with their role), each statement keeps the role and words of that
 * moment, in the record's order and at its recorded times. Runs the same use cases as everything
 * else, in the caller's transaction: all of it is recorded, or nothing. Importing the same record
 * again is refused (its statement keys exist).
 */
export async function importDebate({
  trx,
  actor,
  input,
}: {
  trx: Db;
  actor: Actor;
  input: ImportDebateInput;
}) {
  const data = parseInput(ImportDebateInput, input);
  const debate = parseDebate(data.xml, data.name);
  const dossier = await requireDossier(trx, data.dossier);
  if (data.party !== undefined) await requireParty(trx, dossier.id, data.party);
  const prefix = data.keyPrefix ?? keyOf(debate.uri?.replace(/^\/akn\//, '') ?? 'debate').slice(0, 120);

  // One person per speaker: a TLCPerson, a role with no person named (`by="#speaker"`), or a `<from>` alone.
  const speakers = new Map<string, string>();
  let people = 0;
  for (const speech of debate.speeches) {
    const id = speakerId(speech);
    if (speakers.has(id)) continue;
    const key = keyOf(id).slice(0, 200);
    const existing = await trx
      .selectFrom('people')
      .select('key')
      .where('dossier_id', '=', dossier.id)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!existing) {
      const reference = speech.by === null ? undefined : debate.references.get(speech.by);
      const isRole = reference?.kind === 'TLCRole';
      await createPerson({
        trx,
        actor,
        input: {
          dossier: dossier.key,
          key,
          name: (isRole ? speech.from : reference?.showAs) ?? speech.from ?? id,
          ...(isRole && { title: reference!.showAs }),
          ...(data.party !== undefined && { party: data.party }),
        },
      });
      people++;
    }
    speakers.set(id, key);
  }

  const when = (speech: DebateSpeech) => {
    const at = speech.time ?? (debate.date ? `${debate.date}T00:00:00Z` : null);
    if (at === null) {
      throw new AppError(
        'input.invalid',
        `${data.name ?? 'the debate record'}: speech "${speech.eId}" has no recorded time, and the record no date`,
      );
    }
    return at;
  };
  if (data.meeting !== undefined) {
    const exists = await trx
      .selectFrom('meetings')
      .select('id')
      .where('dossier_id', '=', dossier.id)
      .where('key', '=', data.meeting)
      .executeTakeFirst();
    if (!exists) {
      const startsAt = when(debate.speeches[0]!);
      await recordMeeting({
        trx,
        actor,
        input: {
          dossier: dossier.key,
          key: data.meeting,
          title: debate.title ?? 'Debate',
          kind: 'plenary',
          startsAt,
          participants: data.party === undefined ? [] : [{ party: data.party }],
          // The record of a public sitting is public.
          announcedAt: startsAt,
        },
      });
    }
  }

  for (const speech of debate.speeches) {
    const reference = speech.as === null ? undefined : debate.references.get(speech.as);
    const context = [...speech.headings, ...(speech.from ? [`as recorded: ${speech.from}`] : [])].join(' › ');
    await recordStatement({
      trx,
      actor,
      input: {
        dossier: dossier.key,
        key: `${prefix}.${speech.eId}`.slice(0, 200),
        speaker: speakers.get(speakerId(speech))!,
        ...(reference?.kind === 'TLCRole' && { speakerTitle: reference.showAs }),
        saidAt: when(speech),
        medium: 'debate',
        ...((data.outlet ?? debate.title) && { outlet: (data.outlet ?? debate.title)! }),
        ...(speech.text && { quote: speech.text }),
        ...(context
          ? { summary: context }
          : !speech.text && { summary: `(${speech.element} with no words recorded)` }),
        ...(data.sourceUrl !== undefined && { sourceUrl: data.sourceUrl }),
        ...(data.meeting !== undefined && { about: [{ meeting: data.meeting }] }),
      },
    });
  }
  return { dossier: dossier.key, statements: debate.speeches.length, people, debate: summary(debate) };
}

function speakerId(speech: DebateSpeech): string {
  return speech.by ?? `speaker-${speech.from ?? 'unknown'}`;
}

/** A string as a key: letters, digits and `_ . : -`, starting with a letter or digit. */
function keyOf(text: string): string {
  const key = text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_.:-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/-+$/, '');
  return key || 'debate';
}

function summary(debate: Debate) {
  return { uri: debate.uri, date: debate.date, title: debate.title };
}
