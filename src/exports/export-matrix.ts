import { z } from 'zod';
import { computeMatrix } from '../domain/compute-matrix.ts';
import { getDelivery } from '../domain/get-delivery.ts';
import type { Db } from '../domain/lookup.ts';
import { parseInput } from '../domain/parse-input.ts';
import type { Viewer } from '../domain/visibility.ts';
import { Instant, Key } from '../shared/dossier-file.ts';
import { csvText } from './csv.ts';
import { matrixTable } from './matrix-table.ts';
import { writeXlsx, XLSX_CONTENT_TYPE } from './xlsx.ts';

export const MatrixExportFormat = z.enum(['csv', 'xlsx']);

export const ExportMatrixInput = z.strictObject({
  dossier: Key,
  format: MatrixExportFormat,
  at: Instant.optional(),
  /** Only this delivery; else every delivery the viewer may see. */
  delivery: Key.optional(),
});

export interface MatrixExport {
  filename: string;
  contentType: string;
  body: Buffer;
}

/**
 * The matrix as a file to download: CSV (RFC 4180, one block per delivery, a blank line between)
 * or XLSX (one worksheet per delivery). It holds exactly what the viewer's matrix shows, as of `at`.
 */
export async function exportMatrix({
  trx,
  viewer,
  input,
}: {
  trx: Db;
  viewer?: Viewer;
  input: z.input<typeof ExportMatrixInput>;
}): Promise<MatrixExport> {
  const data = parseInput(ExportMatrixInput, input);
  // A delivery the viewer may not see is missing, word for word as on its own route.
  if (data.delivery !== undefined) {
    await getDelivery({ trx, viewer, input: { dossier: data.dossier, delivery: data.delivery } });
  }
  const matrix = await computeMatrix({
    trx,
    viewer,
    input: { dossier: data.dossier, at: data.at, delivery: data.delivery, labels: true },
  });
  const tables = matrix.deliveries.map((d) => matrixTable(d, matrix.at));
  const filename = `${[matrix.dossier, 'matrix', data.delivery, matrix.at.slice(0, 10)]
    .filter((part) => part !== undefined)
    .join('-')
    .replace(/:/g, '_')}.${data.format}`;
  if (data.format === 'csv') {
    return {
      filename,
      contentType: 'text/csv; charset=utf-8; header=present',
      body: Buffer.from(tables.map((t) => csvText(t.rows)).join('\r\n'), 'utf8'),
    };
  }
  const sheets = tables.map((t) => ({
    name: t.delivery,
    rows: t.rows,
    boldRows: t.headerRows,
    frozen: t.frozen,
    widths: [24, 40],
  }));
  return {
    filename,
    contentType: XLSX_CONTENT_TYPE,
    // A workbook needs a sheet, even when no delivery is on record yet.
    body: writeXlsx(sheets.length > 0 ? sheets : [{ name: 'matrix', rows: [] }]),
  };
}
