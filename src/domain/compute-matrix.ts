import { z } from 'zod';
import { Instant, Key } from '../shared/dossier-file.ts';
import type { AddresseeStatus, Position } from '../shared/vocabulary.ts';
import { addresseeStatus } from './addressee-status.ts';
import { anyInstant, now } from './clock.ts';
import { requireDossier, type Db } from './lookup.ts';
import { positionAt } from './position-codes.ts';
import { provenOnRecord } from '../ledger/proven-at.ts';
import { parseInput } from './parse-input.ts';
import { addresseeVisible, deliveryVisible, type Viewer } from './visibility.ts';

export const ComputeMatrixInput = z.strictObject({
  dossier: Key,
  at: Instant.optional(),
  /** Also give each delivery's point labels, for people (a table, a page). */
  labels: z.boolean().optional(),
  /** Only this delivery (a download of one delivery's matrix). */
  delivery: Key.optional(),
});
export type ComputeMatrixInput = z.input<typeof ComputeMatrixInput>;

export interface MatrixAddressee {
  party: string;
  status: AddresseeStatus;
  answered: number;
  total: number;
  /** R: the latest response submitted at or before `at`. */
  response: string | null;
  submittedAt: string | null;
  /** Each point that demands an answer → its position in R, or null. */
  answers: Record<string, Position | null>;
  /**
   * When R was proven on record: the first signed ledger checkpoint that includes its entry
   * (null until one is signed, or if that was after `at`).
   */
  provenAt: string | null;
}

export interface MatrixDelivery {
  delivery: string;
  document: string;
  version: number;
  from: string;
  deliveredAt: string;
  dueAt: string | null;
  /** Points that demand an answer, in document order. */
  points: string[];
  addressees: MatrixAddressee[];
  /** Point key → label; only when asked for. */
  labels?: Record<string, string>;
}

export interface Matrix {
  dossier: string;
  at: string;
  deliveries: MatrixDelivery[];
}

/**
 * Who answered which point of every delivery, and who is late, as of any moment (DESIGN.md rules
 * 3 and 4). Only deliveries made at or before `at` appear; responses submitted after `at` do not count.
 * With a `viewer`, only the deliveries it may see, and in each only the addressees whose answers it
 * may see: all of them for the delivering party, its own column for an addressee.
 */
export async function computeMatrix({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: ComputeMatrixInput;
}): Promise<Matrix> {
  const data = parseInput(ComputeMatrixInput, input);
  const at = data.at === undefined ? now() : anyInstant('at', data.at);
  const dossier = await requireDossier(trx, data.dossier, viewer);

  const deliveries = await trx
    .selectFrom('deliveries')
    .innerJoin('versions', 'versions.id', 'deliveries.version_id')
    .innerJoin('documents', 'documents.id', 'versions.document_id')
    .innerJoin('parties', 'parties.id', 'documents.author_party_id')
    .select([
      'deliveries.id',
      'deliveries.key',
      'deliveries.version_id',
      'deliveries.delivered_at',
      'deliveries.due_at',
      'versions.number',
      'documents.key as document_key',
      'parties.key as from_key',
      'documents.author_party_id',
    ])
    .where('deliveries.dossier_id', '=', dossier.id)
    .where(deliveryVisible(viewer, 'deliveries.id', 'documents.author_party_id'))
    .where('deliveries.delivered_at', '<=', at)
    .$if(data.delivery !== undefined, (q) => q.where('deliveries.key', '=', data.delivery!))
    .orderBy('deliveries.delivered_at')
    .orderBy('deliveries.key')
    .execute();
  if (deliveries.length === 0) return { dossier: dossier.key, at, deliveries: [] };

  const deliveryIds = deliveries.map((d) => d.id);
  const versionIds = [...new Set(deliveries.map((d) => d.version_id))];

  const pointRows = await trx
    .selectFrom('points')
    .select(['version_id', 'key', 'label', 'ordinal'])
    .where('version_id', 'in', versionIds)
    .where('demands_answer', '=', 1)
    .orderBy('version_id')
    .orderBy('ordinal')
    .execute();
  const pointsByVersion = groupBy(
    pointRows,
    (p) => p.version_id,
    (p) => p,
  );
  const labelsByVersion = data.labels
    ? groupBy(
        pointRows,
        (p) => p.version_id,
        (p) => [p.key, p.label] as const,
      )
    : null;

  const addressees = await trx
    .selectFrom('delivery_addressees')
    .innerJoin('parties', 'parties.id', 'delivery_addressees.party_id')
    .innerJoin('deliveries', 'deliveries.id', 'delivery_addressees.delivery_id')
    .innerJoin('versions', 'versions.id', 'deliveries.version_id')
    .innerJoin('documents', 'documents.id', 'versions.document_id')
    .select(['delivery_addressees.delivery_id', 'delivery_addressees.party_id', 'parties.key'])
    .where('delivery_addressees.delivery_id', 'in', deliveryIds)
    .where(addresseeVisible(viewer, 'delivery_addressees.party_id', 'documents.author_party_id'))
    .orderBy('delivery_addressees.delivery_id')
    .orderBy('delivery_addressees.ordinal')
    .execute();
  const addresseesByDelivery = groupBy(
    addressees,
    (a) => a.delivery_id,
    (a) => a,
  );

  // R for every (delivery, addressee): the newest submission at or before `at`, ties broken by id.
  const latest = await trx
    .selectFrom('responses as r')
    .select(['r.id', 'r.delivery_id', 'r.party_id', 'r.key', 'r.submitted_at', 'r.positions'])
    .where('r.delivery_id', 'in', deliveryIds)
    .$if(viewer !== undefined, (q) =>
      q
        .innerJoin('deliveries as vd', 'vd.id', 'r.delivery_id')
        .innerJoin('versions as vv', 'vv.id', 'vd.version_id')
        .innerJoin('documents as vdoc', 'vdoc.id', 'vv.document_id')
        .where(addresseeVisible(viewer, 'r.party_id', 'vdoc.author_party_id')),
    )
    .where((eb) =>
      eb(
        'r.id',
        '=',
        eb
          .selectFrom('responses as n')
          .select('n.id')
          .whereRef('n.delivery_id', '=', 'r.delivery_id')
          .whereRef('n.party_id', '=', 'r.party_id')
          .where('n.submitted_at', '<=', at)
          .orderBy('n.submitted_at', 'desc')
          .orderBy('n.id', 'desc')
          .limit(1),
      ),
    )
    .execute();
  const responseOf = new Map(latest.map((r) => [`${r.delivery_id} ${r.party_id}`, r]));
  const provenAt = await provenOnRecord(
    trx,
    'responses',
    latest.map((r) => r.id),
    at,
  );

  return {
    dossier: dossier.key,
    at,
    deliveries: deliveries.map((d) => {
      const points = pointsByVersion.get(d.version_id) ?? [];
      const keys = points.map((p) => p.key);
      return {
        delivery: d.key,
        document: d.document_key,
        version: d.number,
        from: d.from_key,
        deliveredAt: d.delivered_at,
        dueAt: d.due_at,
        points: keys,
        addressees: (addresseesByDelivery.get(d.id) ?? []).map((a) => {
          const r = responseOf.get(`${d.id} ${a.party_id}`);
          const answers: Record<string, Position | null> = {};
          let answered = 0;
          for (const p of points) {
            const position = r ? positionAt(r.positions, p.ordinal) : null;
            if (position !== null) answered++;
            answers[p.key] = position;
          }
          const submittedAt = r?.submitted_at ?? null;
          return {
            party: a.key,
            status: addresseeStatus({ at, dueAt: d.due_at, submittedAt, answered, total: points.length }),
            answered,
            total: points.length,
            response: r?.key ?? null,
            submittedAt,
            answers,
            provenAt: r ? (provenAt.get(r.id) ?? null) : null,
          };
        }),
        ...(labelsByVersion && { labels: Object.fromEntries(labelsByVersion.get(d.version_id) ?? []) }),
      };
    }),
  };
}

function groupBy<T, V>(rows: readonly T[], key: (row: T) => string, value: (row: T) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const row of rows) {
    const k = key(row);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(value(row));
  }
  return out;
}
