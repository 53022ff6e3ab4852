import { sql, type Expression, type SqlBool } from 'kysely';
import { storyEntryVisible } from './meeting-visibility.ts';
import {
  deliveryVisible,
  documentVisible,
  dossierVisible,
  responseVisible,
  versionVisible,
  type Viewer,
} from './visibility.ts';

/**
 * Which ledger entries a viewer may read, as SQL on the entries table aliased `e`: an entry is
 * visible when what it records is (DESIGN.md rule 1). Kinds of change without a rule here are
 * hidden from every party: a new kind must be given one before parties see its entries.
 */
export function entryVisible(viewer: Viewer | undefined): Expression<SqlBool> {
  if (!viewer) return sql<SqlBool>`1 = 1`;
  const ids = viewer.partyIds;
  const parts: Expression<SqlBool>[] = [
    // The dossier, its sides and people, and publications (public acts) are known to all who see the dossier.
    sql<SqlBool>`(e.subject_table in ('dossiers', 'parties', 'people', 'publications') and ${dossierVisible(viewer, 'e.dossier_id')})`,
    sql<SqlBool>`(e.subject_table = 'documents' and exists (select 1 from documents xd
      where xd.id = e.subject_id and ${documentVisible(viewer, 'xd.id', 'xd.author_party_id')}))`,
    sql<SqlBool>`(e.subject_table = 'versions' and exists (select 1 from versions xv
      inner join documents xvd on xvd.id = xv.document_id
      where xv.id = e.subject_id and ${versionVisible(viewer, 'xv.id', 'xvd.author_party_id')}))`,
    sql<SqlBool>`(e.subject_table = 'deliveries' and exists (select 1 from deliveries xl
      inner join versions xlv on xlv.id = xl.version_id inner join documents xld on xld.id = xlv.document_id
      where xl.id = e.subject_id and ${deliveryVisible(viewer, 'xl.id', 'xld.author_party_id')}))`,
    sql<SqlBool>`(e.subject_table = 'responses' and exists (select 1 from responses xr
      inner join deliveries xrl on xrl.id = xr.delivery_id inner join versions xrv on xrv.id = xrl.version_id
      inner join documents xrd on xrd.id = xrv.document_id
      where xr.id = e.subject_id and ${responseVisible(viewer, 'xr.id', 'xr.party_id', 'xrd.author_party_id')}))`,
  ];
  // Meetings, statements and links (their rules are with theirs), within a dossier the viewer sees.
  parts.push(sql<SqlBool>`(${storyEntryVisible(viewer)} and ${dossierVisible(viewer, 'e.dossier_id')})`);
  if (ids.length > 0) {
    // A draft is its party's alone.
    parts.push(sql<SqlBool>`(e.subject_table = 'draft_answers' and exists (select 1 from draft_answers xa
      where xa.id = e.subject_id and xa.party_id in (${sql.join(ids)})))`);
  }
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}
