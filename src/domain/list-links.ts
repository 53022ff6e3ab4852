import { z } from 'zod';
import { ItemRef, Key } from '../shared/dossier-file.ts';
import { ALLOWED, type ItemName } from '../shared/item-ref.ts';
import type { LinkType } from '../shared/vocabulary.ts';
import { loadItemIndex, refuseProblems, resolveRefs, type ItemIndex } from './item-refs.ts';
import { requireDossier, type Db } from './lookup.ts';
import { itemVisible } from './meeting-visibility.ts';
import { parseInput } from './parse-input.ts';
import type { Viewer } from './visibility.ts';

export const ListLinksInput = z.strictObject({
  dossier: Key,
  /** Only the links of this item, from either end. */
  item: ItemRef.optional(),
});
export type ListLinksInput = z.input<typeof ListLinksInput>;

export interface LinkView {
  type: LinkType;
  from: ItemName;
  to: ItemName;
}

/**
 * Links ("related materials") whose two ends the viewer may both see, in the order recorded;
 * with `item`, those that start or end at it, so each is shown from both ends.
 */
export async function listLinks({
  trx,
  viewer,
  input,
  index,
}: {
  trx: Db;
  viewer?: Viewer;
  input: ListLinksInput;
  index?: ItemIndex;
}): Promise<LinkView[]> {
  const data = parseInput(ListLinksInput, input);
  const dossier = await requireDossier(trx, data.dossier, viewer);
  const problems: { path: string; message: string }[] = [];
  const [item] = data.item
    ? await resolveRefs(trx, dossier.id, [data.item], ALLOWED.link, 'item', problems)
    : [];
  if (problems.length > 0) {
    if (viewer) return [];
    refuseProblems(problems.map((p) => ({ ...p, path: 'item' })));
  }
  const rows = await trx
    .selectFrom('links')
    .select(['type', 'from_kind', 'from_id', 'from_point', 'to_kind', 'to_id', 'to_point'])
    .where('dossier_id', '=', dossier.id)
    .where(itemVisible(viewer, 'links.from_kind', 'links.from_id'))
    .where(itemVisible(viewer, 'links.to_kind', 'links.to_id'))
    .$if(item !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb.and([
            eb('from_kind', '=', item!.kind),
            eb('from_id', '=', item!.id),
            eb('from_point', item!.kind === 'point' ? '=' : 'is', item!.kind === 'point' ? item!.key : null),
          ]),
          eb.and([
            eb('to_kind', '=', item!.kind),
            eb('to_id', '=', item!.id),
            eb('to_point', item!.kind === 'point' ? '=' : 'is', item!.kind === 'point' ? item!.key : null),
          ]),
        ]),
      ),
    )
    .orderBy('id')
    .execute();
  if (rows.length === 0) return [];
  const names = index ?? (await loadItemIndex(trx, dossier.id));
  return rows.map((r) => ({
    type: r.type as LinkType,
    from: names.name(r.from_kind, r.from_id, r.from_point),
    to: names.name(r.to_kind, r.to_id, r.to_point),
  }));
}
