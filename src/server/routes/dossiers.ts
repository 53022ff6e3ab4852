import {
  serializerCompiler as checkedSerializer,
  type FastifyPluginAsyncZod,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, can } from '../../auth/policies.ts';
import { adminActor, memberActor, membershipIn } from '../../auth/principal.ts';
import { computeMatrix } from '../../domain/compute-matrix.ts';
import { createDossier, CreateDossierInput } from '../../domain/create-dossier.ts';
import { createParty, CreatePartyInput } from '../../domain/create-party.ts';
import { createPerson, CreatePersonInput } from '../../domain/create-person.ts';
import { getDossier } from '../../domain/get-dossier.ts';
import { inTransaction } from '../../domain/in-transaction.ts';
import { listDossiers } from '../../domain/list-dossiers.ts';
import { requireDossier } from '../../domain/lookup.ts';
import { checkReferences } from '../../dossier-file/check-references.ts';
import { exportDossier } from '../../dossier-file/export-dossier.ts';
import { importDossier } from '../../dossier-file/import-dossier.ts';
import { Dossier, DossierSummary, Matrix } from '../../shared/api.ts';
import { AppError } from '../../shared/app-error.ts';
import { DossierFile, Instant } from '../../shared/dossier-file.ts';
import { viewerFor, whoFor, type RouteDeps } from '../route-context.ts';
import { DossierParams, NoQuery, PROBLEMS } from './params.ts';

const { dossier: _omit, ...partyFields } = CreatePartyInput.shape;
const { dossier: _omit2, ...personFields } = CreatePersonInput.shape;

/** Dossiers, their parties and people, the matrix, and the dossier file in and out. */
export const dossierRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, limits }) => {
  /** A dossier as the caller may see it, with its abilities there. */
  async function presentDossier(
    trx: Parameters<typeof getDossier>[0]['trx'],
    request: Parameters<typeof viewerFor>[0],
    key: string,
  ) {
    const d = await getDossier({ trx, viewer: viewerFor(request), input: { dossier: key } });
    const who = whoFor(request, d.key);
    const m = membershipIn(request.principal, d.id);
    return {
      key: d.key,
      title: d.title,
      timeZone: d.timeZone,
      createdAt: d.createdAt,
      parties: d.parties.map((p) => ({ key: p.key, name: p.name })),
      people: d.people,
      membership: m && { dossier: m.dossier, party: m.party, role: m.role },
      abilities: {
        'party.create': can(who, 'party.create', {}),
        'person.create': can(who, 'person.create', { party: who.member?.party ?? null }),
        'document.create': who.member !== null && can(who, 'document.create', { author: who.member.party }),
        'token.create': can(who, 'token.create', {}),
      },
    };
  }

  app.get(
    '/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'the dossiers you may see, with counts of what you may see in each',
        querystring: NoQuery,
        response: { 200: z.object({ dossiers: z.array(DossierSummary) }), ...PROBLEMS },
      },
    },
    async (request) => ({
      dossiers: await inTransaction(db, (trx) => listDossiers({ trx, viewer: viewerFor(request) })),
    }),
  );

  app.post(
    '/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'open a dossier (server admins)',
        body: CreateDossierInput,
        response: { 201: Dossier, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      authorize(whoFor(request, null), 'dossier.create', {});
      const body = await inTransaction(db, async (trx) => {
        await createDossier({ trx, actor: adminActor(request.principal), input: request.body });
        return presentDossier(trx, request, request.body.key);
      });
      return reply.code(201).send(body);
    },
  );

  app.post(
    '/dossiers/import',
    {
      bodyLimit: limits.importBytes,
      schema: {
        tags: ['dossiers'],
        summary: 'record a whole pointwise-dossier/1 file, all or nothing (server admins)',
        body: DossierFile,
        response: {
          201: z.object({ dossier: z.string(), counts: z.record(z.string(), z.int()) }),
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      authorize(whoFor(request, null), 'dossier.import', {});
      const problems = checkReferences(request.body);
      if (problems.length > 0) {
        throw new AppError(
          'input.invalid',
          `the body is not a valid dossier file (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was written`,
          problems.map((p) => ({ path: `body.${p.path}`, message: p.message })),
        );
      }
      const result = await inTransaction(db, (trx) =>
        importDossier({ trx, actor: adminActor(request.principal), file: request.body }),
      );
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/dossiers/:dossier',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'a dossier, its parties and people, your membership and abilities',
        params: DossierParams,
        querystring: NoQuery,
        response: { 200: Dossier, ...PROBLEMS },
      },
    },
    async (request) => inTransaction(db, (trx) => presentDossier(trx, request, request.params.dossier)),
  );

  app.post(
    '/dossiers/:dossier/parties',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'add a party (server admins)',
        params: DossierParams,
        body: z.strictObject(partyFields),
        response: { 201: Dossier, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { dossier } = request.params;
      const body = await inTransaction(db, async (trx) => {
        await requireDossier(trx, dossier, viewerFor(request));
        authorize(whoFor(request, dossier), 'party.create', {});
        await createParty({ trx, actor: adminActor(request.principal), input: { dossier, ...request.body } });
        return presentDossier(trx, request, dossier);
      });
      return reply.code(201).send(body);
    },
  );

  app.post(
    '/dossiers/:dossier/people',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'add a person who speaks or attends (server admins, or the lead of their party)',
        params: DossierParams,
        body: z.strictObject(personFields),
        response: { 201: Dossier, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { dossier } = request.params;
      const body = await inTransaction(db, async (trx) => {
        const row = await requireDossier(trx, dossier, viewerFor(request));
        const who = whoFor(request, dossier);
        authorize(who, 'person.create', { party: request.body.party ?? null });
        const member = membershipIn(request.principal, row.id);
        const actor =
          who.admin || !member ? adminActor(request.principal) : memberActor(request.principal, member);
        await createPerson({ trx, actor, input: { dossier, ...request.body } });
        return presentDossier(trx, request, dossier);
      });
      return reply.code(201).send(body);
    },
  );

  app.get(
    '/dossiers/:dossier/matrix',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'who answered which point of each delivery you may see, and who is late, as of `at`',
        params: DossierParams,
        querystring: z.strictObject({
          at: Instant.optional(),
          labels: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: Matrix, ...PROBLEMS },
      },
      // The matrix comes straight from computeMatrix, whose type is the schema's; checking each of
      // its (up to hundreds of thousands of) cells again on the way out cost more than computing
      // them. Problems still go through the checked serializer. matrix-route.test.ts parses the
      // output with the schema, so a drift between the two fails a test instead.
      serializerCompiler: (route) =>
        route.httpStatus === '200'
          ? (data: unknown) => JSON.stringify(data)
          : checkedSerializer(route as unknown as Parameters<typeof checkedSerializer>[0]),
    },
    async (request) =>
      inTransaction(db, (trx) =>
        computeMatrix({
          trx,
          viewer: viewerFor(request),
          input: {
            dossier: request.params.dossier,
            at: request.query.at,
            labels: request.query.labels === 'true',
          },
        }),
      ),
  );

  app.get(
    '/dossiers/:dossier/export',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'the dossier as a pointwise-dossier/1 file, holding only what you may see',
        params: DossierParams,
        querystring: NoQuery,
        response: { 200: DossierFile, ...PROBLEMS },
      },
    },
    async (request) =>
      inTransaction(db, (trx) =>
        exportDossier({ trx, dossier: request.params.dossier, viewer: viewerFor(request) }),
      ),
  );
};
