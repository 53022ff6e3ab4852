import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, ERROR_CODES, type ErrorCode } from '../../shared/app-error.ts';
import { problemType, statusOf } from '../problem.ts';
import type { RouteDeps } from '../route-context.ts';
import { deliveryRoutes } from './deliveries.ts';
import { documentRoutes } from './documents.ts';
import { eventRoutes } from './events.ts';
import { dossierRoutes } from './dossiers.ts';
import { meetingRoutes } from './meetings.ts';
import { ledgerRoutes } from './ledger.ts';
import { matrixExportRoutes } from './matrix-export.ts';
import { responseRoutes } from './responses.ts';
import { sessionRoutes } from './session.ts';
import { storyRoutes } from './story.ts';
import { tokenRoutes } from './tokens.ts';

/** `/api`: version 1 of the API, and the pages that problem types point at. */
export const apiRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, limits, signer, live }) => {
  // Not the options object itself: it carries this plugin's prefix, which must not apply twice.
  const deps = { db, limits, signer, live };
  app.get(
    '/problems/:code',
    {
      schema: {
        hide: true,
        params: z.strictObject({ code: z.string().max(100) }),
      },
    },
    async (request) => {
      const code = request.params.code as ErrorCode;
      if (!Object.hasOwn(ERROR_CODES, code))
        throw new AppError('route.not_found', `no problem type "${request.params.code}"`);
      return { type: problemType(code), code, status: statusOf(code), description: ERROR_CODES[code] };
    },
  );

  await app.register(
    async (v1) => {
      await v1.register(sessionRoutes, deps);
      await v1.register(tokenRoutes, deps);
      await v1.register(dossierRoutes, deps);
      await v1.register(matrixExportRoutes, deps);
      await v1.register(eventRoutes, deps);
      await v1.register(documentRoutes, deps);
      await v1.register(deliveryRoutes, deps);
      await v1.register(responseRoutes, deps);
      await v1.register(ledgerRoutes, deps);
      await v1.register(meetingRoutes, deps);
      await v1.register(storyRoutes, deps);
    },
    { prefix: '/v1' },
  );
};
