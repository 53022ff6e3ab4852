import { LedgerError } from './ledger-error.ts';

// In a `u` regex a paired surrogate is one code point, so this finds only lone halves, which have no
// UTF-8 form and which I-JSON (required by RFC 8785 §3.1) forbids. String#isWellFormed (Node 20) says
// the same much faster; the regex is the fallback.
const LONE_SURROGATE = /\p{Surrogate}/u;
const wellFormed: (text: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (text) => (text as string & { isWellFormed(): boolean }).isWellFormed()
    : (text) => !LONE_SURROGATE.test(text);

/**
 * The RFC 8785 (JCS) form of a JSON value: no whitespace, object keys sorted by UTF-16 code units,
 * numbers and strings as ECMAScript's JSON.stringify writes them. Refuses what has no JSON form
 * instead of dropping it silently as JSON.stringify would: undefined, functions, non-finite numbers,
 * bigints, cycles, lone surrogates, and objects other than plain objects and arrays (a Date or a
 * class instance would serialise through toJSON or lose its prototype, so the caller converts it).
 */
export function canonicalJson(value: unknown): string {
  // Fast path: a copy with keys inserted in sorted order, written by the engine's own JSON.stringify,
  // whose numbers and string escapes are exactly RFC 8785's. It cannot order integer-like keys
  // ("10" before "9"), since engines list those first, numerically; for those, and to say where a
  // value has no canonical form, the careful writer below runs instead.
  try {
    return JSON.stringify(sortedCopy(value, new Set()));
  } catch (error) {
    if (error !== SLOW_PATH) throw error;
  }
  const out: string[] = [];
  write(value, [], out, new Set());
  return out.join('');
}

const SLOW_PATH = Symbol('slow path');
const INTEGER_KEY = /^(?:0|[1-9][0-9]*)$/;

function sortedCopy(value: unknown, open: Set<object>): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (!wellFormed(value)) throw SLOW_PATH;
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw SLOW_PATH;
    return value;
  }
  if (typeof value !== 'object' || open.has(value)) throw SLOW_PATH;
  open.add(value);
  let copy: unknown;
  if (Array.isArray(value)) {
    const items = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i += 1) {
      if (!(i in value)) throw SLOW_PATH;
      items[i] = sortedCopy(value[i], open);
    }
    copy = items;
  } else {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) throw SLOW_PATH;
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const record = value as Record<string, unknown>;
    // No prototype, so a key named __proto__ is an own property like any other.
    const sorted = Object.create(null) as Record<string, unknown>;
    for (const key of keys) {
      if (INTEGER_KEY.test(key) || !wellFormed(key)) throw SLOW_PATH;
      sorted[key] = sortedCopy(record[key], open);
    }
    copy = sorted;
  }
  open.delete(value);
  return copy;
}

// This module also runs in the browser (the web app's bundle verifier), which has no Buffer; Node's
// Buffer writes UTF-8 faster than TextEncoder does, so Node keeps it.
const nodeBuffer = (globalThis as { Buffer?: { from(text: string, encoding: 'utf8'): Uint8Array } }).Buffer;
const encoder = new TextEncoder();

/** The UTF-8 bytes of canonicalJson(value): what the ledger hashes. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  const text = canonicalJson(value);
  return nodeBuffer ? nodeBuffer.from(text, 'utf8') : encoder.encode(text);
}

// `path` is a stack of keys and indexes, joined only when refusing: building a path string for every
// value would cost more than writing the value.
type Path = (string | number)[];

function write(value: unknown, path: Path, out: string[], open: Set<object>): void {
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

function writeArray(items: readonly unknown[], path: Path, out: string[], open: Set<object>): void {
  out.push('[');
  // Index by number, not forEach, so holes in a sparse array reach `write` as undefined and are refused.
  for (let i = 0; i < items.length; i += 1) {
    if (i > 0) out.push(',');
    path.push(i);
    write(items[i], path, out, open);
    path.pop();
  }
  out.push(']');
}

function writeObject(object: object, path: Path, out: string[], open: Set<object>): void {
  const prototype: unknown = Object.getPrototypeOf(object);
  if (prototype !== Object.prototype && prototype !== null) {
    refuse(path, `${object.constructor?.name ?? 'this object'} is not a plain object`);
  }
  // `<` on strings compares UTF-16 code units, the order RFC 8785 §3.2.3 prescribes.
  const keys = Object.keys(object).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const record = object as Record<string, unknown>;
  out.push('{');
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    if (i > 0) out.push(',');
    out.push(quote(key, path), ':');
    path.push(key);
    write(record[key], path, out, open);
    path.pop();
  }
  out.push('}');
}

function quote(text: string, path: Path): string {
  if (!wellFormed(text)) refuse(path, 'a string contains a lone surrogate');
  return JSON.stringify(text);
}

function refuse(path: Path, why: string): never {
  const where = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
  throw new LedgerError('json.unsupported', `no canonical JSON at $${where}: ${why}`);
}
