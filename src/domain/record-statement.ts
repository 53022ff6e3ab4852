import { AppError, type Problem } from '../shared/app-error.ts';
import { StatementFile } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import type { Actor } from './actor.ts';
import { eventInstant, now } from './clock.ts';
import { unknownKeys } from './item-keys.ts';
import { requireDossier, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';

export const RecordStatementInput = StatementFile.extend({ dossier: StatementFile.shape.key });
export type RecordStatementInput = typeof RecordStatementInput._input;

/** Records a public remark by a person, and what it is about. */
export async function recordStatement({
  trx,
  actor,
  input,
}: {
  trx: Db;
  actor: Actor;
  input: RecordStatementInput;
}) {
  const data = parseInput(RecordStatementInput, input);
  const dossier = await requireDossier(trx, data.dossier);
  const speaker = await trx
    .selectFrom('people')
    .select('id')
    .where('dossier_id', '=', dossier.id)
    .where('key', '=', data.speaker)
    .executeTakeFirst();
  const problems: Problem[] = [];
  if (!speaker) problems.push({ path: 'speaker', message: `no person "${data.speaker}" in this dossier` });
  const about = data.about ?? [];
  // Statements relate to each other through links, so `about` names the negotiation's other items.
  const kinds = ['parties', 'people', 'documents', 'deliveries', 'responses', 'meetings', 'points'];
  for (const u of await unknownKeys(trx, dossier.id, about, kinds)) {
    problems.push({
      path: `about[${u.index}]`,
      message: `no party, person, document, delivery, response, meeting or point "${u.key}" in this dossier`,
    });
  }
  const recordedAt = now();
  const saidAt = eventInstant('saidAt', data.saidAt, recordedAt);
  if (problems.length > 0 || !speaker) {
    throw new AppError('input.invalid', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  }
  const clash = await trx
    .selectFrom('statements')
    .select('id')
    .where('dossier_id', '=', dossier.id)
    .where('key', '=', data.key)
    .executeTakeFirst();
  if (clash)
    throw new AppError('input.invalid', `a statement "${data.key}" already exists in this dossier`, [
      { path: 'key', message: `a statement "${data.key}" already exists` },
    ]);
  const row = {
    id: newId(),
    dossier_id: dossier.id,
    key: data.key,
    speaker_id: speaker.id,
    said_at: saidAt,
    medium: data.medium,
    outlet: data.outlet ?? null,
    quote: data.quote,
    summary: data.summary ?? null,
    source_url: data.sourceUrl ?? null,
    about: JSON.stringify(about),
    recorded_at: recordedAt,
  };
  await trx.insertInto('statements').values(row).execute();
  const { dossier: _dossier, ...content } = data;
  await recordChange(trx, {
    dossier,
    actor,
    type: 'statement.recorded',
    subject: { table: 'statements', id: row.id, key: row.key },
    content,
    recordedAt,
  });
  return row;
}
