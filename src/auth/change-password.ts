import { z } from 'zod';
import { now } from '../domain/clock.ts';
import type { Db } from '../domain/lookup.ts';
import { AppError } from '../shared/app-error.ts';
import { newId } from '../shared/ids.ts';
import { hashPassword, verifyPassword } from './password.ts';

export const ChangePasswordInput = z.strictObject({
  currentPassword: z.string().max(1000),
  newPassword: z.string().min(12).max(1000),
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;

/**
 * Sets a new password (a new row; the old hash stays on record). Every other session of the
 * user ends, so a stolen session does not outlive the change.
 */
export async function changePassword({
  trx,
  userId,
  keepSessionId,
  input,
}: {
  trx: Db;
  userId: string;
  keepSessionId?: string;
  input: ChangePasswordInput;
}): Promise<void> {
  const current = await trx
    .selectFrom('user_passwords')
    .select('hash')
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!current || !(await verifyPassword(input.currentPassword, current.hash))) {
    throw new AppError('auth.failed', 'the current password is wrong');
  }
  const at = now();
  await trx
    .insertInto('user_passwords')
    .values({
      id: newId(),
      user_id: userId,
      hash: await hashPassword(input.newPassword),
      temporary: 0,
      set_at: at,
    })
    .execute();
  const others = await trx
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', userId)
    .$if(keepSessionId !== undefined, (q) => q.where('id', '!=', keepSessionId!))
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
  if (others.length > 0) {
    await trx
      .insertInto('session_ends')
      .values(others.map((s) => ({ session_id: s.id, ended_at: at, reason: 'password_changed' })))
      .onConflict((oc) => oc.column('session_id').doNothing())
      .execute();
  }
}
