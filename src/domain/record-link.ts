import { z } from 'zod';
import { type Problem } from '../shared/app-error.ts';
import { Key, LinkFile } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import { ALLOWED, type ItemName } from '../shared/item-ref.ts';
import type { Actor } from './actor.ts';
import { now } from './clock.ts';
import { refuseProblems, resolveRefs, type FoundItem } from './item-refs.ts';
import { requireDossier, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import type { Viewer } from './visibility.ts';
import { recordChange } from './record-change.ts';

export const RecordLinkInput = LinkFile.extend({ dossier: Key });
export type RecordLinkInput = z.input<typeof RecordLinkInput>;

/**
 * Relates two items of a dossier ("related materials"): a response `responds_to` a delivery, a
 * statement `mentions` a meeting. A link is shown from both ends, to those who see both.
 */
export async function recordLink({
  trx,
  actor,
  input,
  viewer,
}: {
  trx: Db;
  actor: Actor;
  input: RecordLinkInput;
  /** Resolve both ends among what this viewer sees (a member over the API). */
  viewer?: Viewer;
}) {
  const data = parseInput(RecordLinkInput, input);
  const dossier = await requireDossier(trx, data.dossier);
  const problems: Problem[] = [];
  const [from] = await resolveRefs(trx, dossier.id, [data.from], ALLOWED.link, 'from', problems, viewer);
  const [to] = await resolveRefs(trx, dossier.id, [data.to], ALLOWED.link, 'to', problems, viewer);
  // resolveRefs names the problem `from[0]`; the field is `from`.
  for (const p of problems) p.path = p.path.replace(/\[0\]$/, '');
  if (from && to && from.kind === to.kind && from.id === to.id && from.key === to.key)
    problems.push({ path: 'to', message: 'an item is not linked to itself' });
  refuseProblems(problems);
  const row = {
    id: newId(),
    dossier_id: dossier.id,
    type: data.type,
    from_kind: from!.kind,
    from_id: from!.id,
    from_point: from!.kind === 'point' ? from!.key : null,
    to_kind: to!.kind,
    to_id: to!.id,
    to_point: to!.kind === 'point' ? to!.key : null,
    recorded_at: now(),
  };
  await trx.insertInto('links').values(row).execute();
  const name = (i: typeof from) =>
    i!.kind === 'point' ? `${i!.document}#${i!.key}` : `${i!.kind}:${i!.key}`;
  await recordChange(trx, {
    dossier,
    actor,
    type: 'link.recorded',
    subject: { table: 'links', id: row.id, key: `${name(from)} ${data.type} ${name(to)}` },
    content: { from: data.from, to: data.to, type: data.type },
    recordedAt: row.recorded_at,
  });
  const item = ({ id: _id, ...rest }: FoundItem): ItemName => rest;
  return { type: data.type, from: item(from!), to: item(to!) };
}
