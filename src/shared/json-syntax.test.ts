import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from './json-syntax.ts';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('locateJsonError', () => {
  it('agrees with JSON.parse on valid JSON, whatever its shape', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(locateJsonError(text)).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('finds an error exactly when JSON.parse does, for JSON with a character changed, dropped or added', () => {
    const mutation = fc.tuple(
      fc.json(),
      fc.nat(),
      fc.constantFrom('drop', 'insert', 'replace'),
      fc.constantFrom(',', ']', '}', '"', ':', 'x', ' ', '\\', '0', '-', '.'),
    );
    fc.assert(
      fc.property(mutation, ([json, n, kind, c]) => {
        const at = json.length === 0 ? 0 : n % json.length;
        const text =
          kind === 'drop'
            ? json.slice(0, at) + json.slice(at + 1)
            : kind === 'insert'
              ? json.slice(0, at) + c + json.slice(at)
              : json.slice(0, at) + c + json.slice(at + 1);
        expect(locateJsonError(text) === null).toBe(parses(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('names the line and column of the first error', () => {
    expect(locateJsonError('{\n  "a": 1,\n  "b": tru\n}')).toEqual({
      line: 3,
      column: 8,
      found: '"tru\\n}"',
    });
    expect(locateJsonError('[1, 2')).toEqual({ line: 1, column: 6, found: 'the end of the file' });
    expect(locateJsonError('{} {}')).toEqual({ line: 1, column: 4, found: '"{}"' });
  });

  it('does not overflow on very deep nesting', () => {
    expect(locateJsonError('['.repeat(100_000) + ']'.repeat(100_000))).toBeNull();
    expect(locateJsonError('['.repeat(100_000))).toMatchObject({ found: 'the end of the file' });
  });
});
