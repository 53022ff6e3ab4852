import { POSITIONS_WITH_PROPOSED_TEXT, type Position } from '../shared/vocabulary.ts';

export interface AnswerFields {
  position: Position;
  text?: string | null | undefined;
  proposedText?: string | null | undefined;
}

/**
 * What an answer lacks for its position (DESIGN.md: `text` is required except for `accept`;
 * `proposedText` for `accept_with_changes` and `counter_proposal`). Each entry is a field and why.
 */
export function answerGaps(answer: AnswerFields): { field: 'text' | 'proposedText'; message: string }[] {
  const gaps: { field: 'text' | 'proposedText'; message: string }[] = [];
  if (answer.position !== 'accept' && !hasText(answer.text)) {
    gaps.push({ field: 'text', message: `is required when the position is ${answer.position}` });
  }
  if (POSITIONS_WITH_PROPOSED_TEXT.includes(answer.position) && !hasText(answer.proposedText)) {
    gaps.push({ field: 'proposedText', message: `is required when the position is ${answer.position}` });
  }
  return gaps;
}

function hasText(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}
