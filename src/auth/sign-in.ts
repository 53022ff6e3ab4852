import { z } from 'zod';
import { now } from '../domain/clock.ts';
import type { Db } from '../domain/lookup.ts';
import { AppError } from '../shared/app-error.ts';
import { newId } from '../shared/ids.ts';
import { endSession } from './end-session.ts';
import { DECOY_HASH, verifyPassword } from './password.ts';
import { csrfTokenFor, hashSecret, newSecret } from './secrets.ts';

export const SignInInput = z.strictObject({
  email: z.string().max(320),
  password: z.string().max(1000),
});
export type SignInInput = z.infer<typeof SignInInput>;

/**
 * Checks an email and password and opens a session: a new random secret for the cookie, stored
 * only as its hash. A session the browser already had is ended (rotation), so a session id
 * planted before sign-in is worthless after it. Every failure reads the same and takes as long.
 */
export async function signIn({
  trx,
  input,
  previousSecret,
}: {
  trx: Db;
  input: SignInInput;
  previousSecret?: string | undefined;
}) {
  const email = input.email.trim().toLowerCase();
  const user = await trx
    .selectFrom('users')
    .select(['id', 'email', 'is_admin'])
    .where('email', '=', email)
    .executeTakeFirst();
  const password = user
    ? await trx
        .selectFrom('user_passwords')
        .select(['hash', 'temporary'])
        .where('user_id', '=', user.id)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()
    : undefined;
  const ok = await verifyPassword(input.password, password?.hash ?? DECOY_HASH);
  if (!user || !password || !ok) throw new AppError('auth.failed', 'the email or the password is wrong');
  if (previousSecret) await endSession({ trx, secret: previousSecret, reason: 'rotated' });
  const secret = newSecret();
  const session = { id: newId(), user_id: user.id, secret_hash: hashSecret(secret), created_at: now() };
  await trx.insertInto('sessions').values(session).execute();
  return {
    secret,
    csrfToken: csrfTokenFor(secret),
    userId: user.id,
    passwordChangeRequired: password.temporary === 1,
  };
}
