import { NEEDS_PROPOSED_TEXT, needsText, type Draft, type DraftAnswer, type Position } from '../api/types.ts';

// What the response editor holds for each point: what the person typed, the server revision those
// edits build on, and where saving stands. The server never overwrites what is being typed: a
// colleague's save that crossed ours comes back as a conflict to resolve, and a colleague's save
// to a point nobody here is editing is taken in quietly.

export interface Values {
  position: Position | null;
  text: string;
  proposedText: string;
}

export type Phase = 'saved' | 'editing' | 'saving' | 'conflict' | 'error';

export interface PointState extends Values {
  key: string;
  /** The revision our edits build on: sent as If-Match. */
  revision: number;
  /** What the server holds at `revision`, as far as we know. */
  stored: Values;
  phase: Phase;
  /** A save of this point is on its way (edits may have gone on since). */
  sending?: boolean;
  /** A colleague's answer that crossed ours (phase `conflict`). */
  theirs?: { revision: number; answer: Values };
  error?: string;
}

export interface EditorState {
  order: string[];
  points: Record<string, PointState>;
}

export type Action =
  | { type: 'load'; draft: Draft }
  | { type: 'edit'; key: string; patch: Partial<Values> }
  | { type: 'saving'; key: string }
  | { type: 'saved'; key: string; revision: number; sent: Values }
  | { type: 'conflict'; key: string; revision: number; answer: DraftAnswer | null }
  | { type: 'keepMine'; key: string }
  | { type: 'takeTheirs'; key: string }
  | { type: 'failed'; key: string; message: string }
  | { type: 'remote'; draft: Draft };

export const valuesOf = (a: DraftAnswer | null): Values => ({
  position: a?.position ?? null,
  text: a?.text ?? '',
  proposedText: a?.proposedText ?? '',
});

export const sameValues = (a: Values, b: Values) =>
  a.position === b.position && a.text === b.text && a.proposedText === b.proposedText;

/** What a point still lacks before it counts as answered (DESIGN.md: text unless accept; proposed text for changes). */
export function gapsOf(v: Values): ('position' | 'text' | 'proposedText')[] {
  if (v.position === null) return ['position'];
  const gaps: ('text' | 'proposedText')[] = [];
  if (needsText(v.position) && !v.text.trim()) gaps.push('text');
  if (NEEDS_PROPOSED_TEXT.has(v.position) && !v.proposedText.trim()) gaps.push('proposedText');
  return gaps;
}

/** The body of a save: null position clears the point's draft answer. */
export function saveBody(v: Values) {
  if (v.position === null) return { position: null };
  return {
    position: v.position,
    text: v.text,
    ...(NEEDS_PROPOSED_TEXT.has(v.position) || v.proposedText ? { proposedText: v.proposedText } : {}),
  };
}

function fromDraft(draft: Draft): EditorState {
  const points: Record<string, PointState> = {};
  for (const p of draft.points) {
    if (!p.demandsAnswer) continue;
    const v = valuesOf(p.answer);
    points[p.key] = { key: p.key, ...v, stored: v, revision: p.revision, phase: 'saved' };
  }
  return { order: draft.points.filter((p) => p.demandsAnswer).map((p) => p.key), points };
}

function update(state: EditorState, key: string, f: (p: PointState) => PointState): EditorState {
  const p = state.points[key];
  if (!p) return state;
  return { ...state, points: { ...state.points, [key]: f(p) } };
}

export function reduce(state: EditorState, action: Action): EditorState {
  switch (action.type) {
    case 'load':
      return fromDraft(action.draft);
    case 'edit':
      return update(state, action.key, (p) => {
        const next = { ...p, ...action.patch };
        const phase: Phase =
          p.phase === 'conflict'
            ? 'conflict'
            : sameValues(next, p.stored) && p.phase !== 'saving'
              ? 'saved'
              : 'editing';
        return { ...next, phase, error: undefined };
      });
    case 'saving':
      return update(state, action.key, (p) => ({ ...p, phase: 'saving', sending: true }));
    case 'saved':
      return update(state, action.key, (p) => ({
        ...p,
        revision: action.revision,
        stored: action.sent,
        sending: false,
        // Typing went on while the save was on its way: that is saved next.
        phase: p.phase === 'conflict' ? 'conflict' : sameValues(p, action.sent) ? 'saved' : 'editing',
      }));
    case 'conflict':
      return update(state, action.key, (p) => {
        const answer = valuesOf(action.answer);
        p = { ...p, sending: false };
        // The colleague saved exactly what we have: no choice to make.
        if (sameValues(p, answer)) return { ...p, revision: action.revision, stored: answer, phase: 'saved' };
        return { ...p, phase: 'conflict', theirs: { revision: action.revision, answer } };
      });
    case 'keepMine':
      return update(state, action.key, (p) =>
        p.theirs
          ? {
              ...p,
              revision: p.theirs.revision,
              stored: p.theirs.answer,
              theirs: undefined,
              phase: 'editing',
            }
          : p,
      );
    case 'takeTheirs':
      return update(state, action.key, (p) =>
        p.theirs
          ? {
              ...p,
              ...p.theirs.answer,
              revision: p.theirs.revision,
              stored: p.theirs.answer,
              theirs: undefined,
              phase: 'saved',
            }
          : p,
      );
    case 'failed':
      return update(state, action.key, (p) => ({
        ...p,
        phase: 'error',
        sending: false,
        error: action.message,
      }));
    case 'remote': {
      let next = state;
      for (const point of action.draft.points) {
        const p = next.points[point.key];
        // Our own save, on its way, is not a colleague's: its answer settles the point.
        if (!p || p.sending || point.revision <= p.revision) continue;
        const answer = valuesOf(point.answer);
        if (p.phase === 'saved') {
          next = update(next, point.key, (q) => ({
            ...q,
            ...answer,
            stored: answer,
            revision: point.revision,
          }));
        } else if (p.phase === 'editing' || p.phase === 'error') {
          // Someone saved under our edits: ask now rather than after our save bounces.
          next = reduce(next, {
            type: 'conflict',
            key: point.key,
            revision: point.revision,
            answer: point.answer,
          });
        }
      }
      return next;
    }
  }
}

/** Points answered (a position and every text it needs) and the points that demand an answer. */
export function progress(state: EditorState): { answered: number; total: number; unanswered: string[] } {
  const unanswered = state.order.filter((k) => gapsOf(state.points[k]!).length > 0);
  return { answered: state.order.length - unanswered.length, total: state.order.length, unanswered };
}

/** Whether every edit has reached the server (nothing typing, saving, in conflict or failed). */
export const allSaved = (state: EditorState) => state.order.every((k) => state.points[k]!.phase === 'saved');
