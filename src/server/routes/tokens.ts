import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createApiToken, CreateApiTokenInput } from '../../auth/create-api-token.ts';
import { listApiTokens } from '../../auth/list-api-tokens.ts';
import { authorize } from '../../auth/policies.ts';
import { revokeApiToken } from '../../auth/revoke-api-token.ts';
import { inTransaction } from '../../domain/in-transaction.ts';
import { requireDossier } from '../../domain/lookup.ts';
import { ApiToken, NewApiToken } from '../../shared/api.ts';
import { requireMembership, requireUser, viewerFor, whoFor, type RouteDeps } from '../route-context.ts';
import { DossierParams, NO_CONTENT, NoQuery, PROBLEMS } from './params.ts';

/** Personal API tokens: shown once, stored hashed, scoped to one membership, revocable. */
export const tokenRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'your API tokens (never their secrets)',
        querystring: NoQuery,
        response: { 200: z.object({ tokens: z.array(ApiToken) }), ...PROBLEMS },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return { tokens: await inTransaction(db, (trx) => listApiTokens({ trx, userId: user.userId })) };
    },
  );

  app.post(
    '/dossiers/:dossier/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'a new API token acting for your party in this dossier; the token is shown once',
        params: DossierParams,
        body: CreateApiTokenInput,
        response: { 201: NewApiToken, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { dossier } = request.params;
      const token = await inTransaction(db, async (trx) => {
        await requireDossier(trx, dossier, viewerFor(request));
        authorize(whoFor(request, dossier), 'token.create', {});
        const membership = requireMembership(request, dossier);
        return createApiToken({ trx, userId: requireUser(request).userId, membership, input: request.body });
      });
      return reply.code(201).send(token);
    },
  );

  app.delete(
    '/tokens/:token',
    {
      schema: {
        tags: ['tokens'],
        summary: 'revoke one of your tokens, at once',
        params: z.strictObject({ token: z.uuid() }),
        response: { ...NO_CONTENT, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await inTransaction(db, (trx) =>
        revokeApiToken({ trx, userId: user.userId, tokenId: request.params.token }),
      );
      return reply.code(204).send(null);
    },
  );
};
