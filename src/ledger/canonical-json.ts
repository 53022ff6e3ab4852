import { LedgerError } from './ledger-error.ts';

// In a `u` regex a paired surrogate is one code point, so this finds only lone halves, which have no
// UTF-8 form and which I-JSON (required by RFC 8785 §3.1) forbids.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * The RFC 8785 (JCS) form of a JSON value: no whitespace, object keys sorted by UTF-16 code units,
 * numbers and strings as ECMAScript's JSON.stringify writes them. Refuses what has no JSON form
 * instead of dropping it silently as JSON.stringify would: undefined, functions, non-finite numbers,
 * bigints, cycles, lone surrogates, and objects other than plain objects and arrays (a Date or a
 * class instance would serialise through toJSON or lose its prototype, so the caller converts it).
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, '$', out, new Set());
  return out.join('');
}

/** The UTF-8 bytes of canonicalJson(value): what the ledger hashes. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return Buffer.from(canonicalJson(value), 'utf8');
}

function write(value: unknown, path: string, out: string[], open: Set<object>): void {
  if (value === null) {
    out.push('null');
  } else if (typeof value === 'string') {
    out.push(quote(value, path));
  } else if (typeof value === 'boolean') {
    out.push(value ? 'true' : 'false');
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) refuse(path, `${value} is not a JSON number`);
    // ECMAScript Number-to-String, which RFC 8785 §3.2.2.3 adopts; -0 becomes 0.
    out.push(JSON.stringify(value));
  } else if (typeof value === 'object') {
    if (open.has(value)) refuse(path, 'the value contains itself');
    open.add(value);
    if (Array.isArray(value)) writeArray(value, path, out, open);
    else writeObject(value, path, out, open);
    open.delete(value);
  } else {
    refuse(path, `${typeof value} has no JSON form`);
  }
}

function writeArray(items: readonly unknown[], path: string, out: string[], open: Set<object>): void {
  out.push('[');
  // Index by number, not forEach, so holes in a sparse array reach `write` as undefined and are refused.
  for (let i = 0; i < items.length; i += 1) {
    if (i > 0) out.push(',');
    write(items[i], `${path}[${i}]`, out, open);
  }
  out.push(']');
}

function writeObject(object: object, path: string, out: string[], open: Set<object>): void {
  const prototype: unknown = Object.getPrototypeOf(object);
  if (prototype !== Object.prototype && prototype !== null) {
    refuse(path, `${object.constructor?.name ?? 'this object'} is not a plain object`);
  }
  // `<` on strings compares UTF-16 code units, the order RFC 8785 §3.2.3 prescribes.
  const keys = Object.keys(object).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const record = object as Record<string, unknown>;
  out.push('{');
  keys.forEach((key, i) => {
    if (i > 0) out.push(',');
    out.push(quote(key, path), ':');
    write(record[key], `${path}.${key}`, out, open);
  });
  out.push('}');
}

function quote(text: string, path: string): string {
  if (LONE_SURROGATE.test(text)) refuse(path, 'a string contains a lone surrogate');
  return JSON.stringify(text);
}

function refuse(path: string, why: string): never {
  throw new LedgerError('json.unsupported', `no canonical JSON at ${path}: ${why}`);
}
