import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, can } from '../../auth/policies.ts';
import { memberActor } from '../../auth/principal.ts';
import { addVersion, AddVersionInput } from '../../domain/add-version.ts';
import { createDocument, CreateDocumentInput } from '../../domain/create-document.ts';
import { getDocument } from '../../domain/get-document.ts';
import { getVersion } from '../../domain/get-version.ts';
import { inTransaction } from '../../domain/in-transaction.ts';
import { listDocuments } from '../../domain/list-documents.ts';
import { requireDossier } from '../../domain/lookup.ts';
import { publishVersion } from '../../domain/publish-version.ts';
import { Document, Publication, Version } from '../../shared/api.ts';
import { Instant } from '../../shared/dossier-file.ts';
import { presentDocument } from '../presenters.ts';
import { requireMembership, viewerFor, whoFor, type RouteDeps } from '../route-context.ts';
import { DocumentParams, DossierParams, NoQuery, PROBLEMS, VersionParams } from './params.ts';

const { dossier: _d, author: _a, ...documentFields } = CreateDocumentInput.shape;
const { dossier: _d2, document: _doc, ...versionFields } = AddVersionInput.shape;

/** Documents and their versions: draft them, read them, publish them. */
export const documentRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get(
    '/dossiers/:dossier/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'the documents you may see, each with the versions you may see',
        params: DossierParams,
        querystring: NoQuery,
        response: { 200: z.object({ documents: z.array(Document) }), ...PROBLEMS },
      },
    },
    async (request) => {
      const { dossier } = request.params;
      const documents = await inTransaction(db, (trx) =>
        listDocuments({ trx, viewer: viewerFor(request), input: { dossier } }),
      );
      const who = whoFor(request, dossier);
      return { documents: documents.map((d) => presentDocument(d, who)) };
    },
  );

  app.post(
    '/dossiers/:dossier/documents',
    {
      schema: {
        tags: ['documents'],
        summary:
          "start a document authored by your party (drafters and leads); it is your party's draft until delivered or published",
        params: DossierParams,
        body: z.strictObject(documentFields),
        response: { 201: Document, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { dossier } = request.params;
      const body = await inTransaction(db, async (trx) => {
        await requireDossier(trx, dossier, viewerFor(request));
        const who = whoFor(request, dossier);
        authorize(who, 'document.create', { author: who.member?.party ?? '' });
        const member = requireMembership(request, dossier);
        await createDocument({
          trx,
          actor: memberActor(request.principal, member),
          input: { dossier, author: member.party, ...request.body },
        });
        const created = await getDocument({
          trx,
          viewer: viewerFor(request),
          input: { dossier, document: request.body.key },
        });
        return presentDocument(created, who);
      });
      return reply.code(201).send(body);
    },
  );

  app.get(
    '/dossiers/:dossier/documents/:document',
    {
      schema: {
        tags: ['documents'],
        summary: 'a document and the versions you may see',
        params: DocumentParams,
        querystring: NoQuery,
        response: { 200: Document, ...PROBLEMS },
      },
    },
    async (request) => {
      const document = await inTransaction(db, (trx) =>
        getDocument({ trx, viewer: viewerFor(request), input: request.params }),
      );
      return presentDocument(document, whoFor(request, request.params.dossier));
    },
  );

  app.post(
    '/dossiers/:dossier/documents/:document/versions',
    {
      schema: {
        tags: ['documents'],
        summary: "add a version: the whole point tree (the author's drafters and leads)",
        params: DocumentParams,
        body: z.strictObject(versionFields),
        response: { 201: Version, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { dossier, document } = request.params;
      const body = await inTransaction(db, async (trx) => {
        const viewer = viewerFor(request);
        const doc = await getDocument({ trx, viewer, input: { dossier, document } });
        const who = whoFor(request, dossier);
        authorize(who, 'version.add', { author: doc.author });
        const member = requireMembership(request, dossier);
        const added = await addVersion({
          trx,
          actor: memberActor(request.principal, member),
          input: { dossier, document, ...request.body },
        });
        const version = await getVersion({
          trx,
          viewer,
          input: { dossier, document, version: added.number },
        });
        return presentVersion(version, who);
      });
      return reply.code(201).send(body);
    },
  );

  app.get(
    '/dossiers/:dossier/documents/:document/versions/:version',
    {
      schema: {
        tags: ['documents'],
        summary: 'the text of a version, point by point',
        params: VersionParams,
        querystring: NoQuery,
        response: { 200: Version, ...PROBLEMS },
      },
    },
    async (request) => {
      const version = await inTransaction(db, (trx) =>
        getVersion({ trx, viewer: viewerFor(request), input: request.params }),
      );
      return presentVersion(version, whoFor(request, request.params.dossier));
    },
  );

  app.post(
    '/dossiers/:dossier/documents/:document/versions/:version/publication',
    {
      schema: {
        tags: ['documents'],
        summary: "publish a version: everyone may read it from then on; irreversible (the author's lead)",
        params: VersionParams,
        body: z.strictObject({ publishedAt: Instant.optional() }),
        response: { 201: Publication, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const { dossier, document, version } = request.params;
      const body = await inTransaction(db, async (trx) => {
        const found = await getVersion({ trx, viewer: viewerFor(request), input: request.params });
        authorize(whoFor(request, dossier), 'version.publish', { author: found.author });
        const member = requireMembership(request, dossier);
        return publishVersion({
          trx,
          actor: memberActor(request.principal, member),
          input: { dossier, document, version, publishedAt: request.body.publishedAt },
        });
      });
      return reply.code(201).send(body);
    },
  );
};

function presentVersion(v: Awaited<ReturnType<typeof getVersion>>, who: ReturnType<typeof whoFor>) {
  const { authorId: _id, ...rest } = v;
  const item = { author: v.author };
  return {
    ...rest,
    abilities: {
      'version.deliver': can(who, 'version.deliver', item),
      'version.publish': v.publishedAt === null && can(who, 'version.publish', item),
    },
  };
}
