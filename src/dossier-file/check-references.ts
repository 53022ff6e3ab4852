import type { Problem } from '../shared/app-error.ts';
import type { DossierFile, ItemRef } from '../shared/dossier-file.ts';
import { ALLOWED, chooseItem, wantedOf, type ItemKind, type ItemName } from '../shared/item-ref.ts';
import { parseInstant } from '../shared/instant.ts';
import { answerGaps } from '../domain/answer-rules.ts';
import { flattenPoints, type FlatPoint } from '../domain/point-tree.ts';
import { meetingShapeProblems, statementShapeProblems } from '../domain/meeting-rules.ts';

/** Clock skew tolerated before an event instant counts as "in the future". */
const SKEW_MS = 5 * 60_000;

/**
 * Every rule of a dossier file that its JSON Schema cannot express: keys that refer to nothing,
 * duplicate keys, responses from parties that were not addressees, answers to points that are not
 * in the delivered version, missing text, and instants out of order. Pure: reads only the file.
 */
export function checkReferences(file: DossierFile, nowMs = Date.now()): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const ms = (s: string) => parseInstant(s)!.getTime();
  const notFuture = (path: string, instant: string) => {
    if (ms(instant) > nowMs + SKEW_MS)
      add(path, `is in the future (${instant}); events are recorded after they happen`);
  };

  const parties = keyed(file.parties, 'parties', 'party', add);
  const people = keyed(file.people ?? [], 'people', 'person', add);
  const documents = keyed(file.documents ?? [], 'documents', 'document', add);
  const deliveries = keyed(file.deliveries ?? [], 'deliveries', 'delivery', add);
  const responses = keyed(file.responses ?? [], 'responses', 'response', add);
  const meetings = keyed(file.meetings ?? [], 'meetings', 'meeting', add);
  const statements = keyed(file.statements ?? [], 'statements', 'statement', add);

  (file.people ?? []).forEach((p, i) => {
    if (p.party !== undefined && !parties.has(p.party))
      add(`people[${i}].party`, `no party "${p.party}" in this file`);
  });

  // Versions: their points, keyed by document and number.
  const versions = new Map<string, { createdAt: string; points: Map<string, FlatPoint> }>();
  const pointKeysByDocument = new Map<string, Set<string>>();
  (file.documents ?? []).forEach((doc, d) => {
    if (!parties.has(doc.author)) add(`documents[${d}].author`, `no party "${doc.author}" in this file`);
    let previous: { number: number; createdAt: string } | null = null;
    doc.versions.forEach((v, n) => {
      const at = `documents[${d}].versions[${n}]`;
      const { points, problems: pointProblems } = flattenPoints(v.points, [
        'documents',
        d,
        'versions',
        n,
        'points',
      ]);
      problems.push(...pointProblems);
      notFuture(`${at}.createdAt`, v.createdAt);
      if (previous && v.number <= previous.number) {
        add(`${at}.number`, `must be higher than ${previous.number}, the version before it`);
      } else if (previous && ms(v.createdAt) < ms(previous.createdAt)) {
        add(`${at}.createdAt`, `is before version ${previous.number} was created`);
      }
      previous = { number: v.number, createdAt: v.createdAt };
      versions.set(`${doc.key} ${v.number}`, {
        createdAt: v.createdAt,
        points: new Map(points.map((p) => [p.key, p])),
      });
      let keys = pointKeysByDocument.get(doc.key);
      if (!keys) pointKeysByDocument.set(doc.key, (keys = new Set()));
      for (const p of points) keys.add(p.key);
    });
  });

  const deliveryInfo = new Map<
    string,
    { author: string; to: Set<string>; deliveredAt: string; points: Map<string, FlatPoint> | null }
  >();
  (file.deliveries ?? []).forEach((del, i) => {
    const at = `deliveries[${i}]`;
    const doc = documents.get(del.document);
    if (!doc) add(`${at}.document`, `no document "${del.document}" in this file`);
    const version = versions.get(`${del.document} ${del.version}`);
    if (doc && !version) add(`${at}.version`, `document "${del.document}" has no version ${del.version}`);
    const seen = new Set<string>();
    del.to.forEach((party, j) => {
      if (!parties.has(party)) add(`${at}.to[${j}]`, `no party "${party}" in this file`);
      else if (doc && party === doc.author) add(`${at}.to[${j}]`, 'the author cannot be an addressee');
      else if (seen.has(party)) add(`${at}.to[${j}]`, `party "${party}" is listed twice`);
      seen.add(party);
    });
    notFuture(`${at}.deliveredAt`, del.deliveredAt);
    if (version && ms(del.deliveredAt) < ms(version.createdAt)) {
      add(
        `${at}.deliveredAt`,
        `is before version ${del.version} of "${del.document}" was created (${version.createdAt})`,
      );
    }
    const dueAt = del.demand?.dueAt;
    if (dueAt !== undefined && ms(dueAt) <= ms(del.deliveredAt))
      add(`${at}.demand.dueAt`, 'must be after deliveredAt');
    deliveryInfo.set(del.key, {
      author: doc?.author ?? '',
      to: seen,
      deliveredAt: del.deliveredAt,
      points: version?.points ?? null,
    });
  });

  (file.responses ?? []).forEach((res, i) => {
    const at = `responses[${i}]`;
    const del = deliveryInfo.get(res.delivery);
    if (!deliveries.has(res.delivery)) add(`${at}.delivery`, `no delivery "${res.delivery}" in this file`);
    if (!parties.has(res.party)) add(`${at}.party`, `no party "${res.party}" in this file`);
    else if (del && !del.to.has(res.party))
      add(`${at}.party`, `party "${res.party}" was not an addressee of delivery "${res.delivery}"`);
    notFuture(`${at}.submittedAt`, res.submittedAt);
    if (del && ms(res.submittedAt) < ms(del.deliveredAt)) {
      add(`${at}.submittedAt`, `is before delivery "${res.delivery}" was made (${del.deliveredAt})`);
    }
    const answered = new Set<string>();
    res.answers.forEach((answer, j) => {
      const here = `${at}.answers[${j}]`;
      if (del?.points && !del.points.has(answer.point)) {
        add(`${here}.point`, `the version delivered in "${res.delivery}" has no point "${answer.point}"`);
      } else if (answered.has(answer.point)) {
        add(`${here}.point`, `point "${answer.point}" is answered twice`);
      }
      answered.add(answer.point);
      for (const gap of answerGaps(answer)) add(`${here}.${gap.field}`, gap.message);
    });
  });

  const published = new Map<string, number>();
  (file.publications ?? []).forEach((pub, i) => {
    const at = `publications[${i}]`;
    notFuture(`${at}.publishedAt`, pub.publishedAt);
    let subject: string;
    if ('response' in pub) {
      subject = `response ${pub.response}`;
      const res = responses.get(pub.response);
      if (!res) add(`${at}.response`, `no response "${pub.response}" in this file`);
      else if (ms(pub.publishedAt) < ms(res.submittedAt))
        add(`${at}.publishedAt`, `is before the response was submitted (${res.submittedAt})`);
    } else {
      subject = `version ${pub.document} ${pub.version}`;
      const version = versions.get(`${pub.document} ${pub.version}`);
      if (!documents.has(pub.document)) add(`${at}.document`, `no document "${pub.document}" in this file`);
      else if (!version) add(`${at}.version`, `document "${pub.document}" has no version ${pub.version}`);
      else if (ms(pub.publishedAt) < ms(version.createdAt))
        add(`${at}.publishedAt`, `is before the version was created (${version.createdAt})`);
    }
    const first = published.get(subject);
    if (first !== undefined)
      add(at, `publishes what publications[${first}] already published; publication happens once`);
    else published.set(subject, i);
  });

  // Every item of the file by key, to resolve references (shared/item-ref.ts).
  const candidates = new Map<string, ItemName[]>();
  const addCandidate = (item: ItemName) => {
    let list = candidates.get(item.key);
    if (!list) candidates.set(item.key, (list = []));
    if (!list.some((c) => c.kind === item.kind && c.document === item.document)) list.push(item);
  };
  const kinds: [ItemKind, Map<string, unknown>][] = [
    ['party', parties],
    ['person', people],
    ['document', documents],
    ['delivery', deliveries],
    ['response', responses],
    ['meeting', meetings],
    ['statement', statements],
  ];
  for (const [kind, map] of kinds) for (const key of map.keys()) addCandidate({ kind, key });
  for (const [document, keys] of pointKeysByDocument)
    for (const key of keys) addCandidate({ kind: 'point', key, document });
  const resolve = (ref: ItemRef, allowed: readonly ItemKind[], path: string): ItemName | null => {
    const choice = chooseItem(ref, candidates.get(wantedOf(ref).key) ?? [], allowed, 'in this file');
    if ('problem' in choice) {
      add(path, choice.problem);
      return null;
    }
    return choice.item;
  };

  (file.meetings ?? []).forEach((m, i) => {
    const at = `meetings[${i}]`;
    for (const p of meetingShapeProblems(m)) add(`${at}.${p.path}`, p.message);
    if (m.requestedBy !== undefined && !parties.has(m.requestedBy))
      add(`${at}.requestedBy`, `no party "${m.requestedBy}" in this file`);
    const taking = (m.participants ?? []).map((k, j) =>
      resolve(k, ALLOWED.participant, `${at}.participants[${j}]`),
    );
    (m.agenda ?? []).forEach((k, j) => resolve(k, ALLOWED.agenda, `${at}.agenda[${j}]`));
    const asked =
      m.requestedOf ??
      taking.filter((t) => t?.kind === 'party' && t.key !== m.requestedBy).map((t) => t!.key);
    const seen = new Set<string>();
    (m.requestedOf ?? []).forEach((k, j) => {
      if (!parties.has(k)) add(`${at}.requestedOf[${j}]`, `no party "${k}" in this file`);
      else if (k === m.requestedBy) add(`${at}.requestedOf[${j}]`, 'a party does not ask itself');
      else if (seen.has(k)) add(`${at}.requestedOf[${j}]`, `party "${k}" is listed twice`);
      seen.add(k);
    });
    if (m.requestedBy !== undefined && asked.length === 0)
      add(`${at}.requestedOf`, 'is required when no other party takes part');
    const replied = new Set<string>();
    (m.replies ?? []).forEach((r, j) => {
      if (!asked.includes(r.party)) add(`${at}.replies[${j}].party`, `party "${r.party}" was not asked`);
      else if (replied.has(r.party)) add(`${at}.replies[${j}].party`, `party "${r.party}" replies twice`);
      replied.add(r.party);
      notFuture(`${at}.replies[${j}].at`, r.at);
    });
    for (const field of [
      'requestedAt',
      'acceptedAt',
      'declinedAt',
      'announcedAt',
      'notesPublishedAt',
    ] as const) {
      const instant = m[field];
      if (instant !== undefined) notFuture(`${at}.${field}`, instant);
    }
  });

  (file.statements ?? []).forEach((s, i) => {
    const at = `statements[${i}]`;
    for (const p of statementShapeProblems(s)) add(`${at}.${p.path}`, p.message);
    if (!people.has(s.speaker)) add(`${at}.speaker`, `no person "${s.speaker}" in this file`);
    if (s.speakerParty !== undefined && !parties.has(s.speakerParty))
      add(`${at}.speakerParty`, `no party "${s.speakerParty}" in this file`);
    notFuture(`${at}.saidAt`, s.saidAt);
    (s.about ?? []).forEach((k, j) => resolve(k, ALLOWED.about, `${at}.about[${j}]`));
  });

  (file.links ?? []).forEach((l, i) => {
    const from = resolve(l.from, ALLOWED.link, `links[${i}].from`);
    const to = resolve(l.to, ALLOWED.link, `links[${i}].to`);
    if (from && to && from.kind === to.kind && from.key === to.key && from.document === to.document)
      add(`links[${i}].to`, 'an item is not linked to itself');
  });

  return problems;
}

/** Indexes items by key, reporting each duplicate with where the key was first used. */
function keyed<T extends { key: string }>(
  items: readonly T[],
  field: string,
  noun: string,
  add: (path: string, message: string) => void,
): Map<string, T> {
  const out = new Map<string, T>();
  const firstAt = new Map<string, number>();
  items.forEach((item, i) => {
    const first = firstAt.get(item.key);
    if (first !== undefined)
      add(`${field}[${i}].key`, `duplicate ${noun} key "${item.key}" (first at ${field}[${first}])`);
    else {
      firstAt.set(item.key, i);
      out.set(item.key, item);
    }
  });
  return out;
}
