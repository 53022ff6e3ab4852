import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateSession, authenticateToken, type SessionSettings } from '../auth/authenticate.ts';
import { ANONYMOUS, type Principal } from '../auth/principal.ts';
import { sameSecret } from '../auth/secrets.ts';
import type { Db } from '../domain/lookup.ts';
import { AppError } from '../shared/app-error.ts';
import { bearerOf } from './app.ts';
import { clearSessionCookie, SESSION_COOKIE } from './session-cookie.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes a user with a one-time password may still use: to see the session, sign out, and set a password. */
const OPEN_WHILE_PASSWORD_CHANGE = new Set([
  'GET /api/v1/session',
  'DELETE /api/v1/session',
  'PUT /api/v1/session/password',
]);

/**
 * Who is asking: a bearer token (scripts), a session cookie (the web app), or a visitor. A bad
 * token is refused outright; a stale cookie is dropped and the request goes on as a visitor's.
 * Cookie requests that change something must carry the session's CSRF token.
 */
export function authenticateRequest({ db, sessions }: { db: Db; sessions: SessionSettings }) {
  return async function (request: FastifyRequest, reply: FastifyReply): Promise<void> {
    request.principal = ANONYMOUS;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const token = bearerOf(header);
      const principal = token === null ? null : await authenticateToken({ db, token });
      if (!principal)
        throw new AppError('auth.failed', 'the API token is not valid (malformed, revoked or expired)');
      request.principal = principal;
      return;
    }
    const secret = request.cookies[SESSION_COOKIE];
    if (!secret) return;
    const principal = await authenticateSession({ db, secret, settings: sessions });
    if (!principal || principal.kind !== 'user' || principal.via.kind !== 'session') {
      clearSessionCookie(request, reply);
      return;
    }
    request.principal = principal;
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, principal.via.csrfToken)) {
        throw new AppError('auth.csrf', 'send the X-CSRF-Token header that signing in returned');
      }
    }
    if (
      principal.via.passwordChangeRequired &&
      !OPEN_WHILE_PASSWORD_CHANGE.has(`${request.method} ${request.routeOptions.url}`)
    ) {
      throw new AppError(
        'auth.password_change_required',
        'this account signed in with a one-time password; choose a new one first (PUT /api/v1/session/password)',
      );
    }
  };
}
