import type { Db } from '../domain/lookup.ts';

/** Every account with its active memberships, for operators (the CLI). */
export async function listUsers({ trx }: { trx: Db }) {
  const users = await trx
    .selectFrom('users')
    .select(['id', 'email', 'name', 'is_admin', 'created_at'])
    .orderBy('email')
    .execute();
  const memberships = await trx
    .selectFrom('memberships')
    .innerJoin('dossiers', 'dossiers.id', 'memberships.dossier_id')
    .innerJoin('parties', 'parties.id', 'memberships.party_id')
    .leftJoin('membership_ends', 'membership_ends.membership_id', 'memberships.id')
    .select(['memberships.user_id', 'dossiers.key as dossier', 'parties.key as party', 'memberships.role'])
    .where('membership_ends.membership_id', 'is', null)
    .orderBy('memberships.id')
    .execute();
  return users.map((u) => ({
    email: u.email,
    name: u.name,
    admin: u.is_admin === 1,
    createdAt: u.created_at,
    memberships: memberships
      .filter((m) => m.user_id === u.id)
      .map((m) => ({ dossier: m.dossier, party: m.party, role: m.role })),
  }));
}
