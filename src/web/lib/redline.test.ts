import { describe, expect, it } from 'vitest';
import { foldUnchanged, redline, type RedlinePoint } from './redline.ts';

const p = (key: string, text: string | null, label = key, heading: string | null = null): RedlinePoint => ({
  key,
  label,
  heading,
  text,
  depth: 0,
});

describe('redline', () => {
  it('matches points by key and says what happened to each, in the new order', () => {
    const before = [p('art_1', 'One'), p('art_2', 'Two'), p('art_3', 'Three'), p('art_4', 'Four')];
    const after = [p('art_1', 'One'), p('art_3', 'Three, amended'), p('art_4', 'Four'), p('art_5', 'Five')];
    const entries = redline(before, after);
    expect(entries.map((e) => `${e.kind}:${e.point.key}`)).toEqual([
      'unchanged:art_1',
      'removed:art_2',
      'changed:art_3',
      'unchanged:art_4',
      'added:art_5',
    ]);
    const changed = entries[2]!;
    expect(changed.kind === 'changed' && changed.text).toEqual([
      { kind: 'equal', text: 'Three' },
      { kind: 'insert', text: ', amended' },
    ]);
  });

  it('puts points removed before any surviving point first, and sees a new label or heading as a change', () => {
    const before = [p('a', 'x'), p('b', 'y', 'Article 2')];
    const after = [p('b', 'y', 'Article 3'), p('c', null, 'C', 'Final provisions')];
    expect(redline(before, after).map((e) => `${e.kind}:${e.point.key}`)).toEqual([
      'removed:a',
      'changed:b',
      'added:c',
    ]);
  });

  it('folds runs of unchanged points', () => {
    const same = [p('a', '1'), p('b', '2'), p('c', '3'), p('d', '4')];
    const after = [p('a', '1'), p('b', '2'), p('c', '3*'), p('d', '4')];
    const folded = foldUnchanged(redline(same, after));
    expect(folded.map((f) => (f.kind === 'folded' ? `folded:${f.points.length}` : f.kind))).toEqual([
      'folded:2',
      'changed',
      'folded:1',
    ]);
  });
});
