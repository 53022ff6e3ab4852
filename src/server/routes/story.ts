import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../auth/policies.ts';
import { memberActor } from '../../auth/principal.ts';
import { computeStats } from '../../domain/compute-stats.ts';
import { computeTimeline, TimelineKind } from '../../domain/compute-timeline.ts';
import { inTransaction } from '../../domain/in-transaction.ts';
import { listLinks } from '../../domain/list-links.ts';
import { listStatements } from '../../domain/list-statements.ts';
import { requireDossier } from '../../domain/lookup.ts';
import { recordLink, RecordLinkInput } from '../../domain/record-link.ts';
import { recordStatement, RecordStatementInput } from '../../domain/record-statement.ts';
import { Link, Stats, Statement, Timeline } from '../../shared/api-story.ts';
import { Instant, Key, type ItemRef } from '../../shared/dossier-file.ts';
import { requireMembership, viewerFor, whoFor, type RouteDeps } from '../route-context.ts';
import { DossierParams, NoQuery, PROBLEMS } from './params.ts';

const { dossier: _d1, ...statementFields } = RecordStatementInput.shape;
const { dossier: _d2, ...linkFields } = RecordLinkInput.shape;

/** A comma-separated list of timeline kinds. */
const Kinds = z
  .string()
  .max(500)
  .transform((s) => s.split(','))
  .pipe(z.array(TimelineKind).min(1));

/** The item a query names: `document` (with `point` for one of its points) or `meeting`. */
function aboutOf(q: { document?: string; point?: string; meeting?: string }): ItemRef | undefined {
  if (q.point !== undefined) return { document: q.document ?? '', point: q.point };
  if (q.document !== undefined) return { document: q.document };
  if (q.meeting !== undefined) return { meeting: q.meeting };
  return undefined;
}

/** The story around the documents: the timeline, per-party statistics, public statements and links. */
export const storyRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get(
    '/dossiers/:dossier/timeline',
    {
      schema: {
        tags: ['timeline'],
        summary:
          'every event you may see, in order, as of `at`: versions, deliveries, deadlines met or missed, responses, publications, meetings, statements',
        params: DossierParams,
        querystring: z.strictObject({
          at: Instant.optional(),
          from: Instant.optional(),
          to: Instant.optional(),
          party: Key.optional(),
          kind: Kinds.optional(),
          document: Key.optional(),
          point: Key.optional(),
        }),
        response: { 200: Timeline, ...PROBLEMS },
      },
    },
    async (request) => {
      const { at, from, to, party, kind, document, point } = request.query;
      return inTransaction(db, (trx) =>
        computeTimeline({
          trx,
          viewer: viewerFor(request),
          input: {
            dossier: request.params.dossier,
            at,
            from,
            to,
            party,
            kinds: kind,
            ...(point !== undefined && { point: document === undefined ? point : { document, point } }),
          },
        }),
      );
    },
  );

  app.get(
    '/dossiers/:dossier/stats',
    {
      schema: {
        tags: ['timeline'],
        summary:
          'per party, from what you may see: time to answer written demands (median, worst), points answered, meetings asked for and accepted',
        params: DossierParams,
        querystring: z.strictObject({ at: Instant.optional(), party: Key.optional() }),
        response: { 200: Stats, ...PROBLEMS },
      },
    },
    async (request) =>
      inTransaction(db, (trx) =>
        computeStats({
          trx,
          viewer: viewerFor(request),
          input: { dossier: request.params.dossier, ...request.query },
        }),
      ),
  );

  app.get(
    '/dossiers/:dossier/statements',
    {
      schema: {
        tags: ['statements'],
        summary:
          'public statements in the order made; with `document` and `point`, those about that point (beside it in the reader)',
        params: DossierParams,
        querystring: z.strictObject({
          document: Key.optional(),
          point: Key.optional(),
          meeting: Key.optional(),
        }),
        response: { 200: z.object({ statements: z.array(Statement) }), ...PROBLEMS },
      },
    },
    async (request) => ({
      statements: await inTransaction(db, (trx) =>
        listStatements({
          trx,
          viewer: viewerFor(request),
          input: { dossier: request.params.dossier, about: aboutOf(request.query) },
        }),
      ),
    }),
  );

  app.post(
    '/dossiers/:dossier/statements',
    {
      schema: {
        tags: ['statements'],
        summary:
          'record a public statement: speaker, moment, medium, outlet, words or summary, what it is about',
        params: DossierParams,
        body: z.strictObject(statementFields),
        response: { 201: Statement, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { dossier } = request.params;
      const body = await inTransaction(db, async (trx) => {
        const viewer = viewerFor(request);
        await requireDossier(trx, dossier, viewer);
        const who = whoFor(request, dossier);
        authorize(who, 'statement.record', { party: who.member?.party ?? '' });
        const member = requireMembership(request, dossier);
        await recordStatement({
          trx,
          actor: memberActor(request.principal, member),
          input: { dossier, ...request.body },
          viewer,
        });
        const statements = await listStatements({ trx, viewer, input: { dossier } });
        return statements.find((s) => s.key === request.body.key)!;
      });
      return reply.code(201).send(body);
    },
  );

  app.get(
    '/dossiers/:dossier/links',
    {
      schema: {
        tags: ['statements'],
        summary: 'links between items ("related materials") whose two ends you may see',
        params: DossierParams,
        querystring: NoQuery,
        response: { 200: z.object({ links: z.array(Link) }), ...PROBLEMS },
      },
    },
    async (request) => ({
      links: await inTransaction(db, (trx) =>
        listLinks({ trx, viewer: viewerFor(request), input: { dossier: request.params.dossier } }),
      ),
    }),
  );

  app.post(
    '/dossiers/:dossier/links',
    {
      schema: {
        tags: ['statements'],
        summary: 'relate two items you may see: responds_to, supersedes, mentions, related',
        params: DossierParams,
        body: z.strictObject(linkFields),
        response: { 201: Link, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { dossier } = request.params;
      const body = await inTransaction(db, async (trx) => {
        const viewer = viewerFor(request);
        await requireDossier(trx, dossier, viewer);
        const who = whoFor(request, dossier);
        authorize(who, 'link.record', { party: who.member?.party ?? '' });
        const member = requireMembership(request, dossier);
        return recordLink({
          trx,
          actor: memberActor(request.principal, member),
          input: { dossier, ...request.body },
          viewer,
        });
      });
      return reply.code(201).send(body);
    },
  );
};
