import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeBase64,
  encodeBase64,
  verifyBundle,
  type VerifyOptions,
  type VerifyReport,
} from './verify-bundle.ts';

// The browser verifier must say exactly what `pointwise ledger verify` says. The reference verifier
// and the bundles come from Node code (src/server/test-bundles.ts), which the web app's type check
// must not see: it is loaded at run time by a path TypeScript does not follow, and typed here.

interface Item {
  entry?: Record<string, unknown> & { index: number; actor: Record<string, unknown> };
  leafHash?: string;
  salt?: string;
  content?: unknown;
}
interface Bundle {
  format: string;
  origin: string;
  verifierKey: string;
  checkpoint: string;
  checkpoints: string[];
  entries: Item[];
}
interface Log {
  origin: string;
  verifierKey: string;
  note(size: number): string;
  sign(text: string): string;
  bundle(size?: number, earlier?: number[]): Bundle;
}
interface NodeSide {
  verifyBundle(data: unknown, options?: { key?: string; previous?: string }): VerifyReport;
  worldBundles(people: readonly string[]): Promise<{
    bundles: Record<string, Bundle>;
    verifierKey: string;
    dispose(): Promise<void>;
  }>;
  syntheticLog(n: number, change?: (i: number) => unknown): Log;
  prune(bundle: Bundle, indexes: Iterable<number>): Bundle;
  otherVerifierKey(): string;
  merkleFixture(name: string): unknown;
  decodeBase64(text: string): Uint8Array | null;
  encodeBase64(bytes: Uint8Array): string;
}
const NODE_SIDE = '../../server/test-bundles.ts';
const node = (await import(/* @vite-ignore */ NODE_SIDE)) as NodeSide;

/** Both verifiers on one bundle: their reports must be equal, field for field and word for word. */
async function agree(
  bundle: unknown,
  options: Pick<VerifyOptions, 'key' | 'previous' | 'chunkSize'> = {},
): Promise<VerifyReport> {
  const { chunkSize, ...shared } = options;
  const expected = node.verifyBundle(structuredClone(bundle), shared);
  const actual = await verifyBundle(bundle, { ...shared, chunkSize });
  expect(actual).toStrictEqual(expected);
  return actual;
}

const clone = <T>(value: T): T => structuredClone(value);

/** Changes one character of the first string found inside `value` (a content), or replaces it. */
function alterContent(value: unknown): unknown {
  const visit = (v: unknown): { found: boolean; value: unknown } => {
    if (typeof v === 'string')
      return { found: true, value: `${v.slice(0, -1)}${v.endsWith('x') ? 'y' : 'x'}` };
    if (Array.isArray(v) || (v && typeof v === 'object')) {
      const copy: Record<string, unknown> = Array.isArray(v) ? ([...v] as never) : { ...v };
      for (const key of Object.keys(copy)) {
        const r = visit(copy[key]);
        if (r.found) {
          copy[key] = r.value;
          return { found: true, value: copy };
        }
      }
    }
    return { found: false, value: v };
  };
  const r = visit(value);
  return r.found ? r.value : { altered: true };
}

/** Flips one base64 character (keeping it base64), so the bytes change but the spelling stays valid. */
function flipBase64(text: string, at: number): string {
  const c = text[at]!;
  return `${text.slice(0, at)}${c === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
}

/** What someone might do to a bundle, at entry `i` (and `j`), each named for the report. */
function tamperings(b: Bundle, i: number, j: number): [string, Bundle][] {
  const out: [string, Bundle][] = [];
  const add = (what: string, change: (c: Bundle) => void) => {
    const c = clone(b);
    change(c);
    out.push([what, c]);
  };
  const revealed = (c: Bundle, k: number) => c.entries[k]!.entry !== undefined;
  add('entry removed', (c) => c.entries.splice(i, 1));
  if (i !== j) add('entries swapped', (c) => ([c.entries[i], c.entries[j]] = [c.entries[j]!, c.entries[i]!]));
  add('entry duplicated', (c) => c.entries.splice(i, 0, clone(c.entries[i]!)));
  add('last entry removed', (c) => c.entries.pop());
  add('entry appended', (c) => c.entries.push(clone(c.entries[i]!)));
  add('entry replaced by null', (c) => ((c.entries as unknown[])[i] = null));
  add('entry replaced by a number', (c) => ((c.entries as unknown[])[i] = 5));
  add('entry emptied', (c) => (c.entries[i] = {}));
  if (revealed(b, i)) {
    add('content changed', (c) => (c.entries[i]!.content = alterContent(c.entries[i]!.content)));
    add('content removed', (c) => delete c.entries[i]!.content);
    add('salt removed', (c) => delete c.entries[i]!.salt);
    add('salt changed', (c) => (c.entries[i]!.salt = flipBase64(c.entries[i]!.salt!, 3)));
    add('salt not base64', (c) => (c.entries[i]!.salt = 'not base64!'));
    add('salt and content withheld', (c) => {
      delete c.entries[i]!.salt;
      delete c.entries[i]!.content;
    });
    add('content not JSON', (c) => (c.entries[i]!.content = { n: Number.NaN }));
    add('commitment changed', (c) => (c.entries[i]!.entry!.commitment = 'x'));
    add('type changed', (c) => (c.entries[i]!.entry!.type = 'party.deleted'));
    add('recordedAt changed', (c) => (c.entries[i]!.entry!.recordedAt = '2021-01-01T00:00:00.000Z'));
    add('actor changed', (c) => (c.entries[i]!.entry!.actor = { kind: 'party', party: 'z' }));
    add('index changed', (c) => (c.entries[i]!.entry!.index += 1));
    add('format changed', (c) => (c.entries[i]!.entry!.format = 'pointwise-ledger-entry/2'));
    add(
      'previous leaf dropped or invented',
      (c) => (c.entries[i]!.entry!.previousLeaf = c.entries[i]!.entry!.previousLeaf === null ? 'AAAA' : null),
    );
    add('previous leaf forged', (c) => {
      const previous = c.entries[i]!.entry!.previousLeaf;
      c.entries[i]!.entry!.previousLeaf = typeof previous === 'string' ? flipBase64(previous, 1) : 'AAAA';
    });
    add('entry field added', (c) => (c.entries[i]!.entry!.note = 'added'));
    add('entry not JSON', (c) => (c.entries[i]!.entry!.note = undefined as never));
    add(
      'entry withheld as a wrong hash',
      (c) => (c.entries[i] = { leafHash: b.entries[j]!.leafHash ?? 'AAAA' }),
    );
  } else {
    add('leaf hash changed', (c) => (c.entries[i]!.leafHash = flipBase64(c.entries[i]!.leafHash!, 5)));
    add('leaf hash truncated', (c) => (c.entries[i]!.leafHash = c.entries[i]!.leafHash!.slice(0, 40)));
    add('leaf hash not base64', (c) => (c.entries[i]!.leafHash = '!'.repeat(44)));
  }
  return out;
}

/** Alterations of the bundle as a whole: its checkpoint, key, origin and shape. */
function headTamperings(b: Bundle, other: string): [string, Bundle | unknown, VerifyOptions?][] {
  const lines = b.checkpoint.split('\n');
  const sigLine = lines.findIndex((l) => l.startsWith('\u2014 '));
  const withLine = (k: number, line: string) => {
    const c = clone(b);
    const l = [...lines];
    l[k] = line;
    c.checkpoint = l.join('\n');
    return c;
  };
  const sig = lines[sigLine]!;
  const cosignature = `\u2014 witness.example ${btoa(String.fromCharCode(...new Uint8Array(68).fill(7)))}`;
  const keyField = b.verifierKey.split('+');
  return [
    ['signature altered', withLine(sigLine, flipBase64(sig, sig.length - 10))],
    ['signature key id altered', withLine(sigLine, flipBase64(sig, sig.lastIndexOf(' ') + 2))],
    ['signature line malformed', withLine(sigLine, sig.replace('\u2014 ', '- '))],
    ['signature removed', withLine(sigLine, '')],
    ['checkpoint size altered', withLine(1, String(Number(lines[1]) + 1))],
    ['checkpoint root altered', withLine(2, flipBase64(lines[2]!, 7))],
    ['checkpoint origin altered', withLine(0, `${lines[0]}x`)],
    ['bundle origin altered', { ...clone(b), origin: `${b.origin}x` }],
    ['checkpoint not text', { ...clone(b), checkpoint: 7 }],
    ['checkpoint with a control character', withLine(0, `${lines[0]}\u0007`)],
    ['a cosignature by another key', { ...clone(b), checkpoint: `${b.checkpoint}${cosignature}\n` }],
    ['too many signatures', { ...clone(b), checkpoint: `${b.checkpoint}${`${cosignature}\n`.repeat(100)}` }],
    ['wrong key given', clone(b), { key: other }],
    ['right key given', clone(b), { key: b.verifierKey }],
    ['bundle names another key', { ...clone(b), verifierKey: other }],
    ['bundle names no key', { ...clone(b), verifierKey: undefined }],
    [
      'key id altered',
      { ...clone(b), verifierKey: [keyField[0], '00000000', ...keyField.slice(2)].join('+') },
    ],
    ['key not base64', { ...clone(b), verifierKey: `${keyField[0]}+${keyField[1]}+!!!` }],
    ['key too short', { ...clone(b), verifierKey: `${keyField[0]}+${keyField[1]}+AQID` }],
    [
      'key of another type',
      { ...clone(b), verifierKey: `${keyField[0]}+${keyField[1]}+Ag${keyField.slice(2).join('+').slice(2)}` },
    ],
    ['format altered', { ...clone(b), format: 'pointwise-ledger-bundle/2' }],
    ['entries missing', { ...clone(b), entries: undefined }],
    ['earlier checkpoints garbled', { ...clone(b), checkpoints: ['x', null, 3] }],
    ['not an object', [b]],
    ['null', null],
  ];
}

describe('verifyBundle in the browser, against the Node verifier', () => {
  let world: Awaited<ReturnType<NodeSide['worldBundles']>>;
  beforeAll(async () => {
    world = await node.worldBundles(['visitor', 'aLead', 'bLead', 'cLead', 'admin']);
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it("accepts every bundle the API gives, a party's pruned ones included, checked against the server's key", async () => {
    for (const [who, bundle] of Object.entries(world.bundles)) {
      const report = await agree(bundle, { key: world.verifierKey });
      expect(report.ok, who).toBe(true);
      expect(report.size, who).toBe(bundle.entries.length);
    }
    const hidden = (who: string) => world.bundles[who]!.entries.filter((e) => e.entry === undefined).length;
    expect(hidden('bLead')).toBeGreaterThan(0);
    expect(hidden('visitor')).toBeGreaterThan(hidden('aLead'));
    expect(hidden('operator')).toBe(0);
  });

  it('reports what the Node verifier reports, with the same entry index, for every tampering of real bundles', async () => {
    for (const who of ['operator', 'bLead', 'visitor']) {
      const bundle = world.bundles[who]!;
      const n = bundle.entries.length;
      const firstHidden = bundle.entries.findIndex((e) => e.entry === undefined);
      const firstShown = bundle.entries.findIndex((e) => e.entry !== undefined);
      for (const [i, j] of [
        [0, 1],
        [Math.floor(n / 2), n - 1],
        [n - 1, 0],
        [Math.max(firstHidden, 0), firstShown],
        [firstShown, Math.max(firstHidden, 0)],
      ] as const) {
        for (const [what, tampered] of tamperings(bundle, i, j)) {
          const report = await agree(tampered, { key: world.verifierKey });
          // Withholding what an entry commits to hides it; it does not alter it.
          expect(report.ok, `${who}: ${what} at ${i}`).toBe(what === 'salt and content withheld');
        }
      }
      for (const [what, tampered, options] of headTamperings(bundle, node.otherVerifierKey())) {
        const report = await agree(tampered, options);
        // Earlier checkpoints are read only to narrow down a root that does not match.
        expect(report.ok, `${who}: ${what}`).toBe(
          ['right key given', 'earlier checkpoints garbled', 'a cosignature by another key'].includes(what),
        );
      }
    }
  });

  it('names the entry a tampering hits: the same indexes bundle.test.ts expects of the Node verifier', async () => {
    const log = node.syntheticLog(12);
    const cases: [string, (b: Bundle) => void, number, RegExp][] = [
      [
        'a changed field',
        (b) => (b.entries[4]!.entry!.recordedAt = 'x'),
        4,
        /^entry 4: does not match what entry 5/,
      ],
      [
        'the last entry changed',
        (b) => (b.entries[11]!.entry!.type = 'x'),
        11,
        /^entry 11: the entries do not give/,
      ],
      ['a removed entry', (b) => b.entries.splice(6, 1), 6, /^entry 6: says it is entry 7/],
      [
        'two entries swapped',
        (b) => ([b.entries[2], b.entries[8]] = [b.entries[8]!, b.entries[2]!]),
        2,
        /^entry 2: says it is entry 8/,
      ],
      ['the last entry removed', (b) => b.entries.pop(), 11, /^entry 11: is missing/],
      [
        'changed content',
        (b) => (b.entries[3]!.content = { key: 'p3', name: 'Someone else' }),
        3,
        /^entry 3: its content does not match/,
      ],
      [
        'a forged record of the log',
        (b) => (b.entries[0]!.entry!.previousLeaf = 'x'),
        0,
        /^entry 0: records an entry before it/,
      ],
    ];
    for (const [what, mutate, index, pattern] of cases) {
      const b = log.bundle();
      mutate(b);
      const report = await agree(b);
      expect(report.findings[0], what).toMatchObject({ index, message: expect.stringMatching(pattern) });
    }
  });

  it('gives the same report whatever the chunk size, across chunk boundaries and pruned runs', async () => {
    const log = node.syntheticLog(50);
    const pruned = node.prune(log.bundle(), [6, 7, 8, 13, 14, 20, 21, 22, 23, 49]);
    // Chunks of 7 entries: 6 and 7, 13 and 14 sit either side of a boundary, 49 ends a short last chunk.
    const at: [chunkSize: number, indexes: number[]][] = [
      [7, [6, 7, 13, 14, 48, 49]],
      [1, [0, 25]],
      [4096, [6, 49]],
    ];
    for (const bundle of [log.bundle(), pruned]) {
      for (const chunkSize of [1, 2, 7, 4096]) expect((await agree(bundle, { chunkSize })).ok).toBe(true);
      for (const [chunkSize, indexes] of at) {
        for (const i of indexes) {
          for (const [, tampered] of tamperings(bundle, i, (i + 9) % 50))
            await agree(tampered, { chunkSize });
        }
      }
    }
  });

  it('narrows a rewrite down with earlier checkpoints, and checks a previous checkpoint for a fork', async () => {
    const honest = node.syntheticLog(40);
    const forged = node.syntheticLog(40, (i) =>
      i === 21 ? { key: 'p21', name: 'Forged' } : { key: `p${i}`, name: `Party ${i}` },
    );
    const rewritten = honest.bundle(40, [3, 16, 24, 32]);
    rewritten.entries = forged.bundle().entries;
    const report = await agree(rewritten);
    expect(report.findings[0]!.message).toBe(
      'entries 16 to 23: one of them was rewritten (the entries up to 16 match a signed checkpoint; up to 24 they do not)',
    );
    await agree(forged.bundle(40, [16]), { previous: honest.note(21) });
    for (const size of [1, 2, 3, 4, 7, 8, 9, 16, 21, 22, 33, 39, 40]) {
      expect((await agree(honest.bundle(), { previous: honest.note(size) })).ok, `${size}`).toBe(true);
      expect((await agree(forged.bundle(), { previous: honest.note(size) })).ok, `${size}`).toBe(size <= 21);
    }
    await agree(honest.bundle(10), { previous: honest.note(20) });
    await agree(honest.bundle(), { previous: `${honest.note(5)}x` });
    await agree(honest.bundle(), { previous: forged.note(5) });
  });

  it('agrees on random single-character edits of a bundle and on random reshufflings of its entries', async () => {
    const log = node.syntheticLog(24);
    const bundle = node.prune(log.bundle(), [2, 3, 11, 17]);
    const text = JSON.stringify(bundle);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: text.length - 1 }),
        fc.constantFrom(...'0aAz+/=1"{}[],:\\ \u2014'.split('')),
        async (at, c) => {
          let edited: unknown;
          try {
            edited = JSON.parse(`${text.slice(0, at)}${c}${text.slice(at + 1)}`);
          } catch {
            return;
          }
          await agree(edited);
        },
      ),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(fc.constantFrom('remove', 'swap', 'duplicate', 'withhold'), fc.nat(23), fc.nat(23)),
          { minLength: 1, maxLength: 3 },
        ),
        async (ops) => {
          let b = clone(bundle);
          for (const [op, i, j] of ops) {
            const n = b.entries.length;
            if (n === 0) break;
            const [x, y] = [i % n, j % n];
            if (op === 'remove') b.entries.splice(x, 1);
            if (op === 'swap') [b.entries[x], b.entries[y]] = [b.entries[y]!, b.entries[x]!];
            if (op === 'duplicate') b.entries.splice(x, 0, clone(b.entries[x]!));
            if (op === 'withhold' && b.entries[x]!.entry) b = node.prune(b, [x]);
          }
          await agree(b);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('computes the RFC 9162 roots of the shared fixtures, and opens their signed notes as Node does', async () => {
    const roots = node.merkleFixture('tree-roots.json') as {
      leafInputsHex: string[];
      rootHashesHexBySize: string[];
    };
    const log = node.syntheticLog(0);
    const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
    const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
    const leaves = await Promise.all(
      roots.leafInputsHex.map(async (input) =>
        base64(new Uint8Array(await crypto.subtle.digest('SHA-256', Uint8Array.of(0, ...hex(input))))),
      ),
    );
    for (let size = 0; size < roots.rootHashesHexBySize.length; size++) {
      for (const [claimed, ok] of [
        [roots.rootHashesHexBySize[size]!, true],
        [roots.rootHashesHexBySize[(size + 1) % roots.rootHashesHexBySize.length]!, false],
      ] as const) {
        const bundle: Bundle = {
          format: 'pointwise-ledger-bundle/1',
          origin: log.origin,
          verifierKey: log.verifierKey,
          checkpoint: log.sign(`${log.origin}\n${size}\n${base64(hex(claimed))}\n`),
          checkpoints: [],
          entries: leaves.slice(0, size).map((leafHash) => ({ leafHash })),
        };
        expect((await agree(bundle)).ok, `size ${size}`).toBe(ok);
      }
    }

    const notes = node.merkleFixture('signed-notes.json') as {
      cases: { verifierKey: string; signedNote: string }[];
      badVerifierKeys: string[];
    };
    const shell = (verifierKey: string, checkpoint: string) => ({
      format: 'pointwise-ledger-bundle/1',
      origin: 'example',
      verifierKey,
      checkpoint,
      checkpoints: [],
      entries: [],
    });
    for (const { verifierKey, signedNote } of notes.cases) {
      // The notes are not checkpoints, so both verifiers get past the signature and refuse the text.
      expect((await agree(shell(verifierKey, signedNote))).findings[0]!.message).toMatch(/^checkpoint: /);
      const sig = signedNote.lastIndexOf(' ') + 8;
      await agree(shell(verifierKey, flipBase64(signedNote, sig)));
    }
    for (const key of notes.badVerifierKeys) await agree(shell(key, notes.cases[0]!.signedNote));
  });

  it('reads and writes base64 exactly as the ledger does: one spelling per byte string', () => {
    const same = (text: string) => {
      const expected = node.decodeBase64(text);
      expect(decodeBase64(text), JSON.stringify(text)).toEqual(
        expected === null ? null : new Uint8Array(expected),
      );
    };
    for (const text of [
      '',
      'AA==',
      'AB==',
      'AAA=',
      'AAE=',
      'AAAA',
      'A===',
      '====',
      'AA=A',
      'QQ==QQ==',
      'AA',
      'A',
      ' AAA',
      'AA-_',
      '\u00e9AAA',
    ])
      same(text);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
        expect(encodeBase64(bytes)).toBe(node.encodeBase64(bytes));
        same(node.encodeBase64(bytes));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'AQgw/+9z=_-. é'.split('')), maxLength: 12 }), same),
      { numRuns: 2000 },
    );
  });

  it('reports progress through both stages and can be stopped', async () => {
    const bundle = node.syntheticLog(30).bundle();
    const seen: string[] = [];
    const report = await verifyBundle(bundle, {
      chunkSize: 8,
      onProgress: (p) => seen.push(`${p.stage} ${p.done}/${p.total}`),
    });
    expect(report.ok).toBe(true);
    expect(seen).toEqual([
      'entries 8/30',
      'entries 16/30',
      'entries 24/30',
      'entries 30/30',
      'tree 0/26',
      'tree 8/26',
      'tree 15/26',
      'tree 22/26',
      'tree 25/26',
      'tree 26/26',
    ]);
    const stop = new AbortController();
    stop.abort();
    await expect(verifyBundle(bundle, { signal: stop.signal })).rejects.toThrow();
  });
});
