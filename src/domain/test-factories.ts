import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PointFile } from '../shared/dossier-file.ts';
import { SYSTEM } from './actor.ts';
import { addVersion } from './add-version.ts';
import { createDocument } from './create-document.ts';
import { createDossier } from './create-dossier.ts';
import { createParty } from './create-party.ts';
import { deliverVersion } from './deliver-version.ts';
import { inTransaction } from './in-transaction.ts';

/** A proposal of four points, one of them a pure container (no answer demanded). */
export const PROPOSAL_V1: PointFile[] = [
  { key: 'art_1', label: 'Article 1', text: 'The parties shall cooperate.' },
  {
    key: 'art_2',
    label: 'Article 2',
    heading: 'Forces',
    points: [
      { key: 'art_2__para_1', label: '2(1)', text: 'No deployment beyond agreed lines.' },
      { key: 'art_2__para_2', label: '2(2)', text: 'Exercises are notified in advance.' },
    ],
  },
];

/**
 * A dossier with parties `a` (author), `b` and `c`, and a proposal delivered by `a` to `b` and
 * `c` on 2022-01-10 with answers due 2022-01-20.
 */
export async function seedNegotiation(
  db: Kysely<Database>,
  options: { key?: string; points?: PointFile[] } = {},
) {
  const dossier = options.key ?? 'talks';
  await inTransaction(db, async (trx) => {
    await createDossier({
      trx,
      actor: SYSTEM,
      input: { key: dossier, title: 'Talks', timeZone: 'Europe/Vienna' },
    });
    for (const key of ['a', 'b', 'c']) {
      await createParty({ trx, actor: SYSTEM, input: { dossier, key, name: `Party ${key.toUpperCase()}` } });
    }
    await createDocument({
      trx,
      actor: SYSTEM,
      input: { dossier, key: 'proposal', kind: 'proposal', author: 'a', title: 'Draft agreement' },
    });
    await addVersion({
      trx,
      actor: SYSTEM,
      input: {
        dossier,
        document: 'proposal',
        createdAt: '2022-01-09T09:00:00Z',
        points: options.points ?? PROPOSAL_V1,
      },
    });
    await deliverVersion({
      trx,
      actor: SYSTEM,
      input: {
        dossier,
        key: 'd1',
        document: 'proposal',
        version: 1,
        to: ['b', 'c'],
        deliveredAt: '2022-01-10T12:00:00Z',
        demand: { dueAt: '2022-01-20T17:00:00Z' },
      },
    });
  });
  return { dossier, delivery: 'd1' };
}
