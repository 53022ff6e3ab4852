/**
 * The one error type of Pointwise. `code` is stable and documented in ERROR_CODES; the CLI maps
 * it to an exit code and the HTTP API to a status and problem type.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  /** Every problem found, each naming where it is (a JSON path, a field). */
  readonly problems: readonly Problem[];

  constructor(code: ErrorCode, message: string, problems: readonly Problem[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.problems = problems;
  }
}

export interface Problem {
  /** Where the problem is: `responses[0].answers[1].position`, or a field name. */
  path: string;
  message: string;
}

/** Codes and what they mean. `refused` codes are bad input; `not_found` ones name a missing item. */
export const ERROR_CODES = {
  'input.invalid': 'the input breaks the rules; `problems` says where',
  'input.too_large': 'the input is larger than Pointwise accepts',
  'input.not_json': 'the input is not JSON',
  'dossier.not_found': 'no dossier has that key',
  'dossier.exists': 'a dossier with that key already exists',
  'party.not_found': 'no party has that key in the dossier',
  'party.exists': 'a party with that key already exists in the dossier',
  'person.exists': 'a person with that key already exists in the dossier',
  'document.not_found': 'no document has that key in the dossier',
  'document.exists': 'a document with that key already exists in the dossier',
  'version.not_found': 'the document has no version with that number',
  'version.points_invalid': 'the point tree of a version is not valid',
  'delivery.not_found': 'no delivery has that key in the dossier',
  'delivery.exists': 'a delivery with that key already exists in the dossier',
  'delivery.invalid': 'the delivery breaks a rule (addressees, instants)',
  'response.not_addressee': 'the party was not an addressee of the delivery',
  'response.incomplete': 'points are unanswered and the caller did not ask for a partial submission',
  'response.invalid': 'the response breaks a rule (instants, points)',
  'response.not_found': 'no response has that key in the dossier',
  'response.exists': 'a response with that key already exists in the dossier',
  'meeting.not_found': 'no meeting has that key in the dossier',
  'draft.conflict': 'the draft answer changed since the caller read it; `current` holds what is there now',
  'answer.invalid': 'the answer lacks text or proposed text its position requires, or names no such point',
  'publication.not_author': 'only the author may publish',
  'publication.exists': 'the item is already published; publication is irreversible and happens once',
  'publication.invalid': 'the publication breaks a rule (instants)',
  'ledger.entry_not_found': 'no ledger entry at that index that you may see',
  'ledger.no_checkpoint': 'the dossier has no signed checkpoint yet',
  'actor.forbidden': 'the acting party may not do this',
  'auth.required': 'sign in or give an API token first',
  'auth.failed': 'the email and password do not match an account, or the token is not valid',
  'auth.password_change_required':
    'the account signed in with a one-time password and must choose its own first',
  'auth.csrf': 'a request that changes something with a session cookie must carry the X-CSRF-Token header',
  'auth.rate_limited': 'too many attempts; wait and try again',
  'user.exists': 'an account with that email already exists',
  'user.not_found': 'no account has that email',
  'token.not_found': 'no API token of yours has that id',
  'idempotency.mismatch': 'the Idempotency-Key was used before with a different request',
  'route.not_found': 'no such route',
  'record.conflict':
    'a concurrent request recorded the same thing first; read again, and retry if still needed',
  'input.unsupported_media_type': 'the body must be application/json',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Throws an AppError with `code` unless `condition` holds. */
export function assert(condition: unknown, code: ErrorCode, message: string): asserts condition {
  if (!condition) throw new AppError(code, message);
}
