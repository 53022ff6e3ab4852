import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import { Key } from '../shared/dossier-file.ts';
import type { Position } from '../shared/vocabulary.ts';
import { actsAs, type Actor } from './actor.ts';
import { answerGaps } from './answer-rules.ts';
import {
  isAddressee,
  requireDelivery,
  requireDossier,
  requireParty,
  versionPoints,
  type Db,
} from './lookup.ts';
import { parseInput } from './parse-input.ts';

export const GetDraftInput = z.strictObject({ dossier: Key, delivery: Key, party: Key });
export type GetDraftInput = z.input<typeof GetDraftInput>;

export interface DraftAnswer {
  position: Position;
  text: string | null;
  proposedText: string | null;
}

export interface DraftPoint {
  key: string;
  label: string;
  heading: string | null;
  text: string | null;
  depth: number;
  demandsAnswer: boolean;
  /** Against the version the party answered before: null when there is no earlier answer to compare with. */
  change: 'unchanged' | 'changed' | 'new' | null;
  answer: DraftAnswer | null;
  /** The answer was carried over from the party's answer to an earlier version, unchanged. */
  carried: boolean;
  /** The point demands an answer and has none yet (new, changed, or simply unanswered). */
  needsAnswer: boolean;
  /** What the answer still lacks for its position, field by field. */
  gaps: { field: 'text' | 'proposedText'; message: string }[];
  /** The draft revision of this point, for saving without overwriting a colleague (0: never saved). */
  revision: number;
}

export interface Draft {
  delivery: string;
  party: string;
  /** What the draft started from: the party's own latest submission, or its answer to an earlier version. */
  basedOn: { response: string; kind: 'own_submission' | 'earlier_version'; version: number } | null;
  points: DraftPoint[];
  answered: number;
  total: number;
}

/**
 * The party's draft response to a delivery, as it stands: its saved draft answers over the
 * answers it starts from. When the party answered an earlier version of the same document,
 * answers to points whose text did not change are carried over and marked so; changed and new
 * points need a fresh answer (DESIGN.md rule 5).
 */
export async function getDraft({
  trx,
  actor,
  input,
}: {
  trx: Db;
  actor: Actor;
  input: GetDraftInput;
}): Promise<Draft> {
  const data = parseInput(GetDraftInput, input);
  if (!actsAs(actor, data.party))
    throw new AppError('actor.forbidden', 'a party can read only its own drafts');
  const dossier = await requireDossier(trx, data.dossier);
  const delivery = await requireDelivery(trx, dossier.id, data.delivery);
  const party = await requireParty(trx, dossier.id, data.party);
  if (!(await isAddressee(trx, delivery.id, party.id))) {
    throw new AppError(
      'response.not_addressee',
      `party "${data.party}" is not an addressee of delivery "${data.delivery}"`,
    );
  }
  const points = await versionPoints(trx, delivery.version_id);

  const base = new Map<string, DraftAnswer & { carried: boolean }>();
  const change = new Map<string, DraftPoint['change']>();
  let basedOn: Draft['basedOn'] = null;
  let draftsSince = '';

  const own = await trx
    .selectFrom('responses')
    .select(['id', 'key', 'recorded_at'])
    .where('delivery_id', '=', delivery.id)
    .where('party_id', '=', party.id)
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (own) {
    basedOn = { response: own.key, kind: 'own_submission', version: delivery.version_number };
    draftsSince = own.recorded_at;
    for (const a of await answersOf(trx, own.id)) base.set(a.point_key, toDraftAnswer(a, a.carried === 1));
  } else {
    const earlier = await trx
      .selectFrom('responses')
      .innerJoin('deliveries', 'deliveries.id', 'responses.delivery_id')
      .innerJoin('versions', 'versions.id', 'deliveries.version_id')
      .select(['responses.id', 'responses.key', 'versions.id as version_id', 'versions.number'])
      .where('versions.document_id', '=', delivery.document_id)
      .where('versions.number', '<', delivery.version_number)
      .where('responses.party_id', '=', party.id)
      .orderBy('versions.number', 'desc')
      .orderBy('responses.submitted_at', 'desc')
      .orderBy('responses.id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (earlier) {
      basedOn = { response: earlier.key, kind: 'earlier_version', version: earlier.number };
      const before = new Map((await versionPoints(trx, earlier.version_id)).map((p) => [p.key, p]));
      const answers = new Map((await answersOf(trx, earlier.id)).map((a) => [a.point_key, a]));
      for (const p of points) {
        const old = before.get(p.key);
        const same = old !== undefined && old.text === p.text;
        change.set(p.key, old === undefined ? 'new' : same ? 'unchanged' : 'changed');
        const answer = answers.get(p.key);
        if (same && answer) base.set(p.key, toDraftAnswer(answer, true));
      }
    }
  }

  const drafts = await trx
    .selectFrom('draft_answers as d')
    .select(['d.point_key', 'd.revision', 'd.position', 'd.text', 'd.proposed_text', 'd.saved_at'])
    .where('d.delivery_id', '=', delivery.id)
    .where('d.party_id', '=', party.id)
    .where((eb) =>
      eb(
        'd.revision',
        '=',
        eb
          .selectFrom('draft_answers as n')
          .select((n) => n.fn.max('n.revision').as('revision'))
          .whereRef('n.delivery_id', '=', 'd.delivery_id')
          .whereRef('n.party_id', '=', 'd.party_id')
          .whereRef('n.point_key', '=', 'd.point_key'),
      ),
    )
    .execute();
  const draftByKey = new Map(drafts.map((d) => [d.point_key, d]));

  let answered = 0;
  let total = 0;
  const out: DraftPoint[] = points.map((p) => {
    const saved = draftByKey.get(p.key);
    // A draft saved before the party's latest submission is already part of it.
    const useSaved = saved !== undefined && saved.saved_at > draftsSince;
    const from = useSaved
      ? saved.position === null
        ? null
        : { ...toDraftAnswer(saved, false) }
      : (base.get(p.key) ?? null);
    const answer = from && { position: from.position, text: from.text, proposedText: from.proposedText };
    const demandsAnswer = p.demands_answer === 1;
    if (demandsAnswer) {
      total++;
      if (answer) answered++;
    }
    return {
      key: p.key,
      label: p.label,
      heading: p.heading,
      text: p.text,
      depth: p.depth,
      demandsAnswer,
      change: change.get(p.key) ?? null,
      answer,
      carried: !useSaved && (base.get(p.key)?.carried ?? false),
      needsAnswer: demandsAnswer && answer === null,
      gaps: answer ? answerGaps(answer) : [],
      revision: saved?.revision ?? 0,
    };
  });
  return { delivery: delivery.key, party: party.key, basedOn, points: out, answered, total };
}

function answersOf(trx: Db, responseId: string) {
  return trx
    .selectFrom('answers')
    .select(['point_key', 'position', 'text', 'proposed_text', 'carried'])
    .where('response_id', '=', responseId)
    .orderBy('ordinal')
    .execute();
}

function toDraftAnswer(
  row: { position: string | null; text: string | null; proposed_text: string | null },
  carried: boolean,
): DraftAnswer & { carried: boolean } {
  return { position: row.position as Position, text: row.text, proposedText: row.proposed_text, carried };
}
