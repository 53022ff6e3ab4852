import { z } from 'zod';
import { ItemRef, Key } from '../shared/dossier-file.ts';
import { ALLOWED, type ItemName } from '../shared/item-ref.ts';
import type { StatementMedium } from '../shared/vocabulary.ts';
import { loadItemIndex, refuseProblems, resolveRefs, type ItemIndex } from './item-refs.ts';
import { requireDossier, type Db } from './lookup.ts';
import { itemVisible } from './meeting-visibility.ts';
import { parseInput } from './parse-input.ts';
import type { Viewer } from './visibility.ts';

export const ListStatementsInput = z.strictObject({
  dossier: Key,
  /** Only statements about this item: a point (`{ document, point }`), a document, a meeting… */
  about: ItemRef.optional(),
});
export type ListStatementsInput = z.input<typeof ListStatementsInput>;

export interface StatementView {
  key: string;
  /** The speaker, with the title and party they had when speaking. */
  speaker: { key: string; name: string; title: string | null; party: string | null };
  saidAt: string;
  medium: StatementMedium;
  outlet: string | null;
  quote: string | null;
  summary: string | null;
  sourceUrl: string | null;
  /** What it is about, as far as the viewer may see. */
  about: ItemName[];
}

/**
 * Public statements in the order they were made, optionally only those about one item: beside a
 * point of a document, what each side said about it in public. References to items the viewer
 * may not see are left out.
 */
export async function listStatements({
  trx,
  viewer,
  input,
  index,
  recordedOrder = false,
}: {
  trx: Db;
  viewer?: Viewer;
  input: ListStatementsInput;
  index?: ItemIndex;
  /** In the order recorded (an export), not the order said. */
  recordedOrder?: boolean;
}): Promise<StatementView[]> {
  const data = parseInput(ListStatementsInput, input);
  const dossier = await requireDossier(trx, data.dossier, viewer);
  const names = index ?? (await loadItemIndex(trx, dossier.id));
  const problems: { path: string; message: string }[] = [];
  const [about] = data.about
    ? await resolveRefs(trx, dossier.id, [data.about], ALLOWED.about, 'about', problems)
    : [];
  if (problems.length > 0) {
    // A viewer gets no statements about what it may not see, nor about what is not there: the
    // same answer, so that neither the error nor an ambiguity names a hidden item.
    if (viewer) return [];
    refuseProblems(problems.map((p) => ({ ...p, path: 'about' })));
  }
  const rows = await trx
    .selectFrom('statements')
    .innerJoin('people', 'people.id', 'statements.speaker_id')
    .leftJoin('parties', 'parties.id', 'statements.speaker_party_id')
    .select([
      'statements.id',
      'statements.key',
      'people.key as speaker_key',
      'people.name as speaker_name',
      'statements.speaker_title',
      'parties.key as speaker_party',
      'statements.said_at',
      'statements.medium',
      'statements.outlet',
      'statements.quote',
      'statements.summary',
      'statements.source_url',
    ])
    .where('statements.dossier_id', '=', dossier.id)
    .$if(about !== undefined, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('item_refs as f')
            .select('f.owner_id')
            .whereRef('f.owner_id', '=', 'statements.id')
            .where('f.role', '=', 'about')
            .where('f.kind', '=', about!.kind)
            .where('f.item_id', '=', about!.id)
            .where(itemVisible(viewer, 'f.kind', 'f.item_id'))
            .$if(about!.kind === 'point', (s) => s.where('f.point_key', '=', about!.key)),
        ),
      ),
    )
    .$if(!recordedOrder, (q) => q.orderBy('statements.said_at'))
    .orderBy('statements.id')
    .execute();
  if (rows.length === 0) return [];
  const refs = await trx
    .selectFrom('item_refs')
    .select(['owner_id', 'kind', 'item_id', 'point_key'])
    .where(
      'owner_id',
      'in',
      rows.map((r) => r.id),
    )
    .where('role', '=', 'about')
    .where(itemVisible(viewer, 'item_refs.kind', 'item_refs.item_id'))
    .orderBy('owner_id')
    .orderBy('ordinal')
    .execute();
  return rows.map((r) => ({
    key: r.key,
    speaker: { key: r.speaker_key, name: r.speaker_name, title: r.speaker_title, party: r.speaker_party },
    saidAt: r.said_at,
    medium: r.medium as StatementMedium,
    outlet: r.outlet,
    quote: r.quote,
    summary: r.summary,
    sourceUrl: r.source_url,
    about: refs.filter((f) => f.owner_id === r.id).map((f) => names.name(f.kind, f.item_id, f.point_key)),
  }));
}
