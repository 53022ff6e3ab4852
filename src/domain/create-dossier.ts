import { z } from 'zod';
import { AppError } from '../shared/app-error.ts';
import { Key, TimeZone } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import type { Actor } from './actor.ts';
import { now } from './clock.ts';
import type { Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';
import { startLog } from '../ledger/append-entry.ts';

export const CreateDossierInput = z.strictObject({
  key: Key,
  title: z.string().min(1).max(1000),
  timeZone: TimeZone.default('UTC'),
});
export type CreateDossierInput = z.input<typeof CreateDossierInput>;

/** Opens a new dossier: one negotiation. */
export async function createDossier({
  trx,
  actor,
  input,
}: {
  trx: Db;
  actor: Actor;
  input: CreateDossierInput;
}) {
  const data = parseInput(CreateDossierInput, input);
  const existing = await trx
    .selectFrom('dossiers')
    .select('id')
    .where('key', '=', data.key)
    .executeTakeFirst();
  if (existing) throw new AppError('dossier.exists', `a dossier "${data.key}" already exists`);
  const row = { id: newId(), key: data.key, title: data.title, time_zone: data.timeZone, created_at: now() };
  await trx.insertInto('dossiers').values(row).execute();
  await startLog(trx, row.id);
  await recordChange(trx, {
    dossier: row,
    actor,
    type: 'dossier.created',
    subject: { table: 'dossiers', id: row.id, key: row.key },
    content: { key: row.key, title: row.title, timeZone: row.time_zone },
    recordedAt: row.created_at,
  });
  return row;
}
