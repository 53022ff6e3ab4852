import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import { Key } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import { Position } from '../shared/vocabulary.ts';
import { actsAs, type Actor } from './actor.ts';
import { now } from './clock.ts';
import { isAddressee, requireDelivery, requireDossier, requireParty, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';

export const SaveDraftAnswerInput = z.strictObject({
  dossier: Key,
  delivery: Key,
  party: Key,
  point: Key,
  /** null clears this point's draft answer. */
  position: Position.nullable(),
  text: z.string().max(1_000_000).optional(),
  proposedText: z.string().max(1_000_000).optional(),
  /** The revision the caller last read; when given and stale, the save is refused with the current state. */
  expectedRevision: z.int().min(0).optional(),
});
export type SaveDraftAnswerInput = z.input<typeof SaveDraftAnswerInput>;

/**
 * Saves one point's draft answer, as a person types. Each save is a new revision (history is
 * kept); the newest is the draft. Drafts are private to the responding party and may be
 * incomplete: the rules on text are checked at submission.
 */
export async function saveDraftAnswer({
  trx,
  actor,
  input,
}: {
  trx: Db;
  actor: Actor;
  input: SaveDraftAnswerInput;
}) {
  const data = parseInput(SaveDraftAnswerInput, input);
  if (!actsAs(actor, data.party)) {
    throw new AppError('actor.forbidden', 'a party can draft answers only in its own name');
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
  const point = await trx
    .selectFrom('points')
    .select('key')
    .where('version_id', '=', delivery.version_id)
    .where('key', '=', data.point)
    .executeTakeFirst();
  if (!point) {
    throw new AppError('answer.invalid', `point: the delivered version has no point "${data.point}"`, [
      { path: 'point', message: `the delivered version has no point "${data.point}"` },
    ]);
  }
  const latest = await trx
    .selectFrom('draft_answers')
    .selectAll()
    .where('delivery_id', '=', delivery.id)
    .where('party_id', '=', party.id)
    .where('point_key', '=', data.point)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  const current = latest?.revision ?? 0;
  if (data.expectedRevision !== undefined && data.expectedRevision !== current) {
    throw new DraftConflict(current, latest ?? null);
  }
  const row = {
    id: newId(),
    delivery_id: delivery.id,
    party_id: party.id,
    point_key: data.point,
    revision: current + 1,
    position: data.position,
    text: data.text ?? null,
    proposed_text: data.proposedText ?? null,
    saved_at: now(),
    saved_by: actor.kind === 'party' ? (actor.userId ?? null) : null,
  };
  // The unique (delivery, party, point, revision) constraint refuses a concurrent save that read
  // the same revision, so two writers can never both win.
  await trx.insertInto('draft_answers').values(row).execute();
  await recordChange(trx, {
    dossier,
    actor,
    type: 'draft_answer.saved',
    subject: { table: 'draft_answers', id: row.id, key: `${delivery.key}/${party.key}/${data.point}` },
    content: {
      delivery: delivery.key,
      party: party.key,
      point: data.point,
      revision: row.revision,
      position: row.position,
      text: row.text,
      proposedText: row.proposed_text,
    },
    recordedAt: row.saved_at,
  });
  return { point: data.point, revision: row.revision, savedAt: row.saved_at };
}

/** A save that lost a race: the draft has moved on since the caller read it. */
export class DraftConflict extends AppError {
  constructor(
    readonly revision: number,
    readonly current: { position: string | null; text: string | null; proposed_text: string | null } | null,
  ) {
    super('draft.conflict', `the draft answer is at revision ${revision}; reload it and save again`);
  }
}
