import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.ts';
import type { Checkpoint } from './checkpoint.ts';
import { LedgerError } from './ledger-error.ts';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from './note-keys.ts';

const ROOT = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
// The example of c2sp.org/tlog-checkpoint.
const EXAMPLE = `example.com/behind-the-sofa\n20852163\n${ROOT}\n`;

function code(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof LedgerError ? error.code : String(error);
  }
  return undefined;
}

describe('C2SP checkpoints', () => {
  it('parses the example of the specification and writes it back unchanged', () => {
    const checkpoint = parseCheckpoint(EXAMPLE);
    expect(checkpoint.origin).toBe('example.com/behind-the-sofa');
    expect(checkpoint.size).toBe(20852163);
    expect(Buffer.from(checkpoint.rootHash).toString('base64')).toBe(ROOT);
    expect(checkpoint.extensions).toEqual([]);
    expect(formatCheckpoint(checkpoint)).toBe(EXAMPLE);
  });

  it('keeps extension lines and the empty tree', () => {
    const text = `log\n0\n${ROOT}\ntime 2026-01-01T00:00:00Z\nanother\n`;
    expect(parseCheckpoint(text).extensions).toEqual(['time 2026-01-01T00:00:00Z', 'another']);
    expect(formatCheckpoint(parseCheckpoint(text))).toBe(text);
  });

  it.each([
    ['no final newline', EXAMPLE.slice(0, -1)],
    ['no root hash', 'log\n5\n'],
    ['only an origin', 'log\n'],
    ['an empty origin', `\n5\n${ROOT}\n`],
    ['a leading zero', `log\n05\n${ROOT}\n`],
    ['a plus sign', `log\n+5\n${ROOT}\n`],
    ['a negative size', `log\n-5\n${ROOT}\n`],
    ['a space in the size', `log\n 5\n${ROOT}\n`],
    ['a decimal point', `log\n5.0\n${ROOT}\n`],
    ['an exponent', `log\n5e3\n${ROOT}\n`],
    ['hex', `log\n0x5\n${ROOT}\n`],
    ['a size beyond 2^53 - 1', `log\n9007199254740992\n${ROOT}\n`],
    ['a 31-byte root', `log\n5\n${Buffer.alloc(31).toString('base64')}\n`],
    ['a 33-byte root', `log\n5\n${Buffer.alloc(33).toString('base64')}\n`],
    ['unpadded base64', `log\n5\n${ROOT.slice(0, -1)}\n`],
    ['URL-safe base64', `log\n5\n${ROOT.replace('/', '_')}\n`],
    ['an empty extension line', `log\n5\n${ROOT}\n\n`],
    ['an empty line between extensions', `log\n5\n${ROOT}\na\n\nb\n`],
  ])('refuses text with %s', (_what, text) => {
    expect(code(() => parseCheckpoint(text))).toBe('checkpoint.malformed');
  });

  it('refuses to write what it would not read', () => {
    const good: Checkpoint = { origin: 'log', size: 1, rootHash: Buffer.alloc(32), extensions: [] };
    expect(code(() => formatCheckpoint({ ...good, origin: '' }))).toBe('checkpoint.malformed');
    expect(code(() => formatCheckpoint({ ...good, origin: 'a\nb' }))).toBe('checkpoint.malformed');
    expect(code(() => formatCheckpoint({ ...good, size: -1 }))).toBe('checkpoint.malformed');
    expect(code(() => formatCheckpoint({ ...good, size: 1.5 }))).toBe('checkpoint.malformed');
    expect(code(() => formatCheckpoint({ ...good, rootHash: Buffer.alloc(20) }))).toBe(
      'checkpoint.malformed',
    );
    expect(code(() => formatCheckpoint({ ...good, extensions: [''] }))).toBe('checkpoint.malformed');
  });

  it('round-trips any checkpoint', () => {
    const line = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
      .filter((s) => ![...s].some((c) => c < ' '));
    const checkpoint = fc.record({
      origin: line,
      size: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
      rootHash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
      extensions: fc.array(line, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(checkpoint, (c) => {
        const parsed = parseCheckpoint(formatCheckpoint(c));
        expect({ ...parsed, rootHash: Uint8Array.from(parsed.rootHash) }).toEqual(c);
      }),
      { numRuns: 300 },
    );
  });

  const log = generateSignerKey('pointwise.example/dossier/42');
  const signer = parseSignerKey(log.signerKey);
  const verifier = parseVerifierKey(log.verifierKey);
  const head: Checkpoint = { origin: signer.name, size: 7, rootHash: Buffer.alloc(32, 7), extensions: [] };

  it('signs and opens a checkpoint as a signed note', () => {
    const note = signCheckpoint(head, [signer]);
    expect(note.startsWith(`${formatCheckpoint(head)}\n\u2014 ${signer.name} `)).toBe(true);
    const { checkpoint, note: opened } = openCheckpoint(note, [verifier], head.origin);
    expect(checkpoint.size).toBe(7);
    expect(Buffer.from(checkpoint.rootHash)).toEqual(Buffer.alloc(32, 7));
    expect(opened.verified).toHaveLength(1);
  });

  it('refuses a checkpoint of another log, by an unknown key, or with a changed size', () => {
    const note = signCheckpoint(head, [signer]);
    expect(code(() => openCheckpoint(note, [verifier], 'another.example/log'))).toBe(
      'checkpoint.wrong_origin',
    );
    const stranger = parseVerifierKey(generateSignerKey(signer.name).verifierKey);
    expect(code(() => openCheckpoint(note, [stranger], head.origin))).toBe('note.unverified');
    expect(code(() => openCheckpoint(note.replace('\n7\n', '\n8\n'), [verifier], head.origin))).toBe(
      'note.bad_signature',
    );
  });
});
