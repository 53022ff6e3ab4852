import { z } from 'zod';
import { insertRows } from '../db/insert-rows.ts';
import { AppError, type Problem } from '../shared/app-error.ts';
import { AnswerFile, Instant, Key } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import { actsAs, type Actor } from './actor.ts';
import { answerGaps } from './answer-rules.ts';
import { eventInstant, now } from './clock.ts';
import { encodePositions } from './position-codes.ts';
import { getDraft } from './get-draft.ts';
import {
  isAddressee,
  requireDelivery,
  requireDossier,
  requireParty,
  versionPoints,
  type Db,
} from './lookup.ts';
import { nextFreeKey } from './next-free-key.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';

export const SubmitResponseInput = z.strictObject({
  dossier: Key,
  delivery: Key,
  party: Key,
  /** Defaults to a key made from the delivery, the party and a counter. */
  key: Key.optional(),
  submittedAt: Instant.optional(),
  /** Must be true to submit a response that leaves points unanswered. */
  partial: z.boolean().optional(),
  /** The answers; when absent, the party's current draft (with carried answers) is submitted. */
  answers: z.array(AnswerFile).optional(),
});
export type SubmitResponseInput = z.input<typeof SubmitResponseInput>;

/**
 * Submits a party's written response to a delivery. A submitted response is never changed: a
 * later submission supersedes it, and both stay on record. A response that leaves points
 * unanswered is refused unless the caller says `partial: true`.
 */
export async function submitResponse({
  trx,
  actor,
  input,
}: {
  trx: Db;
  actor: Actor;
  input: SubmitResponseInput;
}) {
  const data = parseInput(SubmitResponseInput, input);
  if (!actsAs(actor, data.party)) {
    throw new AppError('actor.forbidden', 'a party can submit responses only in its own name');
  }
  const dossier = await requireDossier(trx, data.dossier);
  const delivery = await requireDelivery(trx, dossier.id, data.delivery);
  const party = await requireParty(trx, dossier.id, data.party);
  if (!(await isAddressee(trx, delivery.id, party.id))) {
    throw new AppError(
      'response.not_addressee',
      `party "${data.party}" is not an addressee of delivery "${data.delivery}"`,
    );
  }

  const answers =
    data.answers ??
    (
      await getDraft({
        trx,
        actor,
        input: { dossier: data.dossier, delivery: data.delivery, party: data.party },
      })
    ).points
      .filter((p) => p.answer !== null)
      .map((p) => ({
        point: p.key,
        position: p.answer!.position,
        text: p.answer!.text ?? undefined,
        proposedText: p.answer!.proposedText ?? undefined,
        carried: p.carried || undefined,
      }));
  const fromDraft = data.answers === undefined;

  const points = await versionPoints(trx, delivery.version_id);
  const pointKeys = new Set(points.map((p) => p.key));
  const problems: Problem[] = [];
  const answeredKeys = new Set<string>();
  answers.forEach((answer, i) => {
    const at = fromDraft ? `draft.${answer.point}` : `answers[${i}]`;
    if (!pointKeys.has(answer.point)) {
      problems.push({ path: `${at}.point`, message: `the delivered version has no point "${answer.point}"` });
    } else if (answeredKeys.has(answer.point)) {
      problems.push({ path: `${at}.point`, message: `point "${answer.point}" is answered twice` });
    }
    answeredKeys.add(answer.point);
    for (const gap of answerGaps(answer)) problems.push({ path: `${at}.${gap.field}`, message: gap.message });
  });
  if (problems.length > 0) {
    throw new AppError('answer.invalid', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  }

  const unanswered = points.filter((p) => p.demands_answer === 1 && !answeredKeys.has(p.key));
  if (unanswered.length > 0 && data.partial !== true) {
    const list = unanswered.map((p) => ({
      path: fromDraft ? `draft.${p.key}` : 'answers',
      message: `no answer to ${p.label} (${p.key})`,
    }));
    throw new AppError(
      'response.incomplete',
      `${unanswered.length} point${unanswered.length === 1 ? ' is' : 's are'} unanswered; to send it anyway, submit it explicitly as partial`,
      list,
    );
  }

  const recordedAt = now();
  const submittedAt = eventInstant('submittedAt', data.submittedAt, recordedAt);
  if (submittedAt < delivery.delivered_at) {
    throw new AppError('response.invalid', `submittedAt: is before the delivery (${delivery.delivered_at})`, [
      { path: 'submittedAt', message: `is before the delivery was made (${delivery.delivered_at})` },
    ]);
  }
  // A response recorded later may have been submitted earlier (history is often entered out of
  // order); R is always the newest by submission instant, so nothing here depends on entry order.
  const previous = await trx
    .selectFrom('responses')
    .select('key')
    .where('delivery_id', '=', delivery.id)
    .where('party_id', '=', party.id)
    .where('submitted_at', '<=', submittedAt)
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

  const key =
    data.key ?? (await nextFreeKey(trx, 'responses', dossier.id, `${delivery.key}-${party.key}`, 'r'));
  // A key the caller chose that is taken is its mistake; a key made here can lose only a race with a
  // concurrent writer, which the unique index settles as a write conflict the caller may retry.
  if (data.key !== undefined) {
    const clash = await trx
      .selectFrom('responses')
      .select('id')
      .where('dossier_id', '=', dossier.id)
      .where('key', '=', key)
      .executeTakeFirst();
    if (clash) throw new AppError('response.exists', `a response "${key}" already exists in this dossier`);
  }

  const ordinalOf = new Map(points.map((p) => [p.key, p.ordinal]));
  const positions = encodePositions(
    points.length,
    answers.map((a) => ({ ordinal: ordinalOf.get(a.point)!, position: a.position })),
  );
  const response = {
    id: newId(),
    dossier_id: dossier.id,
    key,
    delivery_id: delivery.id,
    party_id: party.id,
    submitted_at: submittedAt,
    partial: unanswered.length > 0 ? 1 : 0,
    positions,
    recorded_at: recordedAt,
  };
  await trx.insertInto('responses').values(response).execute();
  await insertRows(
    trx,
    'answers',
    answers.map((a, ordinal) => ({
      response_id: response.id,
      point_key: a.point,
      ordinal,
      position: a.position,
      text: a.text ?? null,
      proposed_text: a.proposedText ?? null,
      carried: a.carried ? 1 : 0,
    })),
  );
  await recordChange(trx, {
    dossier,
    actor,
    type: 'response.submitted',
    subject: { table: 'responses', id: response.id, key },
    content: {
      key,
      delivery: delivery.key,
      party: party.key,
      submittedAt,
      partial: response.partial === 1,
      answers: answers.map((a) => ({
        point: a.point,
        position: a.position,
        text: a.text ?? null,
        proposedText: a.proposedText ?? null,
        carried: a.carried === true,
      })),
    },
    recordedAt,
  });
  return {
    key,
    submittedAt,
    answered: answers.length,
    unanswered: unanswered.map((p) => p.key),
    supersedes: previous?.key ?? null,
  };
}
