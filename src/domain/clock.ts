import { AppError } from '../shared/app-error.ts';
import { normaliseInstant, parseInstant } from '../shared/instant.ts';

/** Clock skew tolerated before an event instant counts as "in the future". */
const SKEW_MS = 5 * 60_000;

/** Now, in stored form. */
export function now(): string {
  return new Date().toISOString();
}

/**
 * The stored form of an event instant given by the caller (or now when absent). Events are
 * recorded after they happen, so one in the future is refused.
 */
export function eventInstant(field: string, value: string | undefined, nowText = now()): string {
  if (value === undefined) return nowText;
  const date = parseInstant(value);
  if (!date) {
    throw new AppError('input.invalid', `${field}: must be an ISO 8601 instant with a time zone`, [
      { path: field, message: 'must be an ISO 8601 instant with a time zone, such as 2022-01-28T21:00:00Z' },
    ]);
  }
  if (date.getTime() > Date.parse(nowText) + SKEW_MS) {
    throw new AppError('input.invalid', `${field}: is in the future`, [
      { path: field, message: `is in the future (${value}); events are recorded after they happen` },
    ]);
  }
  return date.toISOString();
}

/** The stored form of an instant that may lie in the future (a deadline). */
export function anyInstant(field: string, value: string): string {
  try {
    return normaliseInstant(value);
  } catch {
    throw new AppError('input.invalid', `${field}: must be an ISO 8601 instant with a time zone`, [
      { path: field, message: 'must be an ISO 8601 instant with a time zone, such as 2022-01-28T21:00:00Z' },
    ]);
  }
}
