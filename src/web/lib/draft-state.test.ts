import { describe, expect, it } from 'vitest';
import type { Draft } from '../api/types.ts';
import { allSaved, progress, reduce, saveBody, type EditorState } from './draft-state.ts';

function draft(
  points: {
    key: string;
    revision?: number;
    position?: 'accept' | 'reject' | 'counter_proposal';
    text?: string;
  }[],
): Draft {
  return {
    delivery: 'd1',
    party: 'us',
    basedOn: null,
    answered: 0,
    total: points.length,
    abilities: {},
    points: [
      {
        key: 'preamble',
        label: 'Preamble',
        heading: 'Preamble',
        text: null,
        depth: 0,
        demandsAnswer: false,
        change: null,
        answer: null,
        carried: false,
        needsAnswer: false,
        gaps: [],
        revision: 0,
      },
      ...points.map((p) => ({
        key: p.key,
        label: p.key,
        heading: null,
        text: 'text',
        depth: 0,
        demandsAnswer: true,
        change: null,
        answer: p.position ? { position: p.position, text: p.text ?? null, proposedText: null } : null,
        carried: false,
        needsAnswer: !p.position,
        gaps: [],
        revision: p.revision ?? 0,
      })),
    ],
  };
}

const start = (d: Draft): EditorState => reduce({ order: [], points: {} }, { type: 'load', draft: d });

describe('the response editor state', () => {
  it('keeps only points that demand an answer, and counts what is answered by DESIGN.md rules', () => {
    let s = start(
      draft([{ key: 'a' }, { key: 'b', position: 'accept' }, { key: 'c', position: 'reject', text: '' }]),
    );
    expect(s.order).toEqual(['a', 'b', 'c']);
    expect(progress(s)).toEqual({ answered: 1, total: 3, unanswered: ['a', 'c'] });
    s = reduce(s, { type: 'edit', key: 'c', patch: { text: 'No.' } });
    s = reduce(s, { type: 'edit', key: 'a', patch: { position: 'counter_proposal', text: 'Instead:' } });
    expect(progress(s).unanswered).toEqual(['a']); // a counter-proposal needs its proposed text
  });

  it('never loses typing: edits made while a save is on its way are saved next', () => {
    let s = start(draft([{ key: 'a', revision: 1, position: 'reject', text: 'No' }]));
    s = reduce(s, { type: 'edit', key: 'a', patch: { text: 'No.' } });
    expect(s.points.a!.phase).toBe('editing');
    const sent = { position: 'reject' as const, text: 'No.', proposedText: '' };
    s = reduce(s, { type: 'saving', key: 'a' });
    s = reduce(s, { type: 'edit', key: 'a', patch: { text: 'No. Never.' } });
    s = reduce(s, { type: 'saved', key: 'a', revision: 2, sent });
    expect(s.points.a).toMatchObject({ text: 'No. Never.', revision: 2, phase: 'editing' });
    expect(allSaved(s)).toBe(false);
  });

  it('turns a crossed save into a choice, and either choice leaves the other text untouched until chosen', () => {
    let s = start(draft([{ key: 'a', revision: 1, position: 'reject', text: 'No' }]));
    s = reduce(s, { type: 'edit', key: 'a', patch: { text: 'Mine' } });
    s = reduce(s, {
      type: 'conflict',
      key: 'a',
      revision: 3,
      answer: { position: 'accept', text: null, proposedText: null },
    });
    expect(s.points.a).toMatchObject({ phase: 'conflict', text: 'Mine', theirs: { revision: 3 } });
    s = reduce(s, { type: 'edit', key: 'a', patch: { text: 'Mine, still typing' } });
    expect(s.points.a!.phase).toBe('conflict');
    const kept = reduce(s, { type: 'keepMine', key: 'a' });
    expect(kept.points.a).toMatchObject({ phase: 'editing', revision: 3, text: 'Mine, still typing' });
    const taken = reduce(s, { type: 'takeTheirs', key: 'a' });
    expect(taken.points.a).toMatchObject({ phase: 'saved', revision: 3, position: 'accept', text: '' });
  });

  it("takes a colleague's save into points not being edited, and asks about points that are", () => {
    let s = start(
      draft([
        { key: 'a', revision: 1 },
        { key: 'b', revision: 1 },
      ]),
    );
    s = reduce(s, { type: 'edit', key: 'b', patch: { position: 'accept' } });
    s = reduce(s, {
      type: 'remote',
      draft: draft([
        { key: 'a', revision: 2, position: 'reject', text: 'From a colleague' },
        { key: 'b', revision: 2, position: 'reject', text: 'Also' },
      ]),
    });
    expect(s.points.a).toMatchObject({ phase: 'saved', revision: 2, text: 'From a colleague' });
    expect(s.points.b).toMatchObject({ phase: 'conflict', position: 'accept' });
  });

  it('sends null to clear a point and proposed text only where it belongs', () => {
    expect(saveBody({ position: null, text: 'x', proposedText: '' })).toEqual({ position: null });
    expect(saveBody({ position: 'reject', text: 'No', proposedText: '' })).toEqual({
      position: 'reject',
      text: 'No',
    });
    expect(saveBody({ position: 'accept_with_changes', text: 'Yes', proposedText: '' })).toEqual({
      position: 'accept_with_changes',
      text: 'Yes',
      proposedText: '',
    });
  });
});
