import { z } from 'zod';
import { now } from '../domain/clock.ts';
import { requireDossier, requireParty, type Db } from '../domain/lookup.ts';
import { parseInput } from '../domain/parse-input.ts';
import { AppError } from '../shared/app-error.ts';
import { Key } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import { Email, Role } from './role.ts';

export const AddMembershipInput = z.strictObject({ email: Email, dossier: Key, party: Key, role: Role });
export type AddMembershipInput = z.input<typeof AddMembershipInput>;

/**
 * Makes a user a member of one party of a dossier, with a role. A user acts for one party per
 * dossier: an earlier membership in the same dossier is ended (an event; nothing is overwritten).
 */
export async function addMembership({ trx, input }: { trx: Db; input: AddMembershipInput }) {
  const data = parseInput(AddMembershipInput, input);
  const user = await trx.selectFrom('users').select('id').where('email', '=', data.email).executeTakeFirst();
  if (!user) throw new AppError('user.not_found', `no account "${data.email}"`);
  const dossier = await requireDossier(trx, data.dossier);
  const party = await requireParty(trx, dossier.id, data.party);
  const at = now();
  const current = await trx
    .selectFrom('memberships')
    .select('id')
    .where('user_id', '=', user.id)
    .where('dossier_id', '=', dossier.id)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('membership_ends')
            .select('membership_id')
            .whereRef('membership_id', '=', 'memberships.id'),
        ),
      ),
    )
    .execute();
  for (const m of current) {
    await trx.insertInto('membership_ends').values({ membership_id: m.id, ended_at: at }).execute();
  }
  const row = {
    id: newId(),
    user_id: user.id,
    dossier_id: dossier.id,
    party_id: party.id,
    role: data.role,
    created_at: at,
  };
  await trx.insertInto('memberships').values(row).execute();
  return {
    email: data.email,
    dossier: dossier.key,
    party: party.key,
    role: data.role,
    replaced: current.length,
  };
}
