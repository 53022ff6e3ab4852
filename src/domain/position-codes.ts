import type { Position } from '../shared/vocabulary.ts';

/**
 * A response's positions in one short string: character i is the position on the point of
 * ordinal i in the delivered version, `-` for no answer. Written once with the (immutable)
 * response, it lets the matrix read one small row per addressee, with no per-answer rows or parsing.
 */
const CODE: Record<Position, string> = {
  accept: 'a',
  accept_with_changes: 'w',
  reject: 'r',
  counter_proposal: 'c',
  clarification_requested: 'q',
  deferred: 'd',
  no_position: 'n',
};

const NONE = '-';

/** Position by character code, for decoding without allocating. */
const DECODE: (Position | null)[] = [];
for (const [position, code] of Object.entries(CODE)) DECODE[code.charCodeAt(0)] = position as Position;

/** Encodes answers (by point ordinal) for a version of `pointCount` points. */
export function encodePositions(
  pointCount: number,
  answers: Iterable<{ ordinal: number; position: Position }>,
): string {
  const chars = new Array<string>(pointCount).fill(NONE);
  for (const a of answers) chars[a.ordinal] = CODE[a.position];
  return chars.join('');
}

/** The position on the point of `ordinal`, or null when there is no answer to it. */
export function positionAt(codes: string, ordinal: number): Position | null {
  return DECODE[codes.charCodeAt(ordinal)] ?? null;
}
