import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonBytes } from './canonical-json.ts';
import { LedgerError } from './ledger-error.ts';

// The IEEE 754 double with these bits.
function double(bitsHex: string): number {
  return Buffer.from(bitsHex, 'hex').readDoubleBE(0);
}

describe('RFC 8785 canonical JSON', () => {
  it('reproduces the example of RFC 8785 §3.2.2', () => {
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    expect(canonicalJson(JSON.parse(input))).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('sorts keys by UTF-16 code units as in RFC 8785 §3.2.3', () => {
    const input = String.raw`{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}`;
    // Compared as text: JSON.parse would put the integer-like key "1" first again.
    expect(canonicalJson(JSON.parse(input))).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  // RFC 8785 Appendix B: the bits of a double and the text it must serialise to.
  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('writes the double %s as %s', (bits, text) => {
    expect(canonicalJson(double(bits))).toBe(text);
  });

  it('writes UTF-8 bytes', () => {
    expect(Buffer.from(canonicalJsonBytes({ b: 'é', a: [1] })).toString('hex')).toBe(
      Buffer.from('{"a":[1],"b":"é"}', 'utf8').toString('hex'),
    );
  });

  class Point {
    x = 1;
  }
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['NaN inside', { a: [1, Number.NaN] }],
    ['undefined', undefined],
    ['an undefined property', { a: undefined }],
    ['undefined in an array', [undefined]],
    ['a hole in an array', new Array<number>(3)],
    ['a function', { f: () => 1 }],
    ['a symbol', Symbol('s')],
    ['a bigint', 10n],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['a class instance', new Point()],
    ['a Buffer', Buffer.from('x')],
    ['a cycle', cyclic],
    ['a lone surrogate', 'a\ud800b'],
    ['a lone surrogate in a key', { '\udc00': 1 }],
  ])('refuses %s', (_what, value) => {
    expect(() => canonicalJson(value)).toThrow(LedgerError);
  });

  it('accepts an object without prototype and a value shared but not cyclic', () => {
    const shared = { z: 1 };
    const bare = Object.assign(Object.create(null) as object, { b: shared, a: shared });
    expect(canonicalJson(bare)).toBe('{"a":{"z":1},"b":{"z":1}}');
  });

  it('round-trips through JSON.parse, is idempotent and ignores key order', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        const text = canonicalJson(value);
        // JSON.stringify is the same data in another layout (and -0 as 0, as RFC 8785 writes it).
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(canonicalJson(reverseKeys(value))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
  it('keeps a key named __proto__ as an own key, as JSON.parse gives it', () => {
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":{"x":1},"a":2}'))).toBe(
      '{"__proto__":{"x":1},"a":2,"b":1}',
    );
  });

  it('orders integer-like keys as strings, not as the engine lists them', () => {
    expect(canonicalJson({ 10: 'a', 9: 'b', x: { 2: 1, 1: 2 } })).toBe(
      '{"10":"a","9":"b","x":{"1":2,"2":1}}',
    );
  });
});

// The same data with every object's keys inserted in reverse order.
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([k, v]) => [k, reverseKeys(v)]));
}
