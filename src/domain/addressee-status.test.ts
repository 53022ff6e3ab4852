import { describe, expect, it } from 'vitest';
import { addresseeStatus } from './addressee-status.ts';

const DUE = '2022-01-20T17:00:00.000Z';
const BEFORE = '2022-01-15T00:00:00.000Z';
const AFTER = '2022-01-25T00:00:00.000Z';

// DESIGN.md rule 3, case by case: [at, dueAt, submittedAt, answered, total, status].
const CASES: [string, string | null, string | null, number, number, string][] = [
  [BEFORE, DUE, null, 0, 4, 'pending'],
  [AFTER, null, null, 0, 4, 'pending'],
  [AFTER, DUE, null, 0, 4, 'overdue'],
  [DUE, DUE, null, 0, 4, 'pending'], // the deadline itself has not passed
  [BEFORE, DUE, BEFORE, 2, 4, 'partial'],
  [AFTER, DUE, BEFORE, 2, 4, 'overdue'],
  [AFTER, null, BEFORE, 2, 4, 'partial'],
  [BEFORE, DUE, BEFORE, 4, 4, 'answered'],
  [AFTER, DUE, DUE, 4, 4, 'answered'], // submitted exactly at the deadline is on time
  [AFTER, DUE, AFTER, 4, 4, 'answered_late'],
  [AFTER, null, AFTER, 4, 4, 'answered'],
  [BEFORE, DUE, BEFORE, 0, 0, 'answered'], // nothing demanded an answer, and a response came
];

describe('addresseeStatus', () => {
  for (const [at, dueAt, submittedAt, answered, total, status] of CASES) {
    it(`is ${status} at ${at.slice(0, 10)}, due ${dueAt?.slice(0, 10) ?? 'never'}, submitted ${submittedAt?.slice(0, 10) ?? 'never'}, ${answered}/${total}`, () => {
      expect(addresseeStatus({ at, dueAt, submittedAt, answered, total })).toBe(status);
    });
  }
});
