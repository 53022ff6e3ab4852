import type { FastifyReply, FastifyRequest } from 'fastify';

/** The session cookie's name. */
export const SESSION_COOKIE = 'pointwise_session';

/** Cookie attributes: not readable by scripts, sent on top-level navigation but not on cross-site posts, Secure over TLS. */
function attributes(request: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: request.protocol === 'https' };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, secret: string): void {
  reply.setCookie(SESSION_COOKIE, secret, attributes(request));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, attributes(request));
}
