import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import { Key } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import type { Actor } from './actor.ts';
import { now } from './clock.ts';
import { requireDossier, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';

export const CreatePartyInput = z.strictObject({
  dossier: Key,
  key: Key,
  name: z.string().min(1).max(1000),
});
export type CreatePartyInput = z.input<typeof CreatePartyInput>;

/** Adds a negotiating side (a state, an alliance, an organisation, a company) to a dossier. */
export async function createParty({ trx, actor, input }: { trx: Db; actor: Actor; input: CreatePartyInput }) {
  const data = parseInput(CreatePartyInput, input);
  const dossier = await requireDossier(trx, data.dossier);
  const existing = await trx
    .selectFrom('parties')
    .select('id')
    .where('dossier_id', '=', dossier.id)
    .where('key', '=', data.key)
    .executeTakeFirst();
  if (existing) throw new AppError('party.exists', `a party "${data.key}" already exists in this dossier`);
  const row = { id: newId(), dossier_id: dossier.id, key: data.key, name: data.name, created_at: now() };
  await trx.insertInto('parties').values(row).execute();
  await recordChange(trx, {
    dossier,
    actor,
    type: 'party.created',
    subject: { table: 'parties', id: row.id, key: row.key },
    content: { key: row.key, name: row.name },
    recordedAt: row.created_at,
  });
  return row;
}
