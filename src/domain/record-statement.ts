import { z } from 'zod';
import { type Problem } from '../shared/app-error.ts';
import { StatementFile } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import { ALLOWED } from '../shared/item-ref.ts';
import type { Actor } from './actor.ts';
import { eventInstant, now } from './clock.ts';
import { definedOnly, insertItemRefs, refuseProblems, resolveRefs } from './item-refs.ts';
import { requireDossier, type Db } from './lookup.ts';
import { statementShapeProblems } from './meeting-rules.ts';
import { parseInput } from './parse-input.ts';
import type { Viewer } from './visibility.ts';
import { recordChange } from './record-change.ts';

export const RecordStatementInput = StatementFile.extend({ dossier: StatementFile.shape.key });
export type RecordStatementInput = z.input<typeof RecordStatementInput>;

/**
 * Records a public remark by a person: who said it (with their title and party at that moment),
 * when, where, their words or a summary, and what it is about — down to the exact point.
 * Statements are public: anyone who sees the dossier sees them.
 */
export async function recordStatement({
  trx,
  actor,
  input,
  viewer,
}: {
  trx: Db;
  actor: Actor;
  input: RecordStatementInput;
  /** Resolve what it is about among what this viewer sees (a member over the API). */
  viewer?: Viewer;
}) {
  const data = parseInput(RecordStatementInput, input);
  const dossier = await requireDossier(trx, data.dossier);
  const problems: Problem[] = [];
  const speaker = await trx
    .selectFrom('people')
    .select(['id', 'title', 'party_id'])
    .where('dossier_id', '=', dossier.id)
    .where('key', '=', data.speaker)
    .executeTakeFirst();
  if (!speaker) problems.push({ path: 'speaker', message: `no person "${data.speaker}" in this dossier` });
  let speakerPartyId = speaker?.party_id ?? null;
  if (data.speakerParty !== undefined) {
    const party = await trx
      .selectFrom('parties')
      .select('id')
      .where('dossier_id', '=', dossier.id)
      .where('key', '=', data.speakerParty)
      .executeTakeFirst();
    if (!party)
      problems.push({ path: 'speakerParty', message: `no party "${data.speakerParty}" in this dossier` });
    speakerPartyId = party?.id ?? null;
  }
  for (const p of statementShapeProblems(data)) problems.push(p);
  const about = await resolveRefs(
    trx,
    dossier.id,
    data.about ?? [],
    ALLOWED.about,
    'about',
    problems,
    viewer,
  );
  const clash = await trx
    .selectFrom('statements')
    .select('id')
    .where('dossier_id', '=', dossier.id)
    .where('key', '=', data.key)
    .executeTakeFirst();
  if (clash) problems.push({ path: 'key', message: `a statement "${data.key}" already exists` });
  const recordedAt = now();
  const saidAt = eventInstant('saidAt', data.saidAt, recordedAt);
  refuseProblems(problems);

  const row = {
    id: newId(),
    dossier_id: dossier.id,
    key: data.key,
    speaker_id: speaker!.id,
    speaker_title: data.speakerTitle ?? speaker!.title,
    speaker_party_id: speakerPartyId,
    said_at: saidAt,
    medium: data.medium,
    outlet: data.outlet ?? null,
    quote: data.quote ?? null,
    summary: data.summary ?? null,
    source_url: data.sourceUrl ?? null,
    recorded_at: recordedAt,
  };
  await trx.insertInto('statements').values(row).execute();
  await insertItemRefs(trx, row.id, 'about', about);
  const { dossier: _dossier, ...content } = data;
  await recordChange(trx, {
    dossier,
    actor,
    type: 'statement.recorded',
    subject: { table: 'statements', id: row.id, key: row.key },
    content: definedOnly(content),
    recordedAt,
  });
  return { statement: row.key, saidAt };
}
