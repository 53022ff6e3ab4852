import type { Problem } from '../shared/app-error.ts';
import type { MeetingFile, StatementFile } from '../shared/dossier-file.ts';

// Rules of one meeting or statement that need nothing but the item itself: used by the use cases
// and by dossier file validation (check-references.ts). Pure. Paths are relative to the item.

/** Whether a file's meeting was fixed (place, time, participants or agenda), not only asked for. */
export function isArranged(m: MeetingFile): boolean {
  return (
    m.requestedBy === undefined ||
    m.place !== undefined ||
    m.startsAt !== undefined ||
    m.endsAt !== undefined ||
    (m.participants ?? []).length > 0 ||
    (m.agenda ?? []).length > 0
  );
}

/** Rules of one meeting entry that need nothing else: which fields go together. Paths are relative. */
export function meetingShapeProblems(m: MeetingFile): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (m.requestedBy === undefined) {
    for (const field of ['requestedAt', 'requestedOf', 'acceptedAt', 'declinedAt', 'replies'] as const) {
      if (m[field] !== undefined) add(field, 'needs requestedBy: only a request is accepted or declined');
    }
  }
  const answers = (['acceptedAt', 'declinedAt', 'replies'] as const).filter((f) => m[f] !== undefined);
  if (answers.length > 1)
    add(answers[1]!, `cannot be given with ${answers[0]}; use replies for replies that differ`);
  const ms = (s: string) => Date.parse(s);
  if (m.startsAt && m.endsAt && ms(m.endsAt) < ms(m.startsAt)) add('endsAt', 'is before startsAt');
  if (m.requestedAt) {
    for (const field of ['acceptedAt', 'declinedAt'] as const) {
      const at = m[field];
      if (at && ms(at) < ms(m.requestedAt)) add(field, 'is before requestedAt');
    }
    (m.replies ?? []).forEach((r, i) => {
      if (ms(r.at) < ms(m.requestedAt!)) add(`replies[${i}].at`, 'is before requestedAt');
    });
  }
  if (m.notesPublishedAt !== undefined && m.notes === undefined)
    add('notesPublishedAt', 'needs notes to publish');
  return problems;
}

/** Rules of one statement that need nothing else. Paths are relative to the statement. */
export function statementShapeProblems(s: StatementFile): Problem[] {
  if (s.quote === undefined && s.summary === undefined)
    return [{ path: 'quote', message: 'is required unless there is a summary (reported speech)' }];
  return [];
}
