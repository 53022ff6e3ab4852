import type { Problem } from '../shared/app-error.ts';
import type { DossierFile } from '../shared/dossier-file.ts';
import { parseInstant } from '../shared/instant.ts';
import { answerGaps } from '../domain/answer-rules.ts';
import { flattenPoints, type FlatPoint } from '../domain/point-tree.ts';

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
  const allPointKeys = new Set<string>();
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
      for (const p of points) allPointKeys.add(p.key);
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

  const anyItem = (key: string) =>
    parties.has(key) ||
    people.has(key) ||
    documents.has(key) ||
    deliveries.has(key) ||
    responses.has(key) ||
    meetings.has(key) ||
    statements.has(key) ||
    allPointKeys.has(key);

  // A statement is about the negotiation's items; statements relate to each other through links.
  const aboutItem = (key: string) =>
    parties.has(key) ||
    people.has(key) ||
    documents.has(key) ||
    deliveries.has(key) ||
    responses.has(key) ||
    meetings.has(key) ||
    allPointKeys.has(key);

  (file.meetings ?? []).forEach((m, i) => {
    const at = `meetings[${i}]`;
    if (m.requestedBy !== undefined && !parties.has(m.requestedBy))
      add(`${at}.requestedBy`, `no party "${m.requestedBy}" in this file`);
    m.participants.forEach((k, j) => {
      if (!parties.has(k) && !people.has(k))
        add(`${at}.participants[${j}]`, `no party or person "${k}" in this file`);
    });
    (m.agenda ?? []).forEach((k, j) => {
      if (!documents.has(k) && !deliveries.has(k) && !allPointKeys.has(k))
        add(`${at}.agenda[${j}]`, `no document, delivery or point "${k}" in this file`);
    });
    if (m.startsAt && m.endsAt && ms(m.endsAt) < ms(m.startsAt)) add(`${at}.endsAt`, 'is before startsAt');
    if (m.requestedAt) notFuture(`${at}.requestedAt`, m.requestedAt);
    if (m.acceptedAt) notFuture(`${at}.acceptedAt`, m.acceptedAt);
    if (m.requestedAt && m.acceptedAt && ms(m.acceptedAt) < ms(m.requestedAt))
      add(`${at}.acceptedAt`, 'is before requestedAt');
  });

  (file.statements ?? []).forEach((s, i) => {
    const at = `statements[${i}]`;
    if (!people.has(s.speaker)) add(`${at}.speaker`, `no person "${s.speaker}" in this file`);
    notFuture(`${at}.saidAt`, s.saidAt);
    (s.about ?? []).forEach((k, j) => {
      if (!aboutItem(k))
        add(
          `${at}.about[${j}]`,
          `no party, person, document, delivery, response, meeting or point "${k}" in this file`,
        );
    });
  });

  (file.links ?? []).forEach((l, i) => {
    if (!anyItem(l.from)) add(`links[${i}].from`, `nothing called "${l.from}" in this file`);
    if (!anyItem(l.to)) add(`links[${i}].to`, `nothing called "${l.to}" in this file`);
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
