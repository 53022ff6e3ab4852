import { addMembership } from '../auth/add-membership.ts';
import { createUser } from '../auth/create-user.ts';
import type { DialectName } from '../db/open-database.ts';
import { freshDatabase } from '../db/test-databases.ts';
import { SYSTEM } from '../domain/actor.ts';
import { inTransaction } from '../domain/in-transaction.ts';
import { importDossier } from '../dossier-file/import-dossier.ts';
import { signPending } from '../ledger/sign-pending.ts';
import { serve, type Serving } from '../server/serve.ts';
import { WORLD_SIGNER } from '../server/test-world.ts';
import type { DossierFile } from '../shared/dossier-file.ts';

export const PASSWORD = 'a long enough test password';

/** The people of the browser tests: two leads, a colleague who drafts, and an observer of a third party. */
export const USERS = {
  northLead: { email: 'lead@north.example', party: 'north', role: 'lead' },
  southLead: { email: 'lead@south.example', party: 'south', role: 'lead' },
  southDrafter: { email: 'drafter@south.example', party: 'south', role: 'drafter' },
  eastObserver: { email: 'observer@east.example', party: 'east', role: 'observer' },
} as const;

/**
 * A negotiation with nothing delivered yet: Northland's draft accord in two versions (the second
 * rewords one paragraph, drops one and adds one), and Southland and Eastland to deliver it to.
 */
export const E2E_DOSSIER: DossierFile = {
  format: 'pointwise-dossier/1',
  dossier: { key: 'accord', title: 'Accord on river navigation', timeZone: 'Europe/Berlin' },
  parties: [
    { key: 'north', name: 'Northland' },
    { key: 'south', name: 'Southland' },
    { key: 'east', name: 'Eastland' },
  ],
  documents: [
    {
      key: 'accord',
      kind: 'proposal',
      author: 'north',
      title: 'Draft accord on river navigation',
      versions: [
        {
          number: 1,
          createdAt: '2026-01-05T09:00:00Z',
          points: [
            {
              key: 'art_1',
              label: 'Article 1',
              heading: 'Freedom of navigation',
              text: 'Vessels of either Party may navigate the whole river.',
            },
            {
              key: 'art_2',
              label: 'Article 2',
              heading: 'Tolls',
              points: [
                { key: 'art_2__para_1', label: '2(1)', text: 'No Party shall levy tolls on transit.' },
                { key: 'art_2__para_2', label: '2(2)', text: 'Pilotage fees shall not exceed cost.' },
              ],
            },
            {
              key: 'art_3',
              label: 'Article 3',
              heading: 'Commission',
              text: 'A joint commission shall meet twice a year.',
            },
            {
              key: 'art_4',
              label: 'Article 4',
              heading: 'Disputes',
              text: 'Disputes shall be settled by negotiation.',
            },
          ],
        },
        {
          number: 2,
          createdAt: '2026-01-20T09:00:00Z',
          points: [
            {
              key: 'art_1',
              label: 'Article 1',
              heading: 'Freedom of navigation',
              text: 'Vessels of either Party may navigate the whole river.',
            },
            {
              key: 'art_2',
              label: 'Article 2',
              heading: 'Tolls',
              points: [
                {
                  key: 'art_2__para_1',
                  label: '2(1)',
                  text: 'No Party shall levy tolls on transit or on cargo.',
                },
              ],
            },
            {
              key: 'art_3',
              label: 'Article 3',
              heading: 'Commission',
              text: 'A joint commission shall meet twice a year.',
            },
            {
              key: 'art_4',
              label: 'Article 4',
              heading: 'Disputes',
              text: 'Disputes shall be settled by negotiation.',
            },
            {
              key: 'art_5',
              label: 'Article 5',
              heading: 'Entry into force',
              text: 'This Accord enters into force on signature.',
            },
          ],
        },
      ],
    },
  ],
};

export interface E2eServer {
  url: string;
  serving: Serving;
  close(): Promise<void>;
}

/** A real `pointwise serve` (in this process) on a fresh database holding the world above. */
export async function startWorld(dialect: DialectName = 'sqlite'): Promise<E2eServer> {
  const t = await freshDatabase(dialect);
  await inTransaction(t.db, async (trx) => {
    await importDossier({ trx, actor: SYSTEM, file: E2E_DOSSIER });
    for (const u of Object.values(USERS)) {
      await createUser({ trx, input: { email: u.email, password: PASSWORD } });
      await addMembership({
        trx,
        input: { email: u.email, dossier: 'accord', party: u.party, role: u.role },
      });
    }
  });
  await signPending(t.db, () => WORLD_SIGNER);
  const serving = await serve({ open: t, port: 0, host: '127.0.0.1', ledgerSigner: () => WORLD_SIGNER });
  return {
    url: serving.url,
    serving,
    close: async () => {
      await serving.close();
      await t.dispose();
    },
  };
}
