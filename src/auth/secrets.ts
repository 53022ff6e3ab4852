import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix of API tokens, so a leaked one is easy to recognise (and to search for). */
export const TOKEN_PREFIX = 'pwt_';

/** A new secret: 256 random bits, base64url. Session ids and tokens are made of these. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored of a secret: its SHA-256, hex. A secret has 256 bits, so no salt or slow hash is needed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * The CSRF token of a session: derived from the session's secret, so the server stores nothing
 * and only a page that could read the session's own responses can know it.
 */
export function csrfTokenFor(sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update('pointwise csrf').digest('base64url');
}

/** Compares two strings in constant time (for equal lengths). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
