import { z } from 'zod';
import { insertRows } from '../db/insert-rows.ts';
import { AppError, type Problem } from '../shared/app-error.ts';
import { Instant, Key } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import { actsAs, type Actor } from './actor.ts';
import { anyInstant, eventInstant, now } from './clock.ts';
import { requireDocument, requireDossier, requireVersion, type Db } from './lookup.ts';
import { nextFreeKey } from './next-free-key.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';

export const DeliverVersionInput = z.strictObject({
  dossier: Key,
  /** Defaults to a key made from the document, version and a counter. */
  key: Key.optional(),
  document: Key,
  version: z.int().min(1),
  to: z.array(Key).min(1),
  deliveredAt: Instant.optional(),
  /** Present when the author demands a written answer to every point; `dueAt` is the deadline. */
  demand: z.strictObject({ dueAt: Instant.optional() }).optional(),
});
export type DeliverVersionInput = z.input<typeof DeliverVersionInput>;

/** Hands a document version from its author to addressee parties, with or without a demand. */
export async function deliverVersion({
  trx,
  actor,
  input,
}: {
  trx: Db;
  actor: Actor;
  input: DeliverVersionInput;
}) {
  const data = parseInput(DeliverVersionInput, input);
  const dossier = await requireDossier(trx, data.dossier);
  const document = await requireDocument(trx, dossier.id, data.document);
  if (!actsAs(actor, document.author_key)) {
    throw new AppError('actor.forbidden', 'only the author party may deliver a document');
  }
  const version = await requireVersion(trx, document.id, data.version);

  const problems: Problem[] = [];
  const parties = await trx
    .selectFrom('parties')
    .select(['id', 'key'])
    .where('dossier_id', '=', dossier.id)
    .where('key', 'in', data.to)
    .execute();
  const idByKey = new Map(parties.map((p) => [p.key, p.id]));
  const seen = new Set<string>();
  data.to.forEach((key, i) => {
    if (!idByKey.has(key)) problems.push({ path: `to[${i}]`, message: `no party "${key}" in this dossier` });
    else if (key === document.author_key)
      problems.push({ path: `to[${i}]`, message: 'the author cannot be an addressee' });
    else if (seen.has(key)) problems.push({ path: `to[${i}]`, message: `party "${key}" is listed twice` });
    seen.add(key);
  });

  const recordedAt = now();
  const deliveredAt = eventInstant('deliveredAt', data.deliveredAt, recordedAt);
  if (deliveredAt < version.created_at) {
    problems.push({
      path: 'deliveredAt',
      message: `is before version ${version.number} was created (${version.created_at})`,
    });
  }
  const dueAt = data.demand?.dueAt === undefined ? null : anyInstant('demand.dueAt', data.demand.dueAt);
  if (dueAt !== null && dueAt <= deliveredAt) {
    problems.push({ path: 'demand.dueAt', message: 'must be after deliveredAt' });
  }
  if (problems.length > 0) {
    throw new AppError(
      'delivery.invalid',
      problems.map((p) => `${p.path}: ${p.message}`).join('; '),
      problems,
    );
  }

  const key =
    data.key ?? (await nextFreeKey(trx, 'deliveries', dossier.id, `${document.key}-v${version.number}`, 'd'));
  // A key the caller chose that is taken is its mistake; a key made here can lose only a race with a
  // concurrent writer, which the unique index settles as a write conflict the caller may retry.
  if (data.key !== undefined) {
    const clash = await trx
      .selectFrom('deliveries')
      .select('id')
      .where('dossier_id', '=', dossier.id)
      .where('key', '=', key)
      .executeTakeFirst();
    if (clash) throw new AppError('delivery.exists', `a delivery "${key}" already exists in this dossier`);
  }

  const delivery = {
    id: newId(),
    dossier_id: dossier.id,
    key,
    version_id: version.id,
    delivered_at: deliveredAt,
    has_demand: data.demand ? 1 : 0,
    due_at: dueAt,
    recorded_at: recordedAt,
  };
  await trx.insertInto('deliveries').values(delivery).execute();
  await insertRows(
    trx,
    'delivery_addressees',
    data.to.map((partyKey, ordinal) => ({
      delivery_id: delivery.id,
      party_id: idByKey.get(partyKey)!,
      ordinal,
    })),
  );
  await recordChange(trx, {
    dossier,
    actor,
    type: 'delivery.made',
    subject: { table: 'deliveries', id: delivery.id, key },
    content: {
      key,
      document: document.key,
      version: version.number,
      from: document.author_key,
      to: data.to,
      deliveredAt,
      demand: data.demand ? { dueAt } : null,
    },
    recordedAt,
  });
  return delivery;
}
