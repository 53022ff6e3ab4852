import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../auth/policies.ts';
import { memberActor } from '../../auth/principal.ts';
import { getResponse } from '../../domain/get-response.ts';
import { getResponseProof } from '../../domain/get-response-proof.ts';
import { inTransaction } from '../../domain/in-transaction.ts';
import { listResponses } from '../../domain/list-responses.ts';
import { publishResponse } from '../../domain/publish-response.ts';
import { Publication, Response, ResponseProof, ResponseSummary } from '../../shared/api.ts';
import { Instant, Key } from '../../shared/dossier-file.ts';
import { presentResponse } from '../presenters.ts';
import { requireMembership, viewerFor, whoFor, type RouteDeps } from '../route-context.ts';
import { DossierParams, NoQuery, PROBLEMS, ResponseParams } from './params.ts';

/** Submitted responses: read them (yours, those to your deliveries, published ones), prove them, and publish yours. */
export const responseRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get(
    '/dossiers/:dossier/responses',
    {
      schema: {
        tags: ['responses'],
        summary: 'submitted responses you may see, in order of submission, with what supersedes what',
        params: DossierParams,
        querystring: z.strictObject({ delivery: Key.optional() }),
        response: { 200: z.object({ responses: z.array(ResponseSummary) }), ...PROBLEMS },
      },
    },
    async (request) => {
      const { dossier } = request.params;
      const responses = await inTransaction(db, (trx) =>
        listResponses({
          trx,
          viewer: viewerFor(request),
          input: { dossier, delivery: request.query.delivery },
        }),
      );
      const who = whoFor(request, dossier);
      return { responses: responses.map((r) => presentResponse(r, who)) };
    },
  );

  app.get(
    '/dossiers/:dossier/responses/:response',
    {
      schema: {
        tags: ['responses'],
        summary: 'one submitted response with its answers',
        params: ResponseParams,
        querystring: z.strictObject({}),
        response: { 200: Response, ...PROBLEMS },
      },
    },
    async (request) => {
      const response = await inTransaction(db, (trx) =>
        getResponse({ trx, viewer: viewerFor(request), input: request.params }),
      );
      return presentResponse(response, whoFor(request, request.params.dossier));
    },
  );

  app.get(
    '/dossiers/:dossier/responses/:response/proof',
    {
      schema: {
        tags: ['responses', 'ledger'],
        summary:
          "the response's proof line for a printed letter: its ledger entry, the first signed checkpoint that includes it, and the inclusion proof",
        params: ResponseParams,
        querystring: NoQuery,
        response: { 200: ResponseProof, ...PROBLEMS },
      },
    },
    async (request) =>
      inTransaction(db, (trx) =>
        getResponseProof({ trx, viewer: viewerFor(request), input: request.params }),
      ),
  );

  app.post(
    '/dossiers/:dossier/responses/:response/publication',
    {
      schema: {
        tags: ['responses'],
        summary: "publish your party's response: everyone may read it from then on; irreversible (the lead)",
        params: ResponseParams,
        body: z.strictObject({ publishedAt: Instant.optional() }),
        response: { 201: Publication, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { dossier, response } = request.params;
      const body = await inTransaction(db, async (trx) => {
        const found = await getResponse({ trx, viewer: viewerFor(request), input: request.params });
        authorize(whoFor(request, dossier), 'response.publish', { party: found.party });
        const member = requireMembership(request, dossier);
        return publishResponse({
          trx,
          actor: memberActor(request.principal, member),
          input: { dossier, response, publishedAt: request.body.publishedAt },
        });
      });
      return reply.code(201).send(body);
    },
  );
};
