import type { AddresseeStatus } from '../shared/vocabulary.ts';

/**
 * The status of one addressee at moment `at` (DESIGN.md rule 3). `submittedAt` is that of R, the
 * latest response submitted at or before `at`, or null when there is none. Instants are stored text.
 */
export function addresseeStatus(options: {
  at: string;
  dueAt: string | null;
  submittedAt: string | null;
  answered: number;
  total: number;
}): AddresseeStatus {
  const { at, dueAt, submittedAt, answered, total } = options;
  const duePassed = dueAt !== null && at > dueAt;
  if (submittedAt === null && !duePassed) return 'pending';
  if (submittedAt !== null && answered >= total) {
    return dueAt === null || submittedAt <= dueAt ? 'answered' : 'answered_late';
  }
  return duePassed ? 'overdue' : 'partial';
}
