import type { Kysely } from 'kysely';
import { addMembership } from '../auth/add-membership.ts';
import { createUser } from '../auth/create-user.ts';
import { generatePassword } from '../auth/password.ts';
import type { Database } from '../db/schema.ts';
import { inTransaction } from '../domain/in-transaction.ts';
import type { Role } from '../auth/role.ts';

/**
 * Demo accounts for the reference dossier, made on the first `npm start` so a newcomer can sign
 * in as different parties and see what each may see. Their passwords are random, printed once.
 */
export const DEMO_ACCOUNTS: readonly {
  email: string;
  party: string | null;
  role: Role | null;
  admin: boolean;
  what: string;
}[] = [
  {
    email: 'ru.lead@demo.example',
    party: 'ru',
    role: 'lead',
    admin: false,
    what: 'Russia: delivered both drafts; sees every answer to them',
  },
  {
    email: 'us.lead@demo.example',
    party: 'us',
    role: 'lead',
    admin: false,
    what: 'United States: received both; drafts and submits its own answers',
  },
  {
    email: 'nato.drafter@demo.example',
    party: 'nato',
    role: 'drafter',
    admin: false,
    what: 'NATO: received the agreement only; drafts, cannot submit',
  },
  {
    email: 'uk.observer@demo.example',
    party: 'uk',
    role: 'observer',
    admin: false,
    what: 'United Kingdom: received nothing; sees what is published',
  },
  {
    email: 'admin@demo.example',
    party: null,
    role: null,
    admin: true,
    what: 'server admin: creates dossiers and parties, imports files',
  },
];

/** Creates the demo accounts in `dossier`; returns each with its password. */
export async function createDemoAccounts(db: Kysely<Database>, dossier: string) {
  return inTransaction(db, async (trx) => {
    const out: { email: string; password: string; what: string }[] = [];
    for (const a of DEMO_ACCOUNTS) {
      const password = generatePassword();
      await createUser({ trx, input: { email: a.email, password, admin: a.admin } });
      if (a.party && a.role) {
        await addMembership({ trx, input: { email: a.email, dossier, party: a.party, role: a.role } });
      }
      out.push({ email: a.email, password, what: a.what });
    }
    return out;
  });
}
