import { z } from 'zod';
import { Key } from '../shared/dossier-file.ts';
import { requireDossier, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import type { Viewer } from './visibility.ts';

export const GetDossierInput = z.strictObject({ dossier: Key });
export type GetDossierInput = z.input<typeof GetDossierInput>;

/**
 * A dossier and its cast: the parties and the people who speak for them. Whoever may see the
 * dossier sees its cast; what the parties wrote is behind the other read use cases.
 */
export async function getDossier({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: GetDossierInput;
}) {
  const data = parseInput(GetDossierInput, input);
  const dossier = await requireDossier(trx, data.dossier, viewer);
  const [parties, people] = await Promise.all([
    trx
      .selectFrom('parties')
      .select(['id', 'key', 'name'])
      .where('dossier_id', '=', dossier.id)
      .orderBy('id')
      .execute(),
    trx
      .selectFrom('people')
      .leftJoin('parties', 'parties.id', 'people.party_id')
      .select(['people.key', 'people.name', 'people.title', 'parties.key as party'])
      .where('people.dossier_id', '=', dossier.id)
      .orderBy('people.id')
      .execute(),
  ]);
  return {
    id: dossier.id,
    key: dossier.key,
    title: dossier.title,
    timeZone: dossier.time_zone,
    createdAt: dossier.created_at,
    parties: parties.map((p) => ({ id: p.id, key: p.key, name: p.name })),
    people: people.map((p) => ({ key: p.key, name: p.name, title: p.title, party: p.party })),
  };
}
