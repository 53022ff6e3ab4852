import type { Matrix } from '../domain/compute-matrix.ts';
import { csvText, type Cell } from '../exports/csv.ts';

const COLUMNS = [
  'delivery',
  'document',
  'version',
  'from',
  'deliveredAt',
  'dueAt',
  'party',
  'status',
  'answered',
  'total',
  'submittedAt',
  'provenAt',
  'point',
  'position',
];

/**
 * The matrix as CSV (RFC 4180), one row per delivery, addressee and point: the long form that
 * spreadsheets pivot and analysis tools read without reshaping.
 */
export function formatMatrixCsv(matrix: Matrix): string {
  const rows: Cell[][] = [COLUMNS];
  for (const d of matrix.deliveries) {
    for (const a of d.addressees) {
      for (const point of d.points) {
        rows.push([
          d.delivery,
          d.document,
          d.version,
          d.from,
          d.deliveredAt,
          d.dueAt,
          a.party,
          a.status,
          a.answered,
          a.total,
          a.submittedAt,
          a.provenAt,
          point,
          a.answers[point] ?? null,
        ]);
      }
    }
  }
  return csvText(rows);
}
