import { now } from '../domain/clock.ts';
import type { Db } from '../domain/lookup.ts';
import { AppError } from '../shared/app-error.ts';
import { newId } from '../shared/ids.ts';
import { generatePassword, hashPassword } from './password.ts';

/**
 * Gives an account a new one-time password (an operator's act, at the CLI) and ends its
 * sessions. Returns the password, which is shown once and must be changed at sign-in.
 */
export async function resetPassword({ trx, email }: { trx: Db; email: string }): Promise<string> {
  const user = await trx
    .selectFrom('users')
    .select('id')
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!user) throw new AppError('user.not_found', `no account "${email}"`);
  const password = generatePassword();
  const at = now();
  await trx
    .insertInto('user_passwords')
    .values({ id: newId(), user_id: user.id, hash: await hashPassword(password), temporary: 1, set_at: at })
    .execute();
  const live = await trx
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', user.id)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('session_ends')
            .select('session_id')
            .whereRef('session_ends.session_id', '=', 'sessions.id'),
        ),
      ),
    )
    .execute();
  if (live.length > 0) {
    await trx
      .insertInto('session_ends')
      .values(live.map((s) => ({ session_id: s.id, ended_at: at, reason: 'password_changed' })))
      .onConflict((oc) => oc.column('session_id').doNothing())
      .execute();
  }
  return password;
}
