import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import { Key } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import type { Actor } from './actor.ts';
import { now } from './clock.ts';
import { requireDossier, requireParty, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';

export const CreatePersonInput = z.strictObject({
  dossier: Key,
  key: Key,
  name: z.string().min(1).max(1000),
  title: z.string().min(1).max(1000).optional(),
  party: Key.optional(),
});
export type CreatePersonInput = z.input<typeof CreatePersonInput>;

/** Records a named representative who speaks or attends; they need no account. */
export async function createPerson({
  trx,
  actor,
  input,
}: {
  trx: Db;
  actor: Actor;
  input: CreatePersonInput;
}) {
  const data = parseInput(CreatePersonInput, input);
  const dossier = await requireDossier(trx, data.dossier);
  const party = data.party ? await requireParty(trx, dossier.id, data.party) : null;
  const existing = await trx
    .selectFrom('people')
    .select('id')
    .where('dossier_id', '=', dossier.id)
    .where('key', '=', data.key)
    .executeTakeFirst();
  if (existing) throw new AppError('person.exists', `a person "${data.key}" already exists in this dossier`);
  const row = {
    id: newId(),
    dossier_id: dossier.id,
    key: data.key,
    name: data.name,
    title: data.title ?? null,
    party_id: party?.id ?? null,
    created_at: now(),
  };
  await trx.insertInto('people').values(row).execute();
  await recordChange(trx, {
    dossier,
    actor,
    type: 'person.created',
    subject: { table: 'people', id: row.id, key: row.key },
    content: { key: row.key, name: row.name, title: row.title, party: data.party ?? null },
    recordedAt: row.created_at,
  });
  return row;
}
