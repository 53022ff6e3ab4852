import { sql } from 'kysely';
import { AppError, type Problem } from '../shared/app-error.ts';
import type { ItemRef } from '../shared/dossier-file.ts';
import { canonicalRef, chooseItem, wantedOf, type ItemKind, type ItemName } from '../shared/item-ref.ts';
import type { Db } from './lookup.ts';
import { itemVisible } from './meeting-visibility.ts';
import type { Viewer } from './visibility.ts';

/** An item found in the database: its name, and the id stored in references (a point: its document's). */
export interface FoundItem extends ItemName {
  id: string;
}

const TABLE_OF = {
  party: 'parties',
  person: 'people',
  document: 'documents',
  delivery: 'deliveries',
  response: 'responses',
  meeting: 'meetings',
  statement: 'statements',
} as const;

/**
 * Every item of the dossier called `key`, of any kind (a point once per document that has it);
 * with a `viewer`, only those it may see, so that a reference to a hidden item reads as one to
 * nothing at all, and an ambiguity never names a hidden item.
 */
export async function itemsCalled(
  trx: Db,
  dossierId: string,
  key: string,
  viewer?: Viewer,
): Promise<FoundItem[]> {
  const out: FoundItem[] = [];
  for (const [kind, table] of Object.entries(TABLE_OF) as [
    ItemKind,
    (typeof TABLE_OF)[keyof typeof TABLE_OF],
  ][]) {
    const row = await trx
      .selectFrom(table)
      .select('id')
      .where('dossier_id', '=', dossierId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (row) out.push({ kind, key, id: row.id });
  }
  const documents = await trx
    .selectFrom('points')
    .innerJoin('versions', 'versions.id', 'points.version_id')
    .innerJoin('documents', 'documents.id', 'versions.document_id')
    .select(['documents.id', 'documents.key'])
    .distinct()
    .where('versions.dossier_id', '=', dossierId)
    .where('points.key', '=', key)
    .orderBy('documents.key')
    .execute();
  for (const d of documents) out.push({ kind: 'point', key, document: d.key, id: d.id });
  if (!viewer) return out;
  const visible: FoundItem[] = [];
  for (const item of out) {
    const seen = await trx
      .selectFrom(
        sql<{
          kind: string;
          item_id: string;
        }>`(select cast(${item.kind} as text) as kind, cast(${item.id} as text) as item_id)`.as('c'),
      )
      .select('c.kind')
      .where(itemVisible(viewer, 'c.kind', 'c.item_id'))
      .executeTakeFirst();
    if (seen) visible.push(item);
  }
  return visible;
}

/**
 * Resolves references written by a caller to items of the dossier, collecting a problem (at
 * `path[index]`) for each that names nothing allowed or several things.
 */
export async function resolveRefs(
  trx: Db,
  dossierId: string,
  refs: readonly ItemRef[],
  allowed: readonly ItemKind[],
  path: string,
  problems: Problem[],
  viewer?: Viewer,
): Promise<FoundItem[]> {
  const out: FoundItem[] = [];
  for (const [index, ref] of refs.entries()) {
    const candidates = await itemsCalled(trx, dossierId, wantedOf(ref).key, viewer);
    const choice = chooseItem(ref, candidates, allowed, 'in this dossier');
    if ('problem' in choice) problems.push({ path: `${path}[${index}]`, message: choice.problem });
    else out.push(choice.item as FoundItem);
  }
  return out;
}

/** The `input.invalid` error of one problem, to throw. */
export function inputInvalid(path: string, message: string): AppError {
  return new AppError('input.invalid', `${path}: ${message}`, [{ path, message }]);
}

/** Throws `input.invalid` with every problem, if there are any. */
export function refuseProblems(problems: readonly Problem[]): void {
  if (problems.length > 0) {
    throw new AppError('input.invalid', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
  }
}

/** Writes a meeting's or statement's references, in order. */
export async function insertItemRefs(
  trx: Db,
  ownerId: string,
  role: 'participant' | 'agenda' | 'about',
  items: readonly FoundItem[],
): Promise<void> {
  if (items.length === 0) return;
  await trx
    .insertInto('item_refs')
    .values(
      items.map((item, ordinal) => ({
        owner_id: ownerId,
        role,
        ordinal,
        kind: item.kind,
        item_id: item.id,
        point_key: item.kind === 'point' ? item.key : null,
      })),
    )
    .execute();
}

/**
 * Names of the dossier's items by id, and every item by key: what turns stored references back
 * into keys, and decides when a key alone is enough to write one (`canonicalRef`).
 */
export interface ItemIndex {
  /** The name of a stored reference. */
  name(kind: string, id: string, pointKey: string | null): ItemName;
  /** How an export writes it. */
  ref(item: ItemName, allowed: readonly ItemKind[]): ItemRef;
}

/** Loads the keys of every item of the dossier (a few queries, one per kind). */
export async function loadItemIndex(trx: Db, dossierId: string): Promise<ItemIndex> {
  const keyById = new Map<string, string>();
  const byKey = new Map<string, ItemName[]>();
  const add = (item: ItemName) => {
    let list = byKey.get(item.key);
    if (!list) byKey.set(item.key, (list = []));
    list.push(item);
  };
  for (const [kind, table] of Object.entries(TABLE_OF) as [
    ItemKind,
    (typeof TABLE_OF)[keyof typeof TABLE_OF],
  ][]) {
    const rows = await trx
      .selectFrom(table)
      .select(['id', 'key'])
      .where('dossier_id', '=', dossierId)
      .execute();
    for (const r of rows) {
      keyById.set(r.id, r.key);
      add({ kind, key: r.key });
    }
  }
  const points = await trx
    .selectFrom('points')
    .innerJoin('versions', 'versions.id', 'points.version_id')
    .innerJoin('documents', 'documents.id', 'versions.document_id')
    .select(['documents.key as document', 'points.key'])
    .distinct()
    .where('versions.dossier_id', '=', dossierId)
    .execute();
  for (const p of points) add({ kind: 'point', key: p.key, document: p.document });
  return {
    name(kind, id, pointKey) {
      const key = keyById.get(id) ?? id;
      if (kind === 'point') return { kind, key: pointKey ?? '', document: key };
      return { kind: kind as ItemKind, key };
    },
    ref(item, allowed) {
      return canonicalRef(item, byKey.get(item.key) ?? [item], allowed);
    },
  };
}

/** `value` without the keys whose value is undefined: what a ledger entry can commit to (canonical JSON has no undefined). */
export function definedOnly<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
