import { z } from 'zod';
import { Key } from '../shared/dossier-file.ts';
import { requireDossier, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { responseVisible, type Viewer } from './visibility.ts';

export const ListResponsesInput = z.strictObject({
  dossier: Key,
  delivery: Key.optional(),
  response: Key.optional(),
});
export type ListResponsesInput = z.input<typeof ListResponsesInput>;

export interface ResponseSummary {
  id: string;
  key: string;
  delivery: string;
  document: string;
  version: number;
  /** The party that delivered the document. */
  from: string;
  /** The responding party. */
  party: string;
  submittedAt: string;
  partial: boolean;
  answered: number;
  publishedAt: string | null;
  /** The later response of the same party to the same delivery that supersedes this one, if the viewer may see it. */
  supersededBy: string | null;
}

/**
 * Submitted responses the viewer may see: its own party's, those made to its party's
 * deliveries, and published ones; in order of submission. Drafts are never here.
 */
export async function listResponses({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: ListResponsesInput;
}): Promise<ResponseSummary[]> {
  const data = parseInput(ListResponsesInput, input);
  const dossier = await requireDossier(trx, data.dossier, viewer);
  const rows = await trx
    .selectFrom('responses')
    .innerJoin('deliveries', 'deliveries.id', 'responses.delivery_id')
    .innerJoin('versions', 'versions.id', 'deliveries.version_id')
    .innerJoin('documents', 'documents.id', 'versions.document_id')
    .innerJoin('parties as author', 'author.id', 'documents.author_party_id')
    .innerJoin('parties as party', 'party.id', 'responses.party_id')
    .leftJoin('publications', 'publications.response_id', 'responses.id')
    .select((eb) => [
      'responses.id',
      'responses.key',
      'responses.submitted_at',
      'responses.partial',
      'deliveries.key as delivery',
      'deliveries.id as delivery_id',
      'responses.party_id',
      'documents.key as document',
      'versions.number as version',
      'author.key as from',
      'party.key as party',
      'publications.published_at',
      eb
        .selectFrom('answers')
        .select((a) => a.fn.countAll<string | number>().as('n'))
        .whereRef('answers.response_id', '=', 'responses.id')
        .as('answered'),
    ])
    .where('responses.dossier_id', '=', dossier.id)
    .$if(data.delivery !== undefined, (q) => q.where('deliveries.key', '=', data.delivery!))
    .$if(data.response !== undefined, (q) => q.where('responses.key', '=', data.response!))
    .where(responseVisible(viewer, 'responses.id', 'responses.party_id', 'documents.author_party_id'))
    .orderBy('responses.submitted_at')
    .orderBy('responses.id')
    .execute();
  // Supersession among what is visible here: the next submission of the same party to the same delivery.
  const supersededBy = new Map<string, string>();
  const lastOf = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const k = `${r.delivery_id} ${r.party_id}`;
    const previous = lastOf.get(k);
    if (previous) supersededBy.set(previous.id, r.key);
    lastOf.set(k, r);
  }
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    delivery: r.delivery,
    document: r.document,
    version: r.version,
    from: r.from,
    party: r.party,
    submittedAt: r.submitted_at,
    partial: r.partial === 1,
    answered: Number(r.answered ?? 0),
    publishedAt: r.published_at,
    supersededBy: supersededBy.get(r.id) ?? null,
  }));
}
