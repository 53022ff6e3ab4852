/**
 * Instants are stored as fixed-width UTC strings (`2022-01-28T21:00:00.000Z`) on both databases:
 * they compare correctly as text, keep milliseconds exactly, and read back identically everywhere.
 */

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO 8601 instant with a zone (`Z` or `±hh:mm`); returns null when it is not one. */
export function parseInstant(text: string): Date | null {
  const m = ISO_INSTANT.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '00'] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return null;
  // Date rolls 31 February over into March; a calendar date that does not exist is refused.
  const local = new Date(Date.UTC(Number(y), month - 1, day));
  if (local.getUTCDate() !== day) return null;
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) return null;
  return date;
}

/** The stored form of an instant. */
export function toStored(date: Date): string {
  return date.toISOString();
}

/** Normalises any accepted instant text to its stored form, or throws. */
export function normaliseInstant(text: string): string {
  const date = parseInstant(text);
  if (!date) throw new RangeError(`not an ISO 8601 instant with a time zone: ${text}`);
  return toStored(date);
}

/** The form written to files: the stored form, without `.000` when there are no milliseconds. */
export function toExported(stored: string): string {
  return stored.endsWith('.000Z') ? `${stored.slice(0, -5)}Z` : stored;
}
