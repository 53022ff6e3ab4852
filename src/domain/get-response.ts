import { AppError } from '../shared/app-error.ts';
import type { Position } from '../shared/vocabulary.ts';
import { listResponses, type ResponseSummary } from './list-responses.ts';
import type { Db } from './lookup.ts';
import type { Viewer } from './visibility.ts';

export interface ResponseAnswer {
  point: string;
  position: Position;
  text: string | null;
  proposedText: string | null;
  carried: boolean;
}

/** One submitted response with its answers, or `response.not_found` (the same when the viewer may not see it). */
export async function getResponse({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: { dossier: string; response: string };
}): Promise<ResponseSummary & { answers: ResponseAnswer[] }> {
  const [one] = await listResponses({ trx, viewer, input });
  if (!one) throw new AppError('response.not_found', `no response "${input.response}" in this dossier`);
  // Read again among its delivery's responses, to tell what supersedes it.
  const siblings = await listResponses({
    trx,
    viewer,
    input: { dossier: input.dossier, delivery: one.delivery },
  });
  const found = siblings.find((r) => r.id === one.id) ?? one;
  const answers = await trx
    .selectFrom('answers')
    .select(['point_key', 'position', 'text', 'proposed_text', 'carried'])
    .where('response_id', '=', found.id)
    .orderBy('ordinal')
    .execute();
  return {
    ...found,
    answers: answers.map((a) => ({
      point: a.point_key,
      position: a.position as Position,
      text: a.text,
      proposedText: a.proposed_text,
      carried: a.carried === 1,
    })),
  };
}
