import type { FastifyError, FastifyInstance } from 'fastify';
import { isWriteConflict } from '../db/unique-violation.ts';
import { AppError } from '../shared/app-error.ts';
import { fromFastifyError, problemBody, sendProblem, statusOf } from './problem.ts';

/** Codes that mean "you may not": logged as failed authorization attempts. */
const REFUSALS = new Set([
  'actor.forbidden',
  'publication.not_author',
  'auth.required',
  'auth.failed',
  'auth.csrf',
  'auth.password_change_required',
]);

/**
 * Every error leaves as RFC 9457 problem+json. Bad input is always a 4xx; a 500 means a bug,
 * and says nothing of its cause to the client.
 */
export function handleErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const known =
      error instanceof AppError
        ? error
        : isWriteConflict(error)
          ? new AppError(
              'record.conflict',
              'a concurrent request recorded the same thing first; read again, and retry if still needed',
            )
          : fromFastifyError(error as FastifyError);
    if (known) {
      if (REFUSALS.has(known.code)) {
        const p = request.principal;
        request.log.warn(
          {
            event: 'authorization_refused',
            code: known.code,
            user: p?.kind === 'user' ? p.userId : null,
            via: p?.kind === 'user' ? p.via.kind : null,
            method: request.method,
            route: request.routeOptions.url,
          },
          'authorization refused',
        );
      }
      if (known.code === 'auth.rate_limited') reply.header('retry-after', '60');
      const extra =
        error instanceof AppError && 'problemExtra' in error
          ? (error.problemExtra as Record<string, unknown>)
          : undefined;
      return sendProblem(reply, request, known, extra);
    }
    request.log.error({ err: error }, 'unexpected failure');
    return reply
      .code(500)
      .type('application/problem+json; charset=utf-8')
      .send({
        type: 'about:blank',
        title: 'Internal server error',
        status: 500,
        detail: 'something went wrong on the server; it has been logged',
        instance: request.url.split('?')[0],
      });
  });

  app.setNotFoundHandler((request, reply) => {
    const error = new AppError('route.not_found', `no route ${request.method} ${request.url.split('?')[0]}`);
    return reply
      .code(statusOf(error.code))
      .type('application/problem+json; charset=utf-8')
      .send(problemBody(error, request.url.split('?')[0]!));
  });
}
