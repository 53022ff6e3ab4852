import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, can } from '../../auth/policies.ts';
import { memberActor } from '../../auth/principal.ts';
import { isWriteConflict } from '../../db/unique-violation.ts';
import { deliverVersion, DeliverVersionInput } from '../../domain/deliver-version.ts';
import { getDelivery } from '../../domain/get-delivery.ts';
import { getDocument } from '../../domain/get-document.ts';
import { getDraft } from '../../domain/get-draft.ts';
import { inTransaction } from '../../domain/in-transaction.ts';
import { listDeliveries } from '../../domain/list-deliveries.ts';
import { requireVisibleDelivery } from '../../domain/lookup.ts';
import { DraftConflict, saveDraftAnswer } from '../../domain/save-draft-answer.ts';
import { submitResponse } from '../../domain/submit-response.ts';
import {
  Delivery,
  Draft,
  SaveDraftAnswerBody,
  SavedDraftAnswer,
  Submission,
  SubmitResponseBody,
} from '../../shared/api.ts';
import { AppError } from '../../shared/app-error.ts';
import { once } from '../idempotency.ts';
import { presentDelivery } from '../presenters.ts';
import { requireMembership, viewerFor, whoFor, type RouteDeps } from '../route-context.ts';
import { DeliveryParams, DossierParams, DraftPointParams, NoQuery, PROBLEMS } from './params.ts';

const { dossier: _d, ...deliveryFields } = DeliverVersionInput.shape;

/** A draft answer's revision as an entity tag: `"3"`. */
const IfMatch = z
  .string()
  .regex(/^(W\/)?"(0|[1-9][0-9]{0,9})"$/, { message: 'must be the ETag of the draft answer, such as "3"' })
  .transform((v) => Number(v.replace(/^(W\/)?"|"$/g, '')));

/** A save that lost to a colleague's: 409, with what is there now, so the client can offer a merge. */
class DraftConflictProblem extends AppError {
  readonly problemExtra: { current: unknown };
  constructor(
    revision: number,
    current: { position: string | null; text: string | null; proposed_text: string | null } | null,
  ) {
    super('draft.conflict', `the draft answer is at revision ${revision}; read it and save again`);
    this.problemExtra = {
      current: {
        revision,
        etag: `"${revision}"`,
        answer:
          current && current.position !== null
            ? { position: current.position, text: current.text, proposedText: current.proposed_text }
            : null,
      },
    };
  }
}

/** Deliveries, the party's draft response to one, and its submission. */
export const deliveryRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get(
    '/dossiers/:dossier/deliveries',
    {
      schema: {
        tags: ['deliveries'],
        summary: 'the deliveries your party made or received',
        params: DossierParams,
        querystring: NoQuery,
        response: { 200: z.object({ deliveries: z.array(Delivery) }), ...PROBLEMS },
      },
    },
    async (request) => {
      const { dossier } = request.params;
      const deliveries = await inTransaction(db, (trx) =>
        listDeliveries({ trx, viewer: viewerFor(request), input: { dossier } }),
      );
      const who = whoFor(request, dossier);
      return { deliveries: deliveries.map((d) => presentDelivery(d, who)) };
    },
  );

  app.post(
    '/dossiers/:dossier/deliveries',
    {
      schema: {
        tags: ['deliveries'],
        summary:
          "deliver a version to addressee parties, with or without a demand for written answers (the author's lead)",
        params: DossierParams,
        body: z.strictObject(deliveryFields),
        response: { 201: Delivery, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { dossier } = request.params;
      const body = await inTransaction(db, async (trx) => {
        const viewer = viewerFor(request);
        const document = await getDocument({
          trx,
          viewer,
          input: { dossier, document: request.body.document },
        });
        const who = whoFor(request, dossier);
        authorize(who, 'version.deliver', { author: document.author });
        const member = requireMembership(request, dossier);
        const delivery = await deliverVersion({
          trx,
          actor: memberActor(request.principal, member),
          input: { dossier, ...request.body },
        });
        return presentDelivery(
          await getDelivery({ trx, viewer, input: { dossier, delivery: delivery.key } }),
          who,
        );
      });
      return reply.code(201).send(body);
    },
  );

  app.get(
    '/dossiers/:dossier/deliveries/:delivery',
    {
      schema: {
        tags: ['deliveries'],
        summary: 'one delivery your party made or received',
        params: DeliveryParams,
        querystring: NoQuery,
        response: { 200: Delivery, ...PROBLEMS },
      },
    },
    async (request) => {
      const delivery = await inTransaction(db, (trx) =>
        getDelivery({ trx, viewer: viewerFor(request), input: request.params }),
      );
      return presentDelivery(delivery, whoFor(request, request.params.dossier));
    },
  );

  app.get(
    '/dossiers/:dossier/deliveries/:delivery/draft',
    {
      schema: {
        tags: ['drafts'],
        summary:
          "your party's draft response: every point, its answer so far, what carried over, and each point's revision",
        params: DeliveryParams,
        querystring: NoQuery,
        response: { 200: Draft, ...PROBLEMS },
      },
    },
    async (request) => {
      const { dossier, delivery } = request.params;
      return inTransaction(db, async (trx) => {
        await getDelivery({ trx, viewer: viewerFor(request), input: { dossier, delivery } });
        const who = whoFor(request, dossier);
        authorize(who, 'draft.read', { party: who.member?.party ?? '' });
        const member = requireMembership(request, dossier);
        const draft = await getDraft({
          trx,
          actor: memberActor(request.principal, member),
          input: { dossier, delivery, party: member.party },
        });
        return {
          ...draft,
          abilities: {
            'draft.save': can(who, 'draft.save', { party: member.party }),
            'response.submit': can(who, 'response.submit', { party: member.party }),
          },
        };
      });
    },
  );

  app.put(
    '/dossiers/:dossier/deliveries/:delivery/draft/:point',
    {
      schema: {
        tags: ['drafts'],
        summary:
          "save your party's draft answer to one point (drafters and leads). Send If-Match with the revision you read; if a colleague saved since, 409 with what is there now",
        params: DraftPointParams,
        headers: z.object({ 'if-match': IfMatch.optional() }),
        body: SaveDraftAnswerBody,
        response: { 200: SavedDraftAnswer, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { dossier, delivery, point } = request.params;
      const expectedRevision = request.headers['if-match'];
      let party = '';
      try {
        const saved = await inTransaction(db, async (trx) => {
          await requireVisibleDelivery(trx, dossier, delivery, viewerFor(request));
          const who = whoFor(request, dossier);
          authorize(who, 'draft.save', { party: who.member?.party ?? '' });
          const member = requireMembership(request, dossier);
          party = member.party;
          return saveDraftAnswer({
            trx,
            actor: memberActor(request.principal, member),
            input: { dossier, delivery, party, point, ...request.body, expectedRevision },
          });
        });
        reply.header('etag', `"${saved.revision}"`);
        return saved;
      } catch (error) {
        if (error instanceof DraftConflict) throw new DraftConflictProblem(error.revision, error.current);
        // Two saves that read the same revision at once: the database let one win (a unique key).
        if (isWriteConflict(error) && party !== '') {
          const current = await currentDraftAnswer(dossier, delivery, party, point);
          throw new DraftConflictProblem(current.revision, current.row);
        }
        throw error;
      }
    },
  );

  app.post(
    '/dossiers/:dossier/deliveries/:delivery/responses',
    {
      schema: {
        tags: ['responses'],
        summary:
          "submit your party's written response (the lead): the answers given, or the current draft. Partial only with partial: true. Send an Idempotency-Key to make retries safe",
        params: DeliveryParams,
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        body: SubmitResponseBody,
        response: { 201: Submission, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { dossier, delivery } = request.params;
      const result = await once(db, request, reply, 201, async (trx) => {
        await requireVisibleDelivery(trx, dossier, delivery, viewerFor(request));
        const who = whoFor(request, dossier);
        authorize(who, 'response.submit', { party: who.member?.party ?? '' });
        const member = requireMembership(request, dossier);
        return submitResponse({
          trx,
          actor: memberActor(request.principal, member),
          input: { dossier, delivery, party: member.party, ...request.body },
        });
      });
      if (reply.statusCode === 200) reply.code(201);
      return reply.send(result as z.output<typeof Submission>);
    },
  );

  async function currentDraftAnswer(dossier: string, delivery: string, party: string, point: string) {
    const row = await db
      .selectFrom('draft_answers')
      .innerJoin('deliveries', 'deliveries.id', 'draft_answers.delivery_id')
      .innerJoin('dossiers', 'dossiers.id', 'deliveries.dossier_id')
      .innerJoin('parties', 'parties.id', 'draft_answers.party_id')
      .select([
        'draft_answers.revision',
        'draft_answers.position',
        'draft_answers.text',
        'draft_answers.proposed_text',
      ])
      .where('dossiers.key', '=', dossier)
      .where('deliveries.key', '=', delivery)
      .where('parties.key', '=', party)
      .where('draft_answers.point_key', '=', point)
      .orderBy('draft_answers.revision', 'desc')
      .limit(1)
      .executeTakeFirst();
    return { revision: row?.revision ?? 0, row: row ?? null };
  }
};
