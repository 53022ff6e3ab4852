import type { AnswerFile, DossierFile, PublicationFile } from '../shared/dossier-file.ts';
import { FORMAT } from '../shared/dossier-file.ts';
import { toExported } from '../shared/instant.ts';
import type { DocumentKind, LinkType, MeetingKind, Position, StatementMedium } from '../shared/vocabulary.ts';
import { requireDossier, type Db } from '../domain/lookup.ts';
import { buildTree } from '../domain/point-tree.ts';
import {
  deliveryVisible,
  documentVisible,
  responseVisible,
  versionVisible,
  type Viewer,
} from '../domain/visibility.ts';

/**
 * The whole dossier as a `pointwise-dossier/1` file. Items come in the order they were recorded
 * (ids are time-ordered), so two exports of one dossier are identical and an imported file
 * comes back in its own order. Draft answers are private work in progress and are not exported.
 *
 * With a `viewer`, the file holds only what it may see (DESIGN.md rule 1), and stays a valid file:
 * responses only to deliveries it sees, and no meetings, statements or links, which have no
 * visibility rule yet. Without one (the CLI, a backup), everything.
 */
export async function exportDossier({
  trx,
  dossier: key,
  viewer,
}: {
  trx: Db;
  dossier: string;
  viewer?: Viewer;
}): Promise<DossierFile> {
  const dossier = await requireDossier(trx, key, viewer);
  const of = { dossier_id: dossier.id };
  const byId = <T extends { id: string }>(rows: T[]) =>
    rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const parties = byId(
    await trx.selectFrom('parties').selectAll().where('dossier_id', '=', of.dossier_id).execute(),
  );
  const partyKey = new Map(parties.map((p) => [p.id, p.key]));
  const people = byId(
    await trx.selectFrom('people').selectAll().where('dossier_id', '=', of.dossier_id).execute(),
  );
  const personKey = new Map(people.map((p) => [p.id, p.key]));
  const documents = byId(
    await trx
      .selectFrom('documents')
      .selectAll()
      .where('dossier_id', '=', of.dossier_id)
      .where(documentVisible(viewer, 'documents.id', 'documents.author_party_id'))
      .execute(),
  );
  const versions = byId(
    await trx
      .selectFrom('versions')
      .innerJoin('documents', 'documents.id', 'versions.document_id')
      .selectAll('versions')
      .where('versions.dossier_id', '=', of.dossier_id)
      .where(versionVisible(viewer, 'versions.id', 'documents.author_party_id'))
      .execute(),
  );
  const versionById = new Map(versions.map((v) => [v.id, v]));
  const documentKey = new Map(documents.map((d) => [d.id, d.key]));
  const points = await trx
    .selectFrom('points')
    .innerJoin('versions', 'versions.id', 'points.version_id')
    .innerJoin('documents', 'documents.id', 'versions.document_id')
    .select([
      'points.version_id',
      'points.key',
      'points.parent_key',
      'points.ordinal',
      'points.depth',
      'points.label',
      'points.heading',
      'points.text',
    ])
    .where('versions.dossier_id', '=', of.dossier_id)
    .where(versionVisible(viewer, 'versions.id', 'documents.author_party_id'))
    .orderBy('points.version_id')
    .orderBy('points.ordinal')
    .execute();
  const pointsByVersion = new Map<string, typeof points>();
  for (const p of points) {
    let list = pointsByVersion.get(p.version_id);
    if (!list) pointsByVersion.set(p.version_id, (list = []));
    list.push(p);
  }

  const deliveries = byId(
    await trx
      .selectFrom('deliveries')
      .innerJoin('versions', 'versions.id', 'deliveries.version_id')
      .innerJoin('documents', 'documents.id', 'versions.document_id')
      .selectAll('deliveries')
      .where('deliveries.dossier_id', '=', of.dossier_id)
      .where(deliveryVisible(viewer, 'deliveries.id', 'documents.author_party_id'))
      .execute(),
  );
  const deliveryKey = new Map(deliveries.map((d) => [d.id, d.key]));
  const addressees = await trx
    .selectFrom('delivery_addressees')
    .innerJoin('deliveries', 'deliveries.id', 'delivery_addressees.delivery_id')
    .innerJoin('versions', 'versions.id', 'deliveries.version_id')
    .innerJoin('documents', 'documents.id', 'versions.document_id')
    .select([
      'delivery_addressees.delivery_id',
      'delivery_addressees.party_id',
      'delivery_addressees.ordinal',
    ])
    .where('deliveries.dossier_id', '=', of.dossier_id)
    .where(deliveryVisible(viewer, 'deliveries.id', 'documents.author_party_id'))
    .execute();
  addressees.sort((a, b) => a.ordinal - b.ordinal);

  const responses = byId(
    await trx
      .selectFrom('responses')
      .innerJoin('deliveries', 'deliveries.id', 'responses.delivery_id')
      .innerJoin('versions', 'versions.id', 'deliveries.version_id')
      .innerJoin('documents', 'documents.id', 'versions.document_id')
      .selectAll('responses')
      .where('responses.dossier_id', '=', of.dossier_id)
      .where(deliveryVisible(viewer, 'deliveries.id', 'documents.author_party_id'))
      .where(responseVisible(viewer, 'responses.id', 'responses.party_id', 'documents.author_party_id'))
      .execute(),
  );
  const responseKey = new Map(responses.map((r) => [r.id, r.key]));
  const answers = await trx
    .selectFrom('answers')
    .innerJoin('responses', 'responses.id', 'answers.response_id')
    .innerJoin('deliveries', 'deliveries.id', 'responses.delivery_id')
    .innerJoin('versions', 'versions.id', 'deliveries.version_id')
    .innerJoin('documents', 'documents.id', 'versions.document_id')
    .select([
      'answers.response_id',
      'answers.point_key',
      'answers.ordinal',
      'answers.position',
      'answers.text',
      'answers.proposed_text',
      'answers.carried',
    ])
    .where('responses.dossier_id', '=', of.dossier_id)
    .where(deliveryVisible(viewer, 'deliveries.id', 'documents.author_party_id'))
    .where(responseVisible(viewer, 'responses.id', 'responses.party_id', 'documents.author_party_id'))
    .execute();
  answers.sort((a, b) => a.ordinal - b.ordinal);
  const answersByResponse = new Map<string, AnswerFile[]>();
  for (const a of answers) {
    let list = answersByResponse.get(a.response_id);
    if (!list) answersByResponse.set(a.response_id, (list = []));
    list.push({
      point: a.point_key,
      position: a.position as Position,
      ...(a.text !== null && { text: a.text }),
      ...(a.proposed_text !== null && { proposedText: a.proposed_text }),
      ...(a.carried === 1 && { carried: true }),
    });
  }

  // Every publication is public; for a viewer, only those of the responses in this file.
  const publications = byId(
    await trx
      .selectFrom('publications')
      .selectAll()
      .where('dossier_id', '=', of.dossier_id)
      .$if(viewer !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb('version_id', 'is not', null),
            eb('response_id', 'in', [...responses.map((r) => r.id), '']),
          ]),
        ),
      )
      .execute(),
  );
  const whole = viewer === undefined;
  const meetings = whole
    ? byId(await trx.selectFrom('meetings').selectAll().where('dossier_id', '=', of.dossier_id).execute())
    : [];
  const statements = whole
    ? byId(await trx.selectFrom('statements').selectAll().where('dossier_id', '=', of.dossier_id).execute())
    : [];
  const links = whole
    ? byId(await trx.selectFrom('links').selectAll().where('dossier_id', '=', of.dossier_id).execute())
    : [];

  return {
    format: FORMAT,
    dossier: { key: dossier.key, title: dossier.title, timeZone: dossier.time_zone },
    parties: parties.map((p) => ({ key: p.key, name: p.name })),
    people: people.map((p) => ({
      key: p.key,
      name: p.name,
      ...(p.title !== null && { title: p.title }),
      ...(p.party_id !== null && { party: partyKey.get(p.party_id)! }),
    })),
    documents: documents.map((d) => ({
      key: d.key,
      kind: d.kind as DocumentKind,
      author: partyKey.get(d.author_party_id)!,
      title: d.title,
      versions: versions
        .filter((v) => v.document_id === d.id)
        .sort((a, b) => a.number - b.number)
        .map((v) => ({
          number: v.number,
          createdAt: toExported(v.created_at),
          points: buildTree(
            (pointsByVersion.get(v.id) ?? []).map((p) => ({
              key: p.key,
              parentKey: p.parent_key,
              ordinal: p.ordinal,
              depth: p.depth,
              label: p.label,
              heading: p.heading,
              text: p.text,
            })),
          ),
        })),
    })),
    deliveries: deliveries.map((d) => {
      const version = versionById.get(d.version_id)!;
      return {
        key: d.key,
        document: documentKey.get(version.document_id)!,
        version: version.number,
        to: addressees.filter((a) => a.delivery_id === d.id).map((a) => partyKey.get(a.party_id)!),
        deliveredAt: toExported(d.delivered_at),
        ...(d.has_demand === 1 && { demand: d.due_at === null ? {} : { dueAt: toExported(d.due_at) } }),
      };
    }),
    publications: publications.map((p): PublicationFile => {
      if (p.response_id !== null)
        return { response: responseKey.get(p.response_id)!, publishedAt: toExported(p.published_at) };
      const version = versionById.get(p.version_id!)!;
      return {
        document: documentKey.get(version.document_id)!,
        version: version.number,
        publishedAt: toExported(p.published_at),
      };
    }),
    responses: responses.map((r) => ({
      key: r.key,
      delivery: deliveryKey.get(r.delivery_id)!,
      party: partyKey.get(r.party_id)!,
      submittedAt: toExported(r.submitted_at),
      answers: answersByResponse.get(r.id) ?? [],
    })),
    meetings: meetings.map((m) => ({
      key: m.key,
      title: m.title,
      kind: m.kind as MeetingKind,
      ...(m.place !== null && { place: m.place }),
      ...(m.starts_at !== null && { startsAt: toExported(m.starts_at) }),
      ...(m.ends_at !== null && { endsAt: toExported(m.ends_at) }),
      ...(m.requested_by_party_id !== null && { requestedBy: partyKey.get(m.requested_by_party_id)! }),
      ...(m.requested_at !== null && { requestedAt: toExported(m.requested_at) }),
      ...(m.accepted_at !== null && { acceptedAt: toExported(m.accepted_at) }),
      participants: JSON.parse(m.participants) as string[],
      agenda: JSON.parse(m.agenda) as string[],
      ...(m.notes !== null && { notes: m.notes }),
    })),
    statements: statements.map((s) => ({
      key: s.key,
      speaker: personKey.get(s.speaker_id)!,
      saidAt: toExported(s.said_at),
      medium: s.medium as StatementMedium,
      ...(s.outlet !== null && { outlet: s.outlet }),
      quote: s.quote,
      ...(s.summary !== null && { summary: s.summary }),
      ...(s.source_url !== null && { sourceUrl: s.source_url }),
      about: JSON.parse(s.about) as string[],
    })),
    links: links.map((l) => ({ from: l.from_key, to: l.to_key, type: l.type as LinkType })),
  };
}

/** The file's bytes: two-space JSON with a final newline. */
export function serialiseDossierFile(file: DossierFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
