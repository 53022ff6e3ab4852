import type {
  AnswerFile,
  DossierFile,
  ItemRef,
  MeetingFile,
  PublicationFile,
} from '../shared/dossier-file.ts';
import { ALLOWED, canonicalRef, type ItemKind, type ItemName } from '../shared/item-ref.ts';
import { loadItemIndex } from '../domain/item-refs.ts';
import { listLinks } from '../domain/list-links.ts';
import { listMeetings, type MeetingView } from '../domain/list-meetings.ts';
import { listStatements } from '../domain/list-statements.ts';
import { FORMAT } from '../shared/dossier-file.ts';
import { toExported } from '../shared/instant.ts';
import type { DocumentKind, Position } from '../shared/vocabulary.ts';
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
 * responses only to deliveries it sees, meetings it may see (their notes when it may read them),
 * statements and links with only the references it may see. Without one (the CLI, a backup),
 * everything.
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
  const index = await loadItemIndex(trx, dossier.id);
  const meetings = await listMeetings({ trx, viewer, input: { dossier: dossier.key }, index });
  const statements = await listStatements({
    trx,
    viewer,
    input: { dossier: dossier.key },
    index,
    recordedOrder: true,
  });
  const links = await listLinks({ trx, viewer, input: { dossier: dossier.key }, index });
  const peopleByKey = new Map(people.map((p) => [p.key, p]));

  // A reference is written as its key alone when that names one item of the allowed kinds in this
  // very file (what import resolves it against), else in its typed form.
  const candidates = new Map<string, ItemName[]>();
  const candidate = (item: ItemName) => {
    let list = candidates.get(item.key);
    if (!list) candidates.set(item.key, (list = []));
    list.push(item);
  };
  for (const p of parties) candidate({ kind: 'party', key: p.key });
  for (const p of people) candidate({ kind: 'person', key: p.key });
  for (const d of documents) candidate({ kind: 'document', key: d.key });
  for (const d of deliveries) candidate({ kind: 'delivery', key: d.key });
  for (const r of responses) candidate({ kind: 'response', key: r.key });
  for (const m of meetings) candidate({ kind: 'meeting', key: m.key });
  for (const s of statements) candidate({ kind: 'statement', key: s.key });
  const pointSeen = new Set<string>();
  for (const p of points) {
    const document = documentKey.get(versionById.get(p.version_id)!.document_id)!;
    if (pointSeen.has(`${document} ${p.key}`)) continue;
    pointSeen.add(`${document} ${p.key}`);
    candidate({ kind: 'point', key: p.key, document });
  }
  // What the file holds: a viewer may see a document but not the version that has a point, and a
  // reference to something not in the file would make the file invalid.
  const inFile = (item: ItemName) =>
    (candidates.get(item.key) ?? []).some((c) => c.kind === item.kind && c.document === item.document);
  const ref = (item: ItemName, allowed: readonly ItemKind[]) =>
    canonicalRef(item, candidates.get(item.key) ?? [item], allowed);

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
    meetings: meetings.map((m) => meetingFile({ ...m, agenda: m.agenda.filter(inFile) }, ref)),
    statements: statements.map((s) => {
      const person = peopleByKey.get(s.speaker.key)!;
      const personParty = person.party_id === null ? null : partyKey.get(person.party_id)!;
      return {
        key: s.key,
        speaker: s.speaker.key,
        ...(s.speaker.title !== null &&
          s.speaker.title !== person.title && { speakerTitle: s.speaker.title }),
        ...(s.speaker.party !== null && s.speaker.party !== personParty && { speakerParty: s.speaker.party }),
        saidAt: toExported(s.saidAt),
        medium: s.medium,
        ...(s.outlet !== null && { outlet: s.outlet }),
        ...(s.quote !== null && { quote: s.quote }),
        ...(s.summary !== null && { summary: s.summary }),
        ...(s.sourceUrl !== null && { sourceUrl: s.sourceUrl }),
        about: s.about.filter(inFile).map((a) => ref(a, ALLOWED.about)),
      };
    }),
    links: links
      .filter((l) => inFile(l.from) && inFile(l.to))
      .map((l) => ({ from: ref(l.from, ALLOWED.link), to: ref(l.to, ALLOWED.link), type: l.type })),
  };
}

/**
 * A meeting as the file writes it: replies as `acceptedAt` or `declinedAt` when every party
 * asked replied alike at one moment, `requestedOf` only when it is not the default.
 */
function meetingFile(
  m: MeetingView,
  ref: (item: ItemName, allowed: readonly ItemKind[]) => ItemRef,
): MeetingFile {
  const request = m.request;
  const participants = m.participants.map((p) => ref(p, ALLOWED.participant));
  const defaultAsked = m.participants
    .filter((p) => p.kind === 'party' && p.key !== request?.by)
    .map((p) => p.key);
  const replies = request?.replies ?? [];
  const alike =
    request !== null &&
    replies.length === request.of.length &&
    replies.length > 0 &&
    replies.every((r) => r.reply === replies[0]!.reply && r.at === replies[0]!.at && r.at !== null);
  return {
    key: m.key,
    title: m.title,
    kind: m.kind,
    ...(m.place !== null && { place: m.place }),
    ...(m.startsAt !== null && { startsAt: toExported(m.startsAt) }),
    ...(m.endsAt !== null && { endsAt: toExported(m.endsAt) }),
    ...(request && { requestedBy: request.by }),
    ...(request?.at != null && { requestedAt: toExported(request.at) }),
    ...(request && request.of.join(' ') !== defaultAsked.join(' ') && { requestedOf: request.of }),
    ...(alike && replies[0]!.reply === 'accepted' && { acceptedAt: toExported(replies[0]!.at!) }),
    ...(alike && replies[0]!.reply === 'declined' && { declinedAt: toExported(replies[0]!.at!) }),
    ...(!alike &&
      replies.length > 0 && {
        replies: replies.map((r) => ({ party: r.party, reply: r.reply, at: toExported(r.at ?? '') })),
      }),
    participants,
    agenda: m.agenda.map((a) => ref(a, ALLOWED.agenda)),
    ...(m.notes !== null && { notes: m.notes }),
    ...(m.announcedAt !== null && { announcedAt: toExported(m.announcedAt) }),
    ...(m.notesPublishedAt !== null && { notesPublishedAt: toExported(m.notesPublishedAt) }),
  };
}

/** The file's bytes: two-space JSON with a final newline. */
export function serialiseDossierFile(file: DossierFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
