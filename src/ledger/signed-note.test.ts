import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LedgerError } from './ledger-error.ts';
import type { LedgerErrorCode } from './ledger-error.ts';
import { generateSignerKey, keyId, parseSignerKey, parseVerifierKey } from './note-keys.ts';
import type { NoteVerifier } from './note-keys.ts';
import { openNote, signNote } from './signed-note.ts';

const fixture = JSON.parse(
  readFileSync(new URL('../../../shared/fixtures/merkle/signed-notes.json', import.meta.url), 'utf8'),
) as {
  cases: { name: string; privateKey?: string; verifierKey: string; text: string; signedNote: string }[];
  badVerifierKeys: string[];
};

const signed = fixture.cases.filter((c) => c.privateKey !== undefined);
const peter = fixture.cases[0]!;
const peterSigner = parseSignerKey(peter.privateKey!);
const peterVerifier = parseVerifierKey(peter.verifierKey);
const other = generateSignerKey('other.example/log');

function refusedWith(code: LedgerErrorCode, run: () => unknown): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(LedgerError);
  expect((thrown as LedgerError).code).toBe(code);
}

describe('C2SP signed-note keys', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('parses the verifier key of %s', (_name, c) => {
    const verifier = parseVerifierKey(c.verifierKey);
    const [name, id] = c.verifierKey.split('+');
    expect(verifier.name).toBe(name);
    expect(verifier.keyId.toString(16).padStart(8, '0')).toBe(id);
    expect(verifier.publicKey).toHaveLength(32);
    expect(verifier.verifierKey).toBe(c.verifierKey);
  });

  it.each(signed.map((c) => [c.name, c] as const))(
    'derives the verifier key of %s from its signer key',
    (_name, c) => {
      expect(parseSignerKey(c.privateKey!).verifierKey).toBe(c.verifierKey);
    },
  );

  it('computes key ids as SHA-256(name || 0x0A || 0x01 || public key)[:4]', () => {
    expect(keyId('PeterNeumann', Buffer.concat([Uint8Array.of(1), peterVerifier.publicKey]))).toBe(
      0xc74f20a3,
    );
  });

  it.each(fixture.badVerifierKeys)('refuses the bad verifier key %s', (key) => {
    refusedWith('key.invalid', () => parseVerifierKey(key));
  });

  const [name, id, key] = peter.verifierKey.split('+') as [string, string, string];
  it.each([
    ['an empty key', ''],
    ['a missing field', `${name}+${id}`],
    ['a short key id', `${name}+${id.slice(1)}+${key}`],
    ['a key id that is not hex', `${name}+${id.slice(1)}x+${key}`],
    ['another key id', `${name}+${(peterVerifier.keyId ^ 1).toString(16).padStart(8, '0')}+${key}`],
    ['another name', `PeterNeumanm+${id}+${key}`],
    ['an empty name', `+${id}+${key}`],
    ['a name with a space', `Peter Neumann+${id}+${key}`],
    ['unpadded base64', `${name}+${id}+${key.replace(/=+$/, '')}X`],
    ['URL-safe base64', `${name}+${id}+${key.replace(/\//g, '_')}`],
    ['a truncated key', `${name}+${id}+${key.slice(0, -4)}`],
  ])('refuses a verifier key with %s', (_what, bad) => {
    refusedWith('key.invalid', () => parseVerifierKey(bad));
  });

  it.each([
    ['no PRIVATE+KEY prefix', peter.privateKey!.replace('PRIVATE+KEY+', '')],
    ['a wrong key id', peter.privateKey!.replace('c74f20a3', 'c74f20a4')],
    ['another name', peter.privateKey!.replace('PeterNeumann', 'PeterNeumanm')],
    ['a verifier key in its place', `PRIVATE+KEY+${peter.verifierKey}`],
  ])('refuses a signer key with %s, without echoing it', (_what, bad) => {
    refusedWith('key.invalid', () => parseSignerKey(bad));
    expect(() => parseSignerKey(bad)).not.toThrow(bad.split('+').at(-1)!);
  });

  it('generates key pairs that sign and verify', () => {
    const signer = parseSignerKey(other.signerKey);
    expect(signer.verifierKey).toBe(other.verifierKey);
    const note = signNote('hello\n', [signer]);
    expect(openNote(note, [parseVerifierKey(other.verifierKey)]).text).toBe('hello\n');
    refusedWith('key.invalid', () => generateSignerKey('has space'));
    refusedWith('key.invalid', () => generateSignerKey('has+plus'));
  });
});

describe('C2SP signed notes', () => {
  it.each(signed.map((c) => [c.name, c] as const))('reproduces %s byte for byte', (_name, c) => {
    const note = signNote(c.text, [parseSignerKey(c.privateKey!)]);
    expect(Buffer.from(note, 'utf8').toString('hex')).toBe(Buffer.from(c.signedNote, 'utf8').toString('hex'));
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('opens %s with its verifier key', (_name, c) => {
    const opened = openNote(c.signedNote, [parseVerifierKey(c.verifierKey)]);
    expect(opened.text).toBe(c.text);
    expect(opened.verified.map((s) => s.name)).toEqual([c.verifierKey.split('+')[0]]);
    expect(opened.unverified).toEqual([]);
    // From bytes too, as read from a file.
    expect(openNote(Buffer.from(c.signedNote, 'utf8'), [parseVerifierKey(c.verifierKey)]).text).toBe(c.text);
  });

  it('signs with several keys and sets aside signatures by unknown keys', () => {
    const note = signNote(peter.text, [peterSigner, parseSignerKey(other.signerKey)]);
    const opened = openNote(note, [peterVerifier]);
    expect(opened.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(opened.unverified.map((s) => s.name)).toEqual(['other.example/log']);
    expect(openNote(note, [peterVerifier, parseVerifierKey(other.verifierKey)]).verified).toHaveLength(2);
  });

  it('ignores a key that shares only the name or only the key id of a known key', () => {
    const sameName = parseVerifierKey(generateSignerKey('PeterNeumann').verifierKey);
    const sameId: NoteVerifier = { name: 'Peter', keyId: peterVerifier.keyId, verify: () => true };
    refusedWith('note.unverified', () => openNote(peter.signedNote, [sameName, sameId]));
  });

  it('refuses a note signed by no known key', () => {
    refusedWith('note.unverified', () => openNote(peter.signedNote, [parseVerifierKey(other.verifierKey)]));
    refusedWith('note.unverified', () => openNote(peter.signedNote, []));
  });

  it('refuses the whole note when a known key signed badly, even beside a good signature', () => {
    const line = peter.signedNote.split('\n').at(-2)!;
    const forged = line.slice(0, -6) + (line.at(-6) === 'A' ? 'B' : 'A') + line.slice(-5);
    refusedWith('note.bad_signature', () => openNote(`${peter.text}\n${forged}\n`, [peterVerifier]));
    refusedWith('note.bad_signature', () => openNote(`${peter.signedNote}${forged}\n`, [peterVerifier]));
  });

  it('refuses a note whose text changed', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 127 }), (at, delta) => {
        const i = at % (peter.text.length - 1);
        const code = (peter.text.charCodeAt(i) + delta) % 128;
        const text = peter.text.slice(0, i) + String.fromCharCode(code) + peter.text.slice(i + 1);
        const note = text + peter.signedNote.slice(peter.text.length);
        expect(() => openNote(note, [peterVerifier])).toThrow(LedgerError);
      }),
      { numRuns: 200 },
    );
  });

  const sig = peter.signedNote.slice(peter.text.length + 1);
  const sigBody = sig.slice('\u2014 PeterNeumann '.length, -1);
  it.each([
    ['no blank line', `${peter.text}${sig}`],
    ['no signature', `${peter.text}\n`],
    ['no final newline', peter.signedNote.slice(0, -1)],
    ['a blank line after the signatures', `${peter.signedNote}\n`],
    ['a hyphen for the em dash', `${peter.text}\n- PeterNeumann ${sigBody}\n`],
    ['two hyphens for the em dash', `${peter.text}\n-- PeterNeumann ${sigBody}\n`],
    ['an en dash', `${peter.text}\n\u2013 PeterNeumann ${sigBody}\n`],
    ['no space after the dash', `${peter.text}\n\u2014PeterNeumann ${sigBody}\n`],
    ['two spaces after the name', `${peter.text}\n\u2014 PeterNeumann  ${sigBody}\n`],
    ['no signature after the name', `${peter.text}\n\u2014 PeterNeumann\n`],
    ['an empty signature', `${peter.text}\n\u2014 PeterNeumann \n`],
    ['a signature too short for a key id', `${peter.text}\n\u2014 PeterNeumann AAAA\n`],
    ['a signature not in base64', `${peter.text}\n\u2014 PeterNeumann ${sigBody.replace('/', '_')}\n`],
    ['a carriage return', peter.signedNote.replace('\n\n', '\r\n\n')],
    ['a tab', peter.signedNote.replace(' ', '\t')],
    ['a NUL', peter.signedNote.replace(' ', '\0')],
    ['a lone surrogate', peter.signedNote.replace(' ', '\ud800')],
    ['a text line among the signatures', `${peter.signedNote}not a signature\n`],
    ['101 signatures', `${peter.text}\n${sig.repeat(101)}`],
  ])('refuses a note with %s', (_what, note) => {
    refusedWith('note.malformed', () => openNote(note, [peterVerifier]));
  });

  it('accepts 100 signatures, the cap', () => {
    expect(openNote(`${peter.text}\n${sig.repeat(100)}`, [peterVerifier]).verified).toHaveLength(1);
  });

  it('refuses invalid UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from([0xff]), Buffer.from(peter.signedNote, 'utf8')]);
    refusedWith('note.malformed', () => openNote(bytes, [peterVerifier]));
  });

  it('keeps blank lines inside the text: the last one separates the signatures', () => {
    const text =
      'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n';
    for (const t of [text, `${text}\n`, '\n']) {
      expect(openNote(signNote(t, [peterSigner]), [peterVerifier]).text).toBe(t);
    }
  });

  it('refuses to sign text that no verifier would open', () => {
    refusedWith('note.malformed', () => signNote('no newline', [peterSigner]));
    refusedWith('note.malformed', () => signNote('', [peterSigner]));
    refusedWith('note.malformed', () => signNote('tab\there\n', [peterSigner]));
    expect(() => signNote('x\n', [])).toThrow(RangeError);
  });

  it('round-trips any text of printable lines', () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => ![...s].some((c) => c < ' '));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        const text = `${lines.join('\n')}\n`;
        expect(openNote(signNote(text, [peterSigner]), [peterVerifier]).text).toBe(text);
      }),
      { numRuns: 100 },
    );
  });
});
