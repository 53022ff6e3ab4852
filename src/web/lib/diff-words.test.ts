import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffWords, shortestEdit, tokenize } from './diff-words.ts';

const before = (ops: ReturnType<typeof diffWords>) =>
  ops
    .filter((o) => o.kind !== 'insert')
    .map((o) => o.text)
    .join('');
const after = (ops: ReturnType<typeof diffWords>) =>
  ops
    .filter((o) => o.kind !== 'delete')
    .map((o) => o.text)
    .join('');

describe('diffWords', () => {
  it('marks the words that changed and keeps the rest', () => {
    expect(
      diffWords('The Parties shall not deploy forces', 'The Parties shall refrain from deploying forces'),
    ).toEqual([
      { kind: 'equal', text: 'The Parties shall ' },
      { kind: 'delete', text: 'not deploy' },
      { kind: 'insert', text: 'refrain from deploying' },
      { kind: 'equal', text: ' forces' },
    ]);
  });

  it('handles empty sides and identical texts', () => {
    expect(diffWords('', 'new text')).toEqual([{ kind: 'insert', text: 'new text' }]);
    expect(diffWords('old text', '')).toEqual([{ kind: 'delete', text: 'old text' }]);
    expect(diffWords('same', 'same')).toEqual([{ kind: 'equal', text: 'same' }]);
  });

  it('splits Cyrillic words and punctuation as words', () => {
    expect(tokenize('Статья 4, пункт 2.')).toEqual(['Статья', ' ', '4', ',', ' ', 'пункт', ' ', '2', '.']);
  });

  it('always rebuilds both texts from its runs, with no two runs of one kind side by side', () => {
    const words = fc.constantFrom('a', 'b', 'c', ' ', ', ', 'treaty', 'NATO', 'д');
    const text = fc.array(words, { maxLength: 40 }).map((w) => w.join(''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const ops = diffWords(a, b);
        expect(before(ops)).toBe(a);
        expect(after(ops)).toBe(b);
        for (let i = 1; i < ops.length; i++) expect(ops[i]!.kind).not.toBe(ops[i - 1]!.kind);
      }),
      { numRuns: 500 },
    );
  });

  it('finds a shortest edit: no more changed words than a longest common subsequence allows', () => {
    const words = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 12 });
    fc.assert(
      fc.property(words, words, (a, b) => {
        const ops = shortestEdit(a.join(' '), b.join(' '));
        const changed = ops
          .filter((o) => o.kind !== 'equal')
          .reduce((n, o) => n + tokenize(o.text).length, 0);
        const x = tokenize(a.join(' '));
        const y = tokenize(b.join(' '));
        const lcs = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
        for (let i = 1; i <= x.length; i++)
          for (let j = 1; j <= y.length; j++)
            lcs[i]![j] =
              x[i - 1] === y[j - 1] ? lcs[i - 1]![j - 1]! + 1 : Math.max(lcs[i - 1]![j]!, lcs[i]![j - 1]!);
        expect(changed).toBe(x.length + y.length - 2 * lcs[x.length]![y.length]!);
      }),
      { numRuns: 500 },
    );
  });
});
