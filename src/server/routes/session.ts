import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authenticateSession } from '../../auth/authenticate.ts';
import { changePassword, ChangePasswordInput } from '../../auth/change-password.ts';
import { endSession } from '../../auth/end-session.ts';
import { can, whoIs } from '../../auth/policies.ts';
import type { Principal } from '../../auth/principal.ts';
import { signIn, SignInInput } from '../../auth/sign-in.ts';
import { inTransaction } from '../../domain/in-transaction.ts';
import { Session } from '../../shared/api.ts';
import { AppError } from '../../shared/app-error.ts';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../session-cookie.ts';
import { NO_CONTENT, NoQuery, PROBLEMS } from './params.ts';
import type { RouteDeps } from '../route-context.ts';

/** The caller as the API shows it to itself. */
export function presentSession(principal: Principal): z.output<typeof Session> {
  if (principal.kind === 'visitor') {
    return {
      user: null,
      memberships: [],
      via: null,
      csrfToken: null,
      passwordChangeRequired: false,
      abilities: {},
    };
  }
  const who = whoIs(principal, null);
  return {
    user: { email: principal.email, admin: principal.admin },
    memberships: principal.memberships.map((m) => ({ dossier: m.dossier, party: m.party, role: m.role })),
    via: principal.via.kind,
    csrfToken: principal.via.kind === 'session' ? principal.via.csrfToken : null,
    passwordChangeRequired: principal.via.kind === 'session' && principal.via.passwordChangeRequired,
    abilities: {
      'dossier.create': can(who, 'dossier.create', {}),
      'dossier.import': can(who, 'dossier.import', {}),
    },
  };
}

/** Sign in, see who you are, sign out, change your password. */
export const sessionRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, limits }) => {
  app.get(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'who is asking',
        querystring: NoQuery,
        response: { 200: Session, ...PROBLEMS },
      },
    },
    async (request) => presentSession(request.principal),
  );

  app.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'sign in with email and password: sets the session cookie, returns the CSRF token',
        body: SignInInput,
        response: { 200: Session, ...PROBLEMS },
      },
      config: {
        rateLimit: {
          max: limits.signInPerMinute,
          timeWindow: 60_000,
          hook: 'preHandler',
          // Not the global allow-list (which exempts requests without a token): every attempt counts.
          allowList: [],
          keyGenerator: (request: FastifyRequest) =>
            `sign-in:${request.ip}:${String((request.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
        },
      },
    },
    async (request, reply) => {
      const previous = request.cookies[SESSION_COOKIE];
      const result = await inTransaction(db, (trx) =>
        signIn({ trx, input: request.body, previousSecret: previous }),
      );
      setSessionCookie(request, reply, result.secret);
      const principal = await authenticateSession({ db, secret: result.secret });
      if (!principal) throw new AppError('auth.failed', 'the session could not be opened');
      return presentSession(principal);
    },
  );

  app.delete(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'sign out: ends the session and clears its cookie',
        response: { ...NO_CONTENT, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) await inTransaction(db, (trx) => endSession({ trx, secret, reason: 'sign_out' }));
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/session/password',
    {
      schema: {
        tags: ['session'],
        summary:
          'choose a new password (required after signing in with a one-time password); ends your other sessions',
        body: ChangePasswordInput,
        response: { ...NO_CONTENT, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      if (p.kind === 'visitor' || p.via.kind !== 'session') {
        throw new AppError('auth.required', 'sign in with your email and password to change it');
      }
      const sessionId = p.via.sessionId;
      await inTransaction(db, (trx) =>
        changePassword({ trx, userId: p.userId, keepSessionId: sessionId, input: request.body }),
      );
      return reply.code(204).send(null);
    },
  );
};
