import { z } from 'zod';
import { insertRows } from '../db/insert-rows.ts';
import { AppError } from '../shared/app-error.ts';
import { Instant, Key, PointFile } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import { actsAs, type Actor } from './actor.ts';
import { eventInstant, now } from './clock.ts';
import { requireDocument, requireDossier, type Db } from './lookup.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';
import { flattenPoints } from './point-tree.ts';

export const AddVersionInput = z.strictObject({
  dossier: Key,
  document: Key,
  /** Defaults to one more than the latest; when given, it must be higher than the latest. */
  number: z.int().min(1).max(1_000_000).optional(),
  createdAt: Instant.optional(),
  points: z.array(PointFile),
});
export type AddVersionInput = z.input<typeof AddVersionInput>;

/**
 * Adds a version to a document: its whole point tree, at once. Versions are never edited; a
 * changed text is a new version.
 */
export async function addVersion({ trx, actor, input }: { trx: Db; actor: Actor; input: AddVersionInput }) {
  const data = parseInput(AddVersionInput, input);
  const dossier = await requireDossier(trx, data.dossier);
  const document = await requireDocument(trx, dossier.id, data.document);
  if (!actsAs(actor, document.author_key)) {
    throw new AppError('actor.forbidden', 'only the author party may add versions of a document');
  }
  const { points, problems } = flattenPoints(data.points);
  if (problems.length > 0) {
    throw new AppError(
      'version.points_invalid',
      problems.map((p) => `${p.path}: ${p.message}`).join('; '),
      problems,
    );
  }
  const latest = await trx
    .selectFrom('versions')
    .select(['number', 'created_at'])
    .where('document_id', '=', document.id)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  const number = data.number ?? (latest ? latest.number + 1 : 1);
  if (latest && number <= latest.number) {
    throw new AppError('input.invalid', `number: must be higher than ${latest.number}, the latest version`, [
      { path: 'number', message: `must be higher than ${latest.number}, the latest version` },
    ]);
  }
  const recordedAt = now();
  const createdAt = eventInstant('createdAt', data.createdAt, recordedAt);
  if (latest && createdAt < latest.created_at) {
    throw new AppError('input.invalid', `createdAt: is before version ${latest.number} was created`, [
      { path: 'createdAt', message: `is before version ${latest.number} was created (${latest.created_at})` },
    ]);
  }
  const version = {
    id: newId(),
    dossier_id: dossier.id,
    document_id: document.id,
    number,
    created_at: createdAt,
    recorded_at: recordedAt,
  };
  await trx.insertInto('versions').values(version).execute();
  await insertRows(
    trx,
    'points',
    points.map((p) => ({
      id: newId(),
      version_id: version.id,
      key: p.key,
      parent_key: p.parentKey,
      ordinal: p.ordinal,
      depth: p.depth,
      label: p.label,
      heading: p.heading,
      text: p.text,
      demands_answer: p.demandsAnswer ? 1 : 0,
    })),
  );
  await recordChange(trx, {
    dossier,
    actor,
    type: 'version.added',
    subject: { table: 'versions', id: version.id, key: `${document.key}@${number}` },
    content: {
      document: document.key,
      number,
      createdAt,
      points: points.map((p) => ({
        key: p.key,
        parent: p.parentKey,
        label: p.label,
        heading: p.heading,
        text: p.text,
      })),
    },
    recordedAt,
  });
  return { ...version, points: points.length };
}
