import { z } from 'zod';
import { Instant, Key } from '../shared/dossier-file.ts';
import { anyInstant, now } from './clock.ts';
import { loadItemIndex } from './item-refs.ts';
import { listMeetings } from './list-meetings.ts';
import { listStatements } from './list-statements.ts';
import { requireDossier, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { positionAt } from './position-codes.ts';
import { addresseeVisible, deliveryVisible, type Viewer } from './visibility.ts';

export const ComputeStatsInput = z.strictObject({
  dossier: Key,
  /** As of this moment (default: now). */
  at: Instant.optional(),
  /** Only this party. */
  party: Key.optional(),
});
export type ComputeStatsInput = z.input<typeof ComputeStatsInput>;

/** How long things took: the median and the worst, in milliseconds; null when nothing to measure. */
export interface Durations {
  count: number;
  medianMs: number | null;
  worstMs: number | null;
}

export interface PartyStats {
  party: string;
  name: string;
  /** Deliveries to this party that demanded a written answer to every point. */
  writtenDemands: {
    received: number;
    /** Answered in writing (a first response submitted), by the deadline or after it. */
    answered: number;
    answeredByDeadline: number;
    answeredLate: number;
    /** Not answered at all, and the deadline has passed. */
    overdue: number;
    /** From delivery to the first written response. */
    timeToAnswer: Durations;
    /** The longest a demand has waited unanswered, as of `at`. */
    longestOpenMs: number | null;
  };
  /** Points that demanded an answer, and those answered in the latest response to each demand. */
  points: { demanded: number; answered: number };
  /** Meetings this party asked for, and what became of the requests. */
  meetingRequests: { made: number; accepted: number; declined: number; awaiting: number };
  /** Requests of other parties to this one, and how fast it accepted. */
  requestsReceived: {
    received: number;
    accepted: number;
    declined: number;
    awaiting: number;
    timeToAccept: Durations;
  };
  /** Public statements by people speaking for this party. */
  statements: number;
}

export interface Stats {
  dossier: string;
  at: string;
  parties: PartyStats[];
}

/**
 * Per party, what people ask in a negotiation run on written demands: how long it takes to answer
 * them (median and worst), how many points it answered in writing, how often it asked for
 * meetings and how fast it accepted the other side's requests. Counted from what the viewer may
 * see, as of `at`.
 */
export async function computeStats({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: ComputeStatsInput;
}): Promise<Stats> {
  const data = parseInput(ComputeStatsInput, input);
  const at = data.at === undefined ? now() : anyInstant('at', data.at);
  const dossier = await requireDossier(trx, data.dossier, viewer);
  const parties = await trx
    .selectFrom('parties')
    .select(['id', 'key', 'name'])
    .where('dossier_id', '=', dossier.id)
    .$if(data.party !== undefined, (q) => q.where('key', '=', data.party!))
    .orderBy('id')
    .execute();

  // Each demand to each addressee the viewer may see, with the first and the latest response by `at`.
  const demands = await trx
    .selectFrom('delivery_addressees as da')
    .innerJoin('deliveries as d', 'd.id', 'da.delivery_id')
    .innerJoin('versions as v', 'v.id', 'd.version_id')
    .innerJoin('documents as doc', 'doc.id', 'v.document_id')
    .select(['da.party_id', 'd.id', 'd.version_id', 'd.delivered_at', 'd.due_at'])
    .where('d.dossier_id', '=', dossier.id)
    .where('d.has_demand', '=', 1)
    .where('d.delivered_at', '<=', at)
    .where(deliveryVisible(viewer, 'd.id', 'doc.author_party_id'))
    .where(addresseeVisible(viewer, 'da.party_id', 'doc.author_party_id'))
    .execute();
  const deliveryIds = [...new Set(demands.map((d) => d.id))];
  const responses = deliveryIds.length
    ? await trx
        .selectFrom('responses')
        .select(['delivery_id', 'party_id', 'submitted_at', 'positions'])
        .where('delivery_id', 'in', deliveryIds)
        .where('submitted_at', '<=', at)
        .orderBy('submitted_at')
        .orderBy('id')
        .execute()
    : [];
  const points = deliveryIds.length
    ? await trx
        .selectFrom('points')
        .select(['version_id', 'ordinal'])
        .where('version_id', 'in', [...new Set(demands.map((d) => d.version_id))])
        .where('demands_answer', '=', 1)
        .execute()
    : [];

  const index = await loadItemIndex(trx, dossier.id);
  const meetings = (await listMeetings({ trx, viewer, input: { dossier: dossier.key }, index })).filter(
    (m) => m.request !== null && (m.request.at === null || m.request.at <= at),
  );
  const statements = (await listStatements({ trx, viewer, input: { dossier: dossier.key }, index })).filter(
    (s) => s.saidAt <= at,
  );
  const atMs = Date.parse(at);

  return {
    dossier: dossier.key,
    at,
    parties: parties.map((party) => {
      const mine = demands.filter((d) => d.party_id === party.id);
      const toAnswer: number[] = [];
      let byDeadline = 0;
      let late = 0;
      let overdue = 0;
      let longestOpen: number | null = null;
      let demanded = 0;
      let answeredPoints = 0;
      for (const d of mine) {
        const own = responses.filter((r) => r.delivery_id === d.id && r.party_id === party.id);
        const ordinals = points.filter((p) => p.version_id === d.version_id).map((p) => p.ordinal);
        demanded += ordinals.length;
        const first = own[0];
        const latest = own.at(-1);
        if (latest) answeredPoints += ordinals.filter((o) => positionAt(latest.positions, o) !== null).length;
        if (first) {
          toAnswer.push(Date.parse(first.submitted_at) - Date.parse(d.delivered_at));
          if (d.due_at === null || first.submitted_at <= d.due_at) byDeadline++;
          else late++;
        } else {
          if (d.due_at !== null && d.due_at < at) overdue++;
          const open = atMs - Date.parse(d.delivered_at);
          longestOpen = Math.max(longestOpen ?? 0, open);
        }
      }
      const made = meetings.filter((m) => m.request!.by === party.key);
      const outcome = (m: (typeof meetings)[number]) => {
        const replies = m.request!.replies.filter((r) => r.at === null || r.at <= at);
        if (replies.some((r) => r.reply === 'accepted')) return 'accepted';
        if (replies.length > 0 && replies.length === m.request!.of.length) return 'declined';
        return 'awaiting';
      };
      const asked = meetings.filter((m) => m.request!.of.includes(party.key));
      const replyOf = (m: (typeof meetings)[number]) =>
        m.request!.replies.find((r) => r.party === party.key && (r.at === null || r.at <= at));
      const toAccept = asked.flatMap((m) => {
        const r = replyOf(m);
        return r?.reply === 'accepted' && r.at !== null && m.request!.at !== null
          ? [Date.parse(r.at) - Date.parse(m.request!.at)]
          : [];
      });
      return {
        party: party.key,
        name: party.name,
        writtenDemands: {
          received: mine.length,
          answered: toAnswer.length,
          answeredByDeadline: byDeadline,
          answeredLate: late,
          overdue,
          timeToAnswer: durations(toAnswer),
          longestOpenMs: longestOpen,
        },
        points: { demanded, answered: answeredPoints },
        meetingRequests: {
          made: made.length,
          accepted: made.filter((m) => outcome(m) === 'accepted').length,
          declined: made.filter((m) => outcome(m) === 'declined').length,
          awaiting: made.filter((m) => outcome(m) === 'awaiting').length,
        },
        requestsReceived: {
          received: asked.length,
          accepted: asked.filter((m) => replyOf(m)?.reply === 'accepted').length,
          declined: asked.filter((m) => replyOf(m)?.reply === 'declined').length,
          awaiting: asked.filter((m) => replyOf(m) === undefined).length,
          timeToAccept: durations(toAccept),
        },
        statements: statements.filter((s) => s.speaker.party === party.key).length,
      };
    }),
  };
}

/** The median (the mean of the middle two for an even count) and the worst. */
export function durations(values: readonly number[]): Durations {
  if (values.length === 0) return { count: 0, medianMs: null, worstMs: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { count: sorted.length, medianMs: median, worstMs: sorted.at(-1)! };
}
