import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction } from '../../domain/in-transaction.ts';
import { exportMatrix, ExportMatrixInput } from '../../exports/export-matrix.ts';
import { XLSX_CONTENT_TYPE } from '../../exports/xlsx.ts';
import { viewerFor, type RouteDeps } from '../route-context.ts';
import { DossierParams, PROBLEMS } from './params.ts';

const { dossier: _omit, ...exportQuery } = ExportMatrixInput.shape;

/** The matrix as a file people open in a spreadsheet: CSV or XLSX, holding what the caller's matrix shows. */
export const matrixExportRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get(
    '/dossiers/:dossier/matrix/export',
    {
      schema: {
        tags: ['dossiers'],
        summary:
          'the matrix you may see as a download: CSV (one block per delivery) or XLSX (one worksheet per delivery), as of `at`',
        params: DossierParams,
        querystring: z.strictObject(exportQuery),
        response: {
          200: {
            description: 'The file, as an attachment',
            content: {
              'text/csv': { schema: z.string() },
              [XLSX_CONTENT_TYPE]: { schema: z.string().describe('binary') },
            },
          },
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const file = await inTransaction(db, (trx) =>
        exportMatrix({
          trx,
          viewer: viewerFor(request),
          input: { dossier: request.params.dossier, ...request.query },
        }),
      );
      return (
        reply
          .type(file.contentType)
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .header('cache-control', 'private, no-store')
          // Bytes go out as they are; the schema can only call them a (binary) string.
          .send(file.body as unknown as string)
      );
    },
  );
};
