import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction } from '../../domain/in-transaction.ts';
import { requireDossier } from '../../domain/lookup.ts';
import { viewerFor, type RouteDeps } from '../route-context.ts';
import { DossierParams, NoQuery, PROBLEMS } from './params.ts';

/**
 * Live updates of a dossier as server-sent events, for whoever may see it: `changed` (data
 * LiveChanged, `id:` the size) when something you may see was recorded, `deadline` (data
 * LiveDeadline) when a due time of a delivery you may see passes. Refetch what you show on
 * `changed`, and when the stream (re)opens.
 */
export const eventRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, live }) => {
  app.get(
    '/dossiers/:dossier/events',
    {
      schema: {
        tags: ['dossiers'],
        summary:
          'live updates (text/event-stream): `changed` when something you may see was recorded, `deadline` when a due time passes; a reconnecting browser sends Last-Event-ID and hears of what it missed',
        params: DossierParams,
        querystring: NoQuery,
        response: {
          200: {
            description:
              'Server-sent events: `event: changed` with data {"size": N} and `id: N`; `event: deadline` with data {"delivery": KEY, "dueAt": ISO}; comment lines as heartbeats.',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const viewer = viewerFor(request);
      // Hidden or missing: the same 404 as every other route of the dossier.
      const { dossierId, head } = await inTransaction(db, async (trx) => {
        const dossier = await requireDossier(trx, request.params.dossier, viewer);
        const row = await trx
          .selectFrom('ledger_heads')
          .select('size')
          .where('dossier_id', '=', dossier.id)
          .executeTakeFirst();
        return { dossierId: dossier.id, head: Number(row?.size ?? 0) };
      });
      // HEAD learns that the stream is there, and no more.
      if (request.method === 'HEAD') return reply.type('text/event-stream; charset=utf-8').send('');
      // Only this server writes such ids; anything else is ignored rather than refused, so a
      // browser's automatic reconnection never fails on it.
      const sent = request.headers['last-event-id'];
      const lastEventId = typeof sent === 'string' && /^\d{1,15}$/.test(sent) ? Number(sent) : null;
      reply.hijack();
      live.open({ viewer, dossierId, head, lastEventId, res: reply.raw });
    },
  );
};
