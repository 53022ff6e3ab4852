/**
 * What the pure ledger code refuses. It stands apart from the app's AppError so that the offline
 * verifier needs nothing beyond this folder; callers map these codes to their own.
 */
export const LEDGER_ERROR_CODES = {
  'key.invalid':
    'a signer or verifier key is malformed, uses an unknown algorithm, or its key id does not match',
  'note.malformed': 'a signed note breaks the C2SP signed-note format',
  'note.bad_signature': 'a signature from a known key does not verify',
  'note.unverified': 'no signature from a known key is on the note',
  'checkpoint.malformed': 'a checkpoint text breaks the C2SP tlog-checkpoint format',
  'checkpoint.wrong_origin': 'a checkpoint names another log than the one expected',
  'json.unsupported':
    'a value has no RFC 8785 canonical form (non-finite number, undefined, cycle, lone surrogate…)',
} as const;

export type LedgerErrorCode = keyof typeof LEDGER_ERROR_CODES;

/** An input the ledger refuses; `code` is stable, the message says what exactly is wrong. */
export class LedgerError extends Error {
  readonly code: LedgerErrorCode;

  constructor(code: LedgerErrorCode, message: string) {
    super(message);
    this.name = 'LedgerError';
    this.code = code;
  }
}
