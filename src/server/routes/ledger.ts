import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction } from '../../domain/in-transaction.ts';
import {
  ConsistencyProofInput,
  getCheckpoint,
  InclusionProofInput,
  ledgerBundle,
  ledgerConsistencyProof,
  ledgerInclusionProof,
  listLedgerEntries,
  ListLedgerEntriesInput,
} from '../../domain/read-ledger.ts';
import {
  LedgerCheckpoint,
  LedgerConsistencyProof,
  LedgerEntries,
  LedgerInclusionProof,
  LedgerKey,
} from '../../shared/api-ledger.ts';
import { AppError } from '../../shared/app-error.ts';
import { viewerFor, type RouteDeps } from '../route-context.ts';
import { DossierParams, NoQuery, PROBLEMS } from './params.ts';

const { dossier: _d1, ...entriesQuery } = ListLedgerEntriesInput.shape;
const { dossier: _d2, ...inclusionQuery } = InclusionProofInput.shape;
const { dossier: _d3, ...consistencyQuery } = ConsistencyProofInput.shape;

/**
 * The tamper-evident ledger over HTTP: the server's verifier key, each dossier's latest signed
 * checkpoint, the entries a caller may see (with salts and content), inclusion proofs for those,
 * consistency proofs, and a bundle that `pointwise ledger verify` checks offline.
 */
export const ledgerRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, signer }) => {
  const requireSigner = () => {
    if (!signer) throw new AppError('ledger.no_checkpoint', 'this server does not sign checkpoints');
    return signer();
  };

  app.get(
    '/ledger/key',
    {
      schema: {
        tags: ['ledger'],
        summary: "the server's verifier key: what checks its signed checkpoints",
        querystring: NoQuery,
        response: { 200: LedgerKey, ...PROBLEMS },
      },
    },
    async () => {
      const s = requireSigner();
      return { name: s.name, verifierKey: s.verifierKey };
    },
  );

  app.get(
    '/dossiers/:dossier/ledger/checkpoint',
    {
      schema: {
        tags: ['ledger'],
        summary: "the dossier's latest signed checkpoint (a C2SP signed note)",
        params: DossierParams,
        querystring: NoQuery,
        response: { 200: LedgerCheckpoint, ...PROBLEMS },
      },
    },
    async (request) =>
      inTransaction(db, (trx) => getCheckpoint({ trx, viewer: viewerFor(request), input: request.params })),
  );

  app.get(
    '/dossiers/:dossier/ledger/entries',
    {
      schema: {
        tags: ['ledger'],
        summary: 'the entries in [from, to) that you may see (at most 1,000), with their salts and content',
        params: DossierParams,
        querystring: z.strictObject(entriesQuery),
        response: { 200: LedgerEntries, ...PROBLEMS },
      },
    },
    async (request) => ({
      entries: await inTransaction(db, (trx) =>
        listLedgerEntries({
          trx,
          viewer: viewerFor(request),
          input: { ...request.params, ...request.query },
        }),
      ),
    }),
  );

  app.get(
    '/dossiers/:dossier/ledger/proof/inclusion',
    {
      schema: {
        tags: ['ledger'],
        summary: 'the RFC 9162 inclusion proof of an entry you may see, in the tree of `size` entries',
        params: DossierParams,
        querystring: z.strictObject(inclusionQuery),
        response: { 200: LedgerInclusionProof, ...PROBLEMS },
      },
    },
    async (request) =>
      inTransaction(db, (trx) =>
        ledgerInclusionProof({
          trx,
          viewer: viewerFor(request),
          input: { ...request.params, ...request.query },
        }),
      ),
  );

  app.get(
    '/dossiers/:dossier/ledger/proof/consistency',
    {
      schema: {
        tags: ['ledger'],
        summary: 'the RFC 9162 consistency proof from the tree of `from` entries to the tree of `to`',
        params: DossierParams,
        querystring: z.strictObject(consistencyQuery),
        response: { 200: LedgerConsistencyProof, ...PROBLEMS },
      },
    },
    async (request) =>
      inTransaction(db, (trx) =>
        ledgerConsistencyProof({
          trx,
          viewer: viewerFor(request),
          input: { ...request.params, ...request.query },
        }),
      ),
  );

  app.get(
    '/dossiers/:dossier/ledger/bundle',
    {
      schema: {
        tags: ['ledger'],
        summary:
          'the ledger as a pointwise-ledger-bundle/1 for `pointwise ledger verify`: entries you may see in full, the others as leaf hashes',
        params: DossierParams,
        querystring: NoQuery,
        response: { 200: z.record(z.string(), z.unknown()), ...PROBLEMS },
      },
    },
    async (request) => {
      const s = requireSigner();
      const bundle = await inTransaction(db, (trx) =>
        ledgerBundle({ trx, viewer: viewerFor(request), signer: s, input: request.params }),
      );
      return { ...bundle };
    },
  );
};
