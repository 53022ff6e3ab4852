import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { whoIs, type Who } from '../auth/policies.ts';
import { viewerOf, type Membership } from '../auth/principal.ts';
import type { Database } from '../db/schema.ts';
import type { Ed25519Signer } from '../ledger/note-keys.ts';
import type { Viewer } from '../domain/visibility.ts';
import { AppError } from '../shared/app-error.ts';
import type { Limits } from './app.ts';
import type { LiveUpdates } from './live/live-updates.ts';

/** What every route plugin is given. */
export interface RouteDeps {
  db: Kysely<Database>;
  limits: Limits;
  /** The ledger's signing key, when this server signs checkpoints. */
  signer?: () => Ed25519Signer;
  /** Live updates: the change feed and the open event streams of this process. */
  live: LiveUpdates;
}

/** What the caller may read. */
export function viewerFor(request: FastifyRequest): Viewer {
  return viewerOf(request.principal);
}

/** The caller as the policies see it, in a dossier. */
export function whoFor(request: FastifyRequest, dossier: string | null): Who {
  return whoIs(request.principal, dossier);
}

/** The caller's membership in a dossier: 401 for a visitor, 403 for a user who is not a member. */
export function requireMembership(request: FastifyRequest, dossier: string): Membership {
  const p = request.principal;
  if (p.kind === 'visitor') throw new AppError('auth.required', 'sign in to do this');
  const m = p.memberships.find((x) => x.dossier === dossier);
  if (!m) throw new AppError('actor.forbidden', 'you are not a member of a party in this dossier');
  return m;
}

/** The signed-in user: 401 for a visitor. */
export function requireUser(request: FastifyRequest) {
  const p = request.principal;
  if (p.kind === 'visitor') throw new AppError('auth.required', 'sign in to do this');
  return p;
}
