import { AppError } from '../shared/app-error.ts';
import type { DossierFile } from '../shared/dossier-file.ts';
import type { Actor } from '../domain/actor.ts';
import { addVersion } from '../domain/add-version.ts';
import { createDocument } from '../domain/create-document.ts';
import { createDossier } from '../domain/create-dossier.ts';
import { createParty } from '../domain/create-party.ts';
import { createPerson } from '../domain/create-person.ts';
import { deliverVersion } from '../domain/deliver-version.ts';
import type { Db } from '../domain/lookup.ts';
import { publishResponse } from '../domain/publish-response.ts';
import { publishVersion } from '../domain/publish-version.ts';
import { recordLink } from '../domain/record-link.ts';
import { recordMeeting } from '../domain/record-meeting.ts';
import { recordStatement } from '../domain/record-statement.ts';
import { submitResponse } from '../domain/submit-response.ts';

export type Progress = (done: number, total: number) => void;

/**
 * Records a whole validated dossier file through the same use cases people use, inside the
 * caller's transaction: if any step fails, the caller's rollback leaves nothing written.
 */
export async function importDossier({
  trx,
  actor,
  file,
  onProgress,
}: {
  trx: Db;
  actor: Actor;
  file: DossierFile;
  onProgress?: Progress;
}): Promise<{ dossier: string; counts: Record<string, number> }> {
  const dossier = file.dossier.key;
  const existing = await trx
    .selectFrom('dossiers')
    .select('id')
    .where('key', '=', dossier)
    .executeTakeFirst();
  if (existing) {
    throw new AppError(
      'dossier.exists',
      `a dossier "${dossier}" is already in this database; nothing was written`,
    );
  }
  const documents = file.documents ?? [];
  const counts = {
    parties: file.parties.length,
    people: file.people?.length ?? 0,
    documents: documents.length,
    versions: documents.reduce((n, d) => n + d.versions.length, 0),
    deliveries: file.deliveries?.length ?? 0,
    responses: file.responses?.length ?? 0,
    answers: (file.responses ?? []).reduce((n, r) => n + r.answers.length, 0),
    publications: file.publications?.length ?? 0,
    meetings: file.meetings?.length ?? 0,
    statements: file.statements?.length ?? 0,
    links: file.links?.length ?? 0,
  };
  // Progress counts steps, weighting each by the rows it writes, so a big response moves the bar.
  const total =
    1 +
    counts.parties +
    counts.people +
    counts.documents +
    documents.reduce((n, d) => n + d.versions.reduce((m, v) => m + 1 + countPoints(v.points), 0), 0) +
    counts.deliveries +
    counts.responses +
    counts.answers +
    counts.publications +
    counts.meetings +
    counts.statements +
    counts.links;
  let done = 0;
  const step = (n = 1) => {
    done += n;
    onProgress?.(done, total);
  };

  await createDossier({ trx, actor, input: file.dossier });
  step();
  for (const p of file.parties) {
    await createParty({ trx, actor, input: { dossier, ...p } });
    step();
  }
  for (const p of file.people ?? []) {
    await createPerson({ trx, actor, input: { dossier, ...p } });
    step();
  }
  for (const d of documents) {
    await createDocument({
      trx,
      actor,
      input: { dossier, key: d.key, kind: d.kind, author: d.author, title: d.title },
    });
    step();
    for (const v of d.versions) {
      await addVersion({ trx, actor, input: { dossier, document: d.key, ...v } });
      step(1 + countPoints(v.points));
    }
  }
  for (const d of file.deliveries ?? []) {
    await deliverVersion({ trx, actor, input: { dossier, ...d } });
    step();
  }
  for (const r of file.responses ?? []) {
    // The file records what was submitted, complete or not; no one is asked to confirm a partial one.
    await submitResponse({ trx, actor, input: { dossier, ...r, partial: true } });
    step(1 + r.answers.length);
  }
  for (const p of file.publications ?? []) {
    if ('response' in p) await publishResponse({ trx, actor, input: { dossier, ...p } });
    else await publishVersion({ trx, actor, input: { dossier, ...p } });
    step();
  }
  for (const m of file.meetings ?? []) {
    await recordMeeting({ trx, actor, input: { dossier, ...m } });
    step();
  }
  for (const s of file.statements ?? []) {
    await recordStatement({ trx, actor, input: { dossier, ...s } });
    step();
  }
  for (const l of file.links ?? []) {
    await recordLink({ trx, actor, input: { dossier, ...l } });
    step();
  }
  return { dossier, counts };
}

function countPoints(points: readonly { points?: readonly unknown[] | undefined }[]): number {
  let n = 0;
  for (const p of points) n += 1 + countPoints((p.points ?? []) as { points?: unknown[] }[]);
  return n;
}
