import { z } from 'zod';
import { AppError, type Problem } from '../shared/app-error.ts';
import { Key, LinkFile } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import type { Actor } from './actor.ts';
import { now } from './clock.ts';
import { kindsOfKey } from './item-keys.ts';
import { requireDossier, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';

export const RecordLinkInput = LinkFile.extend({ dossier: Key });
export type RecordLinkInput = z.input<typeof RecordLinkInput>;

/** Relates two items of a dossier ("related materials"). */
export async function recordLink({ trx, actor, input }: { trx: Db; actor: Actor; input: RecordLinkInput }) {
  const data = parseInput(RecordLinkInput, input);
  const dossier = await requireDossier(trx, data.dossier);
  const problems: Problem[] = [];
  for (const end of ['from', 'to'] as const) {
    if ((await kindsOfKey(trx, dossier.id, data[end])).length === 0) {
      problems.push({ path: end, message: `nothing called "${data[end]}" in this dossier` });
    }
  }
  if (problems.length > 0) {
    throw new AppError('input.invalid', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  }
  const row = {
    id: newId(),
    dossier_id: dossier.id,
    from_key: data.from,
    to_key: data.to,
    type: data.type,
    recorded_at: now(),
  };
  await trx.insertInto('links').values(row).execute();
  await recordChange(trx, {
    dossier,
    actor,
    type: 'link.recorded',
    subject: { table: 'links', id: row.id, key: `${data.from}->${data.to}` },
    content: { from: data.from, to: data.to, type: data.type },
    recordedAt: row.recorded_at,
  });
  return row;
}
