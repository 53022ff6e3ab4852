import type { Matrix, MatrixDelivery } from '../domain/compute-matrix.ts';
import type { Cell } from './csv.ts';

/** One delivery's matrix as a table for people: what a CSV block and an XLSX worksheet both hold. */
export interface MatrixTable {
  delivery: string;
  rows: Cell[][];
  /** The header rows (bold in a workbook). */
  headerRows: number[];
  /** Rows above the points and columns before the addressees (kept in view in a workbook). */
  frozen: { rows: number; columns: number };
}

const SUMMARY = ['status', 'answered', 'total', 'response', 'submittedAt', 'provenAt'] as const;

/**
 * A delivery's matrix, points by addressees: first the delivery itself (a header row and its
 * values), then the table's header (point, label, one column per addressee), a summary row per
 * addressee fact (its point cell empty, so no point key can be mistaken for one), then one row per
 * point that demands an answer, with each addressee's position as of `at`.
 */
export function matrixTable(d: MatrixDelivery, at: Matrix['at']): MatrixTable {
  const rows: Cell[][] = [
    ['delivery', 'document', 'version', 'from', 'deliveredAt', 'dueAt', 'at'],
    [d.delivery, d.document, d.version, d.from, d.deliveredAt, d.dueAt, at],
    ['point', 'label', ...d.addressees.map((a) => a.party)],
    ...SUMMARY.map((fact) => [null, fact, ...d.addressees.map((a) => a[fact])]),
    ...d.points.map((point) => [
      point,
      d.labels?.[point] ?? null,
      ...d.addressees.map((a) => a.answers[point] ?? null),
    ]),
  ];
  return { delivery: d.delivery, rows, headerRows: [0, 2], frozen: { rows: 3, columns: 2 } };
}
