import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type ErrorCode, type Problem } from '../shared/app-error.ts';

/** HTTP status of each error code. A code missing here is a bug the type checker reports. */
const STATUS: Record<ErrorCode, number> = {
  'input.invalid': 400,
  'input.too_large': 413,
  'input.not_json': 400,
  'input.unsupported_media_type': 415,
  'dossier.not_found': 404,
  'dossier.exists': 409,
  'party.not_found': 404,
  'party.exists': 409,
  'person.exists': 409,
  'document.not_found': 404,
  'document.exists': 409,
  'version.not_found': 404,
  'version.points_invalid': 422,
  'delivery.not_found': 404,
  'delivery.exists': 409,
  'delivery.invalid': 422,
  'response.not_addressee': 422,
  'response.incomplete': 422,
  'response.invalid': 422,
  'response.not_found': 404,
  'response.exists': 409,
  'meeting.not_found': 404,
  'draft.conflict': 409,
  'answer.invalid': 422,
  'publication.not_author': 403,
  'publication.exists': 409,
  'publication.invalid': 422,
  'ledger.entry_not_found': 404,
  'ledger.no_checkpoint': 404,
  'actor.forbidden': 403,
  'auth.required': 401,
  'auth.failed': 401,
  'auth.password_change_required': 403,
  'auth.csrf': 403,
  'auth.rate_limited': 429,
  'user.exists': 409,
  'user.not_found': 404,
  'token.not_found': 404,
  'idempotency.mismatch': 422,
  'route.not_found': 404,
  'record.conflict': 409,
};

/** Short titles, one per code: the same for every occurrence (RFC 9457 `title`). */
function titleOf(code: ErrorCode): string {
  const text = ERROR_CODES[code];
  return text.charAt(0).toUpperCase() + text.slice(1).replace(/; `[^`]+`.*$/, '');
}

/** The problem type URI of a code: stable, and served at that address. */
export function problemType(code: ErrorCode): string {
  return `/api/problems/${code}`;
}

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

/** The problem+json body of an AppError. */
export function problemBody(error: AppError, instance: string, extra: Record<string, unknown> = {}) {
  return {
    type: problemType(error.code),
    title: titleOf(error.code),
    status: STATUS[error.code],
    detail: error.message,
    instance,
    code: error.code,
    ...(error.problems.length > 0 && { problems: error.problems as Problem[] }),
    ...extra,
  };
}

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  error: AppError,
  extra?: Record<string, unknown>,
) {
  return reply
    .code(STATUS[error.code])
    .type('application/problem+json; charset=utf-8')
    .send(problemBody(error, request.url.split('?')[0]!, extra));
}

/** Errors Fastify raises before a handler runs, mapped to our codes. */
export function fromFastifyError(error: FastifyError): AppError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('input.too_large', 'the request body is larger than this route accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(
        'input.unsupported_media_type',
        'the body must be JSON (Content-Type: application/json)',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('input.not_json', 'the body is empty; send a JSON object');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new AppError('input.not_json', error.message);
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return new AppError('input.invalid', 'the URL is not valid');
    default:
      break;
  }
  if (error.statusCode === 429)
    return new AppError('auth.rate_limited', 'too many requests; wait and try again');
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('input.invalid', error.message);
  }
  return null;
}
