import type { ItemRef } from './dossier-file.ts';

/**
 * References from one item of a dossier to another: what a statement is about, a meeting's
 * participants and agenda, the two ends of a link. A reference is a key (`"d1"`) when that names
 * one item of the kinds allowed where it is written, or a typed object when it would name several
 * (`{ "party": "us" }`, `{ "document": "treaty-us", "point": "art_4" }`: point keys repeat across
 * documents). The schema is `ItemRef` in dossier-file.ts. Pure: resolving against a file or a
 * database is the caller's business.
 */
export const ITEM_KINDS = [
  'party',
  'person',
  'document',
  'point',
  'delivery',
  'response',
  'meeting',
  'statement',
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** One item, resolved: its kind and key; a point also names its document. */
export interface ItemName {
  kind: ItemKind;
  key: string;
  /** The document of a point. */
  document?: string;
}

const NOUN: Record<ItemKind, string> = {
  party: 'party',
  person: 'person',
  document: 'document',
  point: 'point',
  delivery: 'delivery',
  response: 'response',
  meeting: 'meeting',
  statement: 'statement',
};

/** "party, person or document": the kinds a reference may name, for messages. */
export function nounsOf(kinds: readonly ItemKind[]): string {
  const nouns = kinds.map((k) => NOUN[k]);
  return nouns.length <= 1 ? (nouns[0] ?? '') : `${nouns.slice(0, -1).join(', ')} or ${nouns.at(-1)}`;
}

/** The kind and key a reference asks for, before looking anything up. */
export function wantedOf(ref: ItemRef): { key: string; kind?: ItemKind; document?: string } {
  if (typeof ref === 'string') return { key: ref };
  if ('point' in ref) return { key: ref.point, kind: 'point', document: ref.document };
  const [kind, key] = Object.entries(ref)[0] as [ItemKind, string];
  return { key, kind };
}

/** The typed form of an item: what to write when its key alone would be ambiguous. */
export function typedRef(item: ItemName): ItemRef {
  if (item.kind === 'point') return { document: item.document!, point: item.key };
  return { [item.kind]: item.key } as ItemRef;
}

/**
 * Picks the item a reference names among `candidates` (every item of the dossier whose key is the
 * reference's key, of any kind), or says why it cannot: nothing of an allowed kind, or several.
 */
export function chooseItem(
  ref: ItemRef,
  candidates: readonly ItemName[],
  allowed: readonly ItemKind[],
  where: string,
): { item: ItemName } | { problem: string } {
  const wanted = wantedOf(ref);
  if (wanted.kind !== undefined && !allowed.includes(wanted.kind)) {
    return { problem: `must name a ${nounsOf(allowed)}, not a ${NOUN[wanted.kind]}` };
  }
  const fits = candidates.filter(
    (c) =>
      allowed.includes(c.kind) &&
      (wanted.kind === undefined || c.kind === wanted.kind) &&
      (wanted.document === undefined || c.document === wanted.document),
  );
  if (fits.length === 1) return { item: fits[0]! };
  if (fits.length === 0) {
    if (wanted.kind === 'point')
      return { problem: `document "${wanted.document}" has no point "${wanted.key}" ${where}` };
    if (wanted.kind === undefined && allowed.length === ITEM_KINDS.length)
      return { problem: `nothing called "${wanted.key}" ${where}` };
    return { problem: `no ${nounsOf(wanted.kind ? [wanted.kind] : allowed)} "${wanted.key}" ${where}` };
  }
  const described = fits.map((c) => (c.kind === 'point' ? `point of "${c.document}"` : NOUN[c.kind]));
  const forms = fits.map((c) => JSON.stringify(typedRef(c)));
  return {
    problem: `"${wanted.key}" names a ${described.join(' and a ')}; write ${forms.join(' or ')}`,
  };
}

/** How an export writes a reference: the key alone when that names only this item, else the typed form. */
export function canonicalRef(
  item: ItemName,
  candidates: readonly ItemName[],
  allowed: readonly ItemKind[],
): ItemRef {
  const rivals = candidates.filter((c) => allowed.includes(c.kind));
  return rivals.length === 1 ? item.key : typedRef(item);
}

/** Where each reference may point. */
export const ALLOWED = {
  participant: ['party', 'person'],
  agenda: ['document', 'point', 'delivery'],
  // A statement is about the negotiation's items; statements relate to each other through links.
  about: ['party', 'person', 'document', 'point', 'delivery', 'response', 'meeting'],
  link: ITEM_KINDS,
  requestedOf: ['party'],
} as const satisfies Record<string, readonly ItemKind[]>;
