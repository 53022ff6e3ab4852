import { sql, type Expression, type SqlBool } from 'kysely';
import { z } from 'zod';
import { Instant, ItemRef, Key } from '../shared/dossier-file.ts';
import type { ItemName } from '../shared/item-ref.ts';
import { TimelineKind, type LinkType, type MeetingKind, type StatementMedium } from '../shared/vocabulary.ts';
import { addresseeStatus } from './addressee-status.ts';
import { anyInstant, now } from './clock.ts';
import { loadItemIndex, refuseProblems, resolveRefs, type FoundItem } from './item-refs.ts';
import { listLinks } from './list-links.ts';
import { listMeetings } from './list-meetings.ts';
import { listStatements } from './list-statements.ts';
import { requireDossier, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { positionAt } from './position-codes.ts';
import {
  addresseeVisible,
  deliveryVisible,
  responseVisible,
  versionVisible,
  type Viewer,
} from './visibility.ts';

/** What a timeline entry records, in the order entries of one instant are listed. */
export { TimelineKind } from '../shared/vocabulary.ts';

export const ComputeTimelineInput = z.strictObject({
  dossier: Key,
  /** As of this moment: only what had happened by then (default: now). */
  at: Instant.optional(),
  /** Only entries at or after `from`, and at or before `to`. */
  from: Instant.optional(),
  to: Instant.optional(),
  /** Only entries that involve this party. */
  party: Key.optional(),
  /** Only entries of these kinds. */
  kinds: z.array(TimelineKind).max(TimelineKind.options.length).optional(),
  /** Only entries about this point: its versions, deliveries, answers, statements and meetings. */
  point: ItemRef.optional(),
});
export type ComputeTimelineInput = z.input<typeof ComputeTimelineInput>;

export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  /** What happened, in one sentence. */
  title: string;
  /** The item the entry is about. */
  subject: ItemName;
  /** The parties involved, for filtering. */
  parties: string[];
  details: Record<string, unknown>;
  /** Related materials, from either end, that the viewer may see and that existed by `at`. */
  links: { type: LinkType; direction: 'to' | 'from'; item: ItemName }[];
}

export interface Timeline {
  dossier: string;
  at: string;
  entries: TimelineEntry[];
}

/**
 * Every event of a dossier in one chronological list — versions, deliveries and their demands,
 * responses, each deadline met or passed without a full answer, publications, meeting requests
 * and replies, meetings, statements — as of any moment (DESIGN.md rule 4). Each source is read
 * with the viewer's visibility in its query (rule 1): an entry the viewer may not see is never
 * fetched, so it leaves no trace, not even in a count.
 */
export async function computeTimeline({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: ComputeTimelineInput;
}): Promise<Timeline> {
  const data = parseInput(ComputeTimelineInput, input);
  const at = data.at === undefined ? now() : anyInstant('at', data.at);
  const periodFrom = data.from === undefined ? null : anyInstant('from', data.from);
  const periodTo = data.to === undefined ? null : anyInstant('to', data.to);
  const dossier = await requireDossier(trx, data.dossier, viewer);
  const wanted = new Set<TimelineKind>(data.kinds ?? TimelineKind.options);
  const want = (...kinds: TimelineKind[]) => kinds.some((k) => wanted.has(k));

  let point: FoundItem | null = null;
  if (data.point !== undefined) {
    const problems: { path: string; message: string }[] = [];
    [point = null] = await resolveRefs(trx, dossier.id, [data.point], ['point'], 'point', problems);
    if (problems.length > 0) {
      // As with every read: what is not there and what may not be seen answer alike.
      if (viewer) return { dossier: dossier.key, at, entries: [] };
      refuseProblems(problems.map((p) => ({ ...p, path: 'point' })));
    }
  }
  /** The version `versionRef` has the point asked about (or no point was asked about). */
  const versionHasPoint = (versionRef: string, documentRef: string): Expression<SqlBool> =>
    point === null
      ? sql<SqlBool>`1 = 1`
      : sql<SqlBool>`(${sql.ref(documentRef)} = ${point.id} and exists (select 1 from points tp
          where tp.version_id = ${sql.ref(versionRef)} and tp.key = ${point.key}))`;

  const entries: TimelineEntry[] = [];
  const add = (e: Omit<TimelineEntry, 'links'>) => entries.push({ ...e, links: [] });

  if (want('version')) {
    const rows = await trx
      .selectFrom('versions')
      .innerJoin('documents', 'documents.id', 'versions.document_id')
      .innerJoin('parties', 'parties.id', 'documents.author_party_id')
      .select([
        'versions.created_at',
        'versions.number',
        'documents.key as document',
        'documents.title',
        'documents.kind',
        'parties.key as author',
      ])
      .where('versions.dossier_id', '=', dossier.id)
      .where('versions.created_at', '<=', at)
      .where(versionVisible(viewer, 'versions.id', 'documents.author_party_id'))
      .where(versionHasPoint('versions.id', 'documents.id'))
      .orderBy('versions.id')
      .execute();
    for (const r of rows) {
      add({
        at: r.created_at,
        kind: 'version',
        title: `${r.author} wrote version ${r.number} of "${r.title}" (${r.document})`,
        subject: { kind: 'document', key: r.document },
        parties: [r.author],
        details: { document: r.document, version: r.number, documentKind: r.kind, author: r.author },
      });
    }
  }

  const deliveries = want('delivery', 'deadline_met', 'deadline_missed')
    ? await trx
        .selectFrom('deliveries')
        .innerJoin('versions', 'versions.id', 'deliveries.version_id')
        .innerJoin('documents', 'documents.id', 'versions.document_id')
        .innerJoin('parties', 'parties.id', 'documents.author_party_id')
        .select([
          'deliveries.id',
          'deliveries.key',
          'deliveries.version_id',
          'deliveries.delivered_at',
          'deliveries.has_demand',
          'deliveries.due_at',
          'versions.number',
          'documents.key as document',
          'documents.title',
          'documents.author_party_id',
          'parties.key as author',
        ])
        .where('deliveries.dossier_id', '=', dossier.id)
        .where('deliveries.delivered_at', '<=', at)
        .where(deliveryVisible(viewer, 'deliveries.id', 'documents.author_party_id'))
        .where(versionHasPoint('versions.id', 'documents.id'))
        .orderBy('deliveries.id')
        .execute()
    : [];
  const addressees = deliveries.length
    ? await trx
        .selectFrom('delivery_addressees')
        .innerJoin('parties', 'parties.id', 'delivery_addressees.party_id')
        .select(['delivery_addressees.delivery_id', 'delivery_addressees.party_id', 'parties.key'])
        .where(
          'delivery_addressees.delivery_id',
          'in',
          deliveries.map((d) => d.id),
        )
        .orderBy('delivery_addressees.delivery_id')
        .orderBy('delivery_addressees.ordinal')
        .execute()
    : [];
  const to = (deliveryId: string) => addressees.filter((a) => a.delivery_id === deliveryId);

  if (want('delivery')) {
    for (const d of deliveries) {
      const parties = to(d.id).map((a) => a.key);
      const demand =
        d.has_demand === 0
          ? ''
          : d.due_at === null
            ? ', demanding a written answer to every point'
            : `, demanding a written answer to every point by ${d.due_at}`;
      add({
        at: d.delivered_at,
        kind: 'delivery',
        title: `${d.author} delivered version ${d.number} of "${d.title}" to ${parties.join(', ')}${demand}`,
        subject: { kind: 'delivery', key: d.key },
        parties: [d.author, ...parties],
        details: {
          delivery: d.key,
          document: d.document,
          version: d.number,
          from: d.author,
          to: parties,
          demand: d.has_demand === 1,
          dueAt: d.due_at,
        },
      });
    }
  }

  if (want('deadline_met', 'deadline_missed')) {
    const due = deliveries.filter((d) => d.has_demand === 1 && d.due_at !== null && d.due_at <= at);
    if (due.length > 0) {
      const visible = await trx
        .selectFrom('delivery_addressees as da')
        .innerJoin('deliveries as dd', 'dd.id', 'da.delivery_id')
        .innerJoin('versions as dv', 'dv.id', 'dd.version_id')
        .innerJoin('documents as ddoc', 'ddoc.id', 'dv.document_id')
        .select(['da.delivery_id', 'da.party_id'])
        .where(
          'da.delivery_id',
          'in',
          due.map((d) => d.id),
        )
        .where(addresseeVisible(viewer, 'da.party_id', 'ddoc.author_party_id'))
        .execute();
      const responses = await trx
        .selectFrom('responses')
        .innerJoin('deliveries', 'deliveries.id', 'responses.delivery_id')
        .select([
          'responses.delivery_id',
          'responses.party_id',
          'responses.submitted_at',
          'responses.positions',
        ])
        .where(
          'responses.delivery_id',
          'in',
          due.map((d) => d.id),
        )
        .whereRef('responses.submitted_at', '<=', 'deliveries.due_at')
        .orderBy('responses.submitted_at')
        .orderBy('responses.id')
        .execute();
      const points = await trx
        .selectFrom('points')
        .select(['version_id', 'ordinal'])
        .where(
          'version_id',
          'in',
          due.map((d) => d.version_id),
        )
        .where('demands_answer', '=', 1)
        .execute();
      for (const d of due) {
        const ordinals = points.filter((p) => p.version_id === d.version_id).map((p) => p.ordinal);
        for (const a of to(d.id)) {
          if (!visible.some((v) => v.delivery_id === d.id && v.party_id === a.party_id)) continue;
          const r = responses.filter((x) => x.delivery_id === d.id && x.party_id === a.party_id).at(-1);
          const answered = r ? ordinals.filter((o) => positionAt(r.positions, o) !== null).length : 0;
          const status = addresseeStatus({
            at: d.due_at!,
            dueAt: d.due_at,
            submittedAt: r?.submitted_at ?? null,
            answered,
            total: ordinals.length,
          });
          const met = status === 'answered';
          add({
            at: d.due_at!,
            kind: met ? 'deadline_met' : 'deadline_missed',
            title: met
              ? `${a.key} answered every point of ${d.key} (${d.document} v${d.number}) by the deadline`
              : answered === 0
                ? `The deadline for ${a.key} to answer ${d.key} (${d.document} v${d.number}) passed without an answer`
                : `The deadline for ${a.key} to answer ${d.key} (${d.document} v${d.number}) passed with ${answered} of ${ordinals.length} points answered`,
            subject: { kind: 'delivery', key: d.key },
            parties: [a.key, d.author],
            details: { delivery: d.key, party: a.key, from: d.author, answered, total: ordinals.length },
          });
        }
      }
    }
  }

  if (want('response')) {
    const rows = await trx
      .selectFrom('responses')
      .innerJoin('deliveries', 'deliveries.id', 'responses.delivery_id')
      .innerJoin('versions', 'versions.id', 'deliveries.version_id')
      .innerJoin('documents', 'documents.id', 'versions.document_id')
      .innerJoin('parties as rp', 'rp.id', 'responses.party_id')
      .innerJoin('parties as ap', 'ap.id', 'documents.author_party_id')
      .select([
        'responses.key',
        'responses.submitted_at',
        'responses.partial',
        'deliveries.key as delivery',
        'deliveries.due_at',
        'documents.title',
        'rp.key as party',
        'ap.key as author',
      ])
      .where('responses.dossier_id', '=', dossier.id)
      .where('responses.submitted_at', '<=', at)
      .where(deliveryVisible(viewer, 'deliveries.id', 'documents.author_party_id'))
      .where(responseVisible(viewer, 'responses.id', 'responses.party_id', 'documents.author_party_id'))
      .$if(point !== null, (q) =>
        q
          .where('documents.id', '=', point!.id)
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('answers as ta')
                .select('ta.response_id')
                .whereRef('ta.response_id', '=', 'responses.id')
                .where('ta.point_key', '=', point!.key),
            ),
          ),
      )
      .orderBy('responses.id')
      .execute();
    for (const r of rows) {
      const late = r.due_at !== null && r.submitted_at > r.due_at;
      add({
        at: r.submitted_at,
        kind: 'response',
        title: `${r.party} answered ${r.delivery} ("${r.title}") in writing${late ? ', after the deadline' : ''}`,
        subject: { kind: 'response', key: r.key },
        parties: [r.party, r.author],
        details: { response: r.key, delivery: r.delivery, party: r.party, late, partial: r.partial === 1 },
      });
    }
  }

  if (want('publication')) {
    const rows = await trx
      .selectFrom('publications')
      .leftJoin('versions', 'versions.id', 'publications.version_id')
      .leftJoin('responses', 'responses.id', 'publications.response_id')
      .leftJoin('deliveries as rd', 'rd.id', 'responses.delivery_id')
      .leftJoin('versions as rv', 'rv.id', 'rd.version_id')
      .innerJoin('documents', (j) =>
        j.on((eb) =>
          eb.or([
            eb('documents.id', '=', eb.ref('versions.document_id')),
            eb('documents.id', '=', eb.ref('rv.document_id')),
          ]),
        ),
      )
      .leftJoin('parties as rp', 'rp.id', 'responses.party_id')
      .innerJoin('parties as ap', 'ap.id', 'documents.author_party_id')
      .select([
        'publications.published_at',
        'versions.number',
        'responses.key as response',
        'rd.key as delivery',
        'documents.key as document',
        'documents.title',
        'rp.key as responder',
        'ap.key as author',
      ])
      .where('publications.dossier_id', '=', dossier.id)
      .where('publications.published_at', '<=', at)
      .$if(point !== null, (q) =>
        q
          .where('documents.id', '=', point!.id)
          .where((eb) =>
            eb.or([
              eb.exists(
                eb
                  .selectFrom('points as tp')
                  .select('tp.id')
                  .whereRef('tp.version_id', '=', 'versions.id')
                  .where('tp.key', '=', point!.key),
              ),
              eb.exists(
                eb
                  .selectFrom('answers as ta')
                  .select('ta.response_id')
                  .whereRef('ta.response_id', '=', 'responses.id')
                  .where('ta.point_key', '=', point!.key),
              ),
            ]),
          ),
      )
      .orderBy('publications.id')
      .execute();
    for (const r of rows) {
      if (r.response !== null) {
        add({
          at: r.published_at,
          kind: 'publication',
          title: `${r.responder} published its answer to ${r.delivery} ("${r.title}")`,
          subject: { kind: 'response', key: r.response },
          parties: [r.responder!, r.author],
          details: { response: r.response, delivery: r.delivery, party: r.responder },
        });
      } else {
        add({
          at: r.published_at,
          kind: 'publication',
          title: `${r.author} published version ${r.number} of "${r.title}" (${r.document})`,
          subject: { kind: 'document', key: r.document },
          parties: [r.author],
          details: { document: r.document, version: r.number, party: r.author },
        });
      }
    }
  }

  const index = await loadItemIndex(trx, dossier.id);
  if (
    want(
      'meeting_requested',
      'meeting_accepted',
      'meeting_declined',
      'meeting',
      'meeting_announced',
      'meeting_notes_published',
    )
  ) {
    const meetings = await listMeetings({ trx, viewer, input: { dossier: dossier.key }, index });
    const people = await trx
      .selectFrom('people')
      .innerJoin('parties', 'parties.id', 'people.party_id')
      .select(['people.key', 'parties.key as party'])
      .where('people.dossier_id', '=', dossier.id)
      .execute();
    const partyOf = new Map(people.map((p) => [p.key, p.party]));
    for (const m of meetings) {
      if (
        point !== null &&
        !m.agenda.some((a) => a.kind === 'point' && a.key === point!.key && a.document === point!.document)
      )
        continue;
      const subject: ItemName = { kind: 'meeting', key: m.key };
      const taking = [
        ...new Set(
          m.participants.flatMap((p) =>
            p.kind === 'party' ? [p.key] : partyOf.has(p.key) ? [partyOf.get(p.key)!] : [],
          ),
        ),
      ];
      // Those who asked and took part; a party that was asked and declined is in the request's entries only.
      const involved = [...new Set([...(m.request ? [m.request.by] : []), ...taking])];
      const what = `${m.kind === 'talks' ? 'talks' : `a ${m.kind}`}: "${m.title}"`;
      const base = { key: m.key, title: m.title, meetingKind: m.kind as MeetingKind, place: m.place };
      if (m.request?.at) {
        add({
          at: m.request.at,
          kind: 'meeting_requested',
          title: `${m.request.by} asked ${m.request.of.join(', ')} for ${what}`,
          subject,
          parties: [m.request.by, ...m.request.of],
          details: { ...base, requestedBy: m.request.by, requestedOf: m.request.of },
        });
      }
      for (const r of m.request?.replies ?? []) {
        if (r.at === null) continue;
        const took = m.request?.at ? Date.parse(r.at) - Date.parse(m.request.at) : null;
        add({
          at: r.at,
          kind: r.reply === 'accepted' ? 'meeting_accepted' : 'meeting_declined',
          title: `${r.party} ${r.reply} the request of ${m.request!.by} for ${what}`,
          subject,
          parties: [r.party, m.request!.by],
          details: { ...base, party: r.party, requestedBy: m.request!.by, reply: r.reply, replyMs: took },
        });
      }
      if (m.announcedAt) {
        add({
          at: m.announcedAt,
          kind: 'meeting_announced',
          title: `Announced: "${m.title}"${m.place ? `, in ${m.place}` : ''}`,
          subject,
          parties: involved,
          details: base,
        });
      }
      if (m.startsAt && m.arranged) {
        add({
          at: m.startsAt,
          kind: 'meeting',
          title: `"${m.title}"${m.place ? ` in ${m.place}` : ''}${taking.length ? ` (${taking.join(', ')})` : ''}${
            m.request ? `, at the request of ${m.request.by}` : ''
          }`,
          subject,
          parties: involved,
          details: {
            ...base,
            startsAt: m.startsAt,
            endsAt: m.endsAt,
            participants: m.participants,
            agenda: m.agenda,
            requestedBy: m.request?.by ?? null,
            ...(m.notes !== null && { notes: m.notes }),
          },
        });
      }
      if (m.notesPublishedAt) {
        add({
          at: m.notesPublishedAt,
          kind: 'meeting_notes_published',
          title: `Outcome notes made public: "${m.title}"`,
          subject,
          parties: involved,
          details: { ...base, notes: m.notes },
        });
      }
    }
  }

  if (want('statement')) {
    const statements = await listStatements({
      trx,
      viewer,
      input: {
        dossier: dossier.key,
        ...(point && { about: { document: point.document!, point: point.key } }),
      },
      index,
    });
    for (const s of statements) {
      if (s.saidAt > at) continue;
      const who = `${s.speaker.name}${s.speaker.title ? `, ${s.speaker.title}` : ''}${s.speaker.party ? ` (${s.speaker.party})` : ''}`;
      const parties = [
        ...new Set([
          ...(s.speaker.party ? [s.speaker.party] : []),
          ...s.about.filter((a) => a.kind === 'party').map((a) => a.key),
        ]),
      ];
      add({
        at: s.saidAt,
        kind: 'statement',
        title: `${who}${s.outlet ? ` to ${s.outlet}` : ''}: ${s.quote ? `“${s.quote}”` : s.summary}`,
        subject: { kind: 'statement', key: s.key },
        parties,
        details: {
          statement: s.key,
          speaker: s.speaker,
          medium: s.medium as StatementMedium,
          outlet: s.outlet,
          quote: s.quote,
          summary: s.summary,
          sourceUrl: s.sourceUrl,
          about: s.about,
        },
      });
    }
  }

  let shown = entries.filter(
    (e) =>
      wanted.has(e.kind) &&
      e.at <= at &&
      (periodFrom === null || e.at >= periodFrom) &&
      (periodTo === null || e.at <= periodTo) &&
      (data.party === undefined || e.parties.includes(data.party)),
  );
  shown = shown.sort(
    (a, b) =>
      (a.at < b.at ? -1 : a.at > b.at ? 1 : 0) ||
      TimelineKind.options.indexOf(a.kind) - TimelineKind.options.indexOf(b.kind),
  );

  const links = await listLinks({ trx, viewer, input: { dossier: dossier.key }, index });
  const firstAt = await firstMoments(trx, dossier.id, links);
  const existed = (item: ItemName) => {
    const first = firstAt.get(itemId(item));
    return first === undefined || first <= at;
  };
  // Links are shown once per item: at its meeting entry, or else at its first entry here.
  const linkedAt = new Map<string, TimelineEntry>();
  for (const e of shown) {
    if (e.kind === 'deadline_met' || e.kind === 'deadline_missed' || e.kind === 'publication') continue;
    const k = itemId(e.subject);
    if (!linkedAt.has(k) || e.kind === 'meeting') linkedAt.set(k, e);
  }
  for (const [me, e] of linkedAt) {
    for (const l of links) {
      if (itemId(l.from) === me && existed(l.to)) e.links.push({ type: l.type, direction: 'to', item: l.to });
      if (itemId(l.to) === me && existed(l.from))
        e.links.push({ type: l.type, direction: 'from', item: l.from });
    }
  }
  return { dossier: dossier.key, at, entries: shown };
}

function itemId(item: ItemName): string {
  return item.kind === 'point' ? `point ${item.document} ${item.key}` : `${item.kind} ${item.key}`;
}

/**
 * When each item at an end of `links` first happened (a document: its first version; a meeting:
 * its first step), so that as of an earlier moment a link to it is not shown.
 */
async function firstMoments(
  trx: Db,
  dossierId: string,
  links: readonly { from: ItemName; to: ItemName }[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const keys = (kinds: string[]) => [
    ...new Set(
      links
        .flatMap((l) => [l.from, l.to])
        .flatMap((i) => (kinds.includes(i.kind) ? [i.kind === 'point' ? i.document! : i.key] : [])),
    ),
  ];
  const put = (kind: string, key: string, at: string | null) => {
    if (at === null) return;
    const k = `${kind} ${key}`;
    if (!out.has(k) || at < out.get(k)!) out.set(k, at);
  };
  const statements = keys(['statement']);
  if (statements.length)
    for (const r of await trx
      .selectFrom('statements')
      .select(['key', 'said_at'])
      .where('dossier_id', '=', dossierId)
      .where('key', 'in', statements)
      .execute())
      put('statement', r.key, r.said_at);
  const responses = keys(['response']);
  if (responses.length)
    for (const r of await trx
      .selectFrom('responses')
      .select(['key', 'submitted_at'])
      .where('dossier_id', '=', dossierId)
      .where('key', 'in', responses)
      .execute())
      put('response', r.key, r.submitted_at);
  const deliveries = keys(['delivery']);
  if (deliveries.length)
    for (const r of await trx
      .selectFrom('deliveries')
      .select(['key', 'delivered_at'])
      .where('dossier_id', '=', dossierId)
      .where('key', 'in', deliveries)
      .execute())
      put('delivery', r.key, r.delivered_at);
  const documents = keys(['document', 'point']);
  if (documents.length)
    for (const r of await trx
      .selectFrom('versions')
      .innerJoin('documents', 'documents.id', 'versions.document_id')
      .select(['documents.key', 'versions.created_at'])
      .where('documents.dossier_id', '=', dossierId)
      .where('documents.key', 'in', documents)
      .execute())
      put('document', r.key, r.created_at);
  const meetings = keys(['meeting']);
  if (meetings.length) {
    const rows = await trx
      .selectFrom('meetings')
      .leftJoin('meeting_requests as r', 'r.meeting_id', 'meetings.id')
      .leftJoin('meeting_replies as p', 'p.request_id', 'r.id')
      .leftJoin('meeting_arrangements as a', 'a.meeting_id', 'meetings.id')
      .leftJoin('meeting_publications as mp', 'mp.meeting_id', 'meetings.id')
      .select(['meetings.key', 'r.requested_at', 'p.replied_at', 'a.starts_at', 'mp.published_at'])
      .where('meetings.dossier_id', '=', dossierId)
      .where('meetings.key', 'in', meetings)
      .execute();
    for (const r of rows)
      for (const at of [r.requested_at, r.replied_at, r.starts_at, r.published_at]) put('meeting', r.key, at);
  }
  // A point exists from its document's first version on.
  for (const l of links)
    for (const i of [l.from, l.to])
      if (i.kind === 'point' && out.has(`document ${i.document}`))
        out.set(itemId(i), out.get(`document ${i.document}`)!);
  return out;
}
