import { sql, type Expression, type SqlBool } from 'kysely';

/**
 * Who is reading. Read use cases take an optional `viewer`; without one, the reader is the
 * system (the CLI, an export for backup) and sees everything. A viewer sees what DESIGN.md rule 1
 * lets the parties it is a member of see, and what is published; a visitor (no parties) sees
 * published items only.
 */
export interface Viewer {
  /** Ids of the parties the reader acts for; empty for a visitor without an account. */
  partyIds: readonly string[];
  /** A server admin sees that every dossier exists, to manage it; not what is inside. */
  admin?: boolean;
}

/** A visitor without an account. */
export const VISITOR: Viewer = { partyIds: [] };

// Each predicate below is SQL for the WHERE clause of the query that reads, so that nothing the
// viewer may not see is ever fetched. `ref` arguments name columns of the outer query.

const TRUE = sql<SqlBool>`1 = 1`;
const FALSE = sql<SqlBool>`1 = 0`;

function anyOf(parts: readonly (Expression<SqlBool> | null)[]): Expression<SqlBool> {
  const present = parts.filter((p): p is Expression<SqlBool> => p !== null);
  if (present.length === 0) return FALSE;
  return sql<SqlBool>`(${sql.join(present, sql` or `)})`;
}

/** `ref` is one of the viewer's parties (SQL); null when the viewer has none. */
function isMine(viewer: Viewer, ref: string): Expression<SqlBool> | null {
  if (viewer.partyIds.length === 0) return null;
  return sql<SqlBool>`${sql.ref(ref)} in (${sql.join(viewer.partyIds)})`;
}

/** The dossier exists for the viewer: it is a member of one of its parties, an admin, or something in it is published. */
export function dossierVisible(viewer: Viewer | undefined, dossierIdRef: string): Expression<SqlBool> {
  if (!viewer || viewer.admin) return TRUE;
  const ids = viewer.partyIds;
  return anyOf([
    ids.length === 0
      ? null
      : sql<SqlBool>`exists (select 1 from parties vp where vp.dossier_id = ${sql.ref(dossierIdRef)} and vp.id in (${sql.join(ids)}))`,
    sql<SqlBool>`exists (select 1 from publications vpub where vpub.dossier_id = ${sql.ref(dossierIdRef)})`,
  ]);
}

/**
 * A version is visible to its author's members, to the addressees of any delivery of it, and to
 * everyone once published. An undelivered, unpublished version is the author's draft.
 */
export function versionVisible(
  viewer: Viewer | undefined,
  versionIdRef: string,
  authorPartyIdRef: string,
): Expression<SqlBool> {
  if (!viewer) return TRUE;
  const ids = viewer.partyIds;
  return anyOf([
    isMine(viewer, authorPartyIdRef),
    ids.length === 0
      ? null
      : sql<SqlBool>`exists (select 1 from deliveries vd inner join delivery_addressees va on va.delivery_id = vd.id
          where vd.version_id = ${sql.ref(versionIdRef)} and va.party_id in (${sql.join(ids)}))`,
    sql<SqlBool>`exists (select 1 from publications vpub where vpub.version_id = ${sql.ref(versionIdRef)})`,
  ]);
}

/** A document is visible when one of its versions is; a document with no visible version is not (not even its title). */
export function documentVisible(
  viewer: Viewer | undefined,
  documentIdRef: string,
  authorPartyIdRef: string,
): Expression<SqlBool> {
  if (!viewer) return TRUE;
  const ids = viewer.partyIds;
  return anyOf([
    isMine(viewer, authorPartyIdRef),
    ids.length === 0
      ? null
      : sql<SqlBool>`exists (select 1 from versions vv inner join deliveries vd on vd.version_id = vv.id
          inner join delivery_addressees va on va.delivery_id = vd.id
          where vv.document_id = ${sql.ref(documentIdRef)} and va.party_id in (${sql.join(ids)}))`,
    sql<SqlBool>`exists (select 1 from versions vv inner join publications vpub on vpub.version_id = vv.id
        where vv.document_id = ${sql.ref(documentIdRef)})`,
  ]);
}

/** A delivery is visible to the author's members and to its addressees' members. */
export function deliveryVisible(
  viewer: Viewer | undefined,
  deliveryIdRef: string,
  authorPartyIdRef: string,
): Expression<SqlBool> {
  if (!viewer) return TRUE;
  const ids = viewer.partyIds;
  if (ids.length === 0) return FALSE;
  return anyOf([
    isMine(viewer, authorPartyIdRef),
    sql<SqlBool>`exists (select 1 from delivery_addressees va
        where va.delivery_id = ${sql.ref(deliveryIdRef)} and va.party_id in (${sql.join(ids)}))`,
  ]);
}

/** Whose answers the viewer sees in a delivery it can see: every addressee's if it delivered, else its own. */
export function addresseeVisible(
  viewer: Viewer | undefined,
  addresseePartyIdRef: string,
  authorPartyIdRef: string,
): Expression<SqlBool> {
  if (!viewer) return TRUE;
  return anyOf([isMine(viewer, authorPartyIdRef), isMine(viewer, addresseePartyIdRef)]);
}

/**
 * A submitted response is visible to the responding party, to the party that delivered the
 * document, and to everyone once published.
 */
export function responseVisible(
  viewer: Viewer | undefined,
  responseIdRef: string,
  responsePartyIdRef: string,
  authorPartyIdRef: string,
): Expression<SqlBool> {
  if (!viewer) return TRUE;
  return anyOf([
    isMine(viewer, responsePartyIdRef),
    isMine(viewer, authorPartyIdRef),
    sql<SqlBool>`exists (select 1 from publications vpub where vpub.response_id = ${sql.ref(responseIdRef)})`,
  ]);
}
