import { z } from 'zod';
import type { Db } from '../domain/lookup.ts';
import { parseInput } from '../domain/parse-input.ts';
import { now } from '../domain/clock.ts';
import { AppError } from '../shared/app-error.ts';
import { newId } from '../shared/ids.ts';
import { generatePassword, hashPassword } from './password.ts';
import { Email } from './role.ts';

export const CreateUserInput = z.strictObject({
  email: Email,
  name: z.string().min(1).max(200).optional(),
  admin: z.boolean().optional(),
  /** When absent, a one-time password is made, returned once, and must be changed at first sign-in. */
  password: z.string().min(12).max(1000).optional(),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;

/** Opens an account. Returns the one-time password it made, if it made one; it is never shown again. */
export async function createUser({ trx, input }: { trx: Db; input: CreateUserInput }) {
  const data = parseInput(CreateUserInput, input);
  const taken = await trx.selectFrom('users').select('id').where('email', '=', data.email).executeTakeFirst();
  if (taken) throw new AppError('user.exists', `an account "${data.email}" already exists`);
  const createdAt = now();
  const user = {
    id: newId(),
    email: data.email,
    name: data.name ?? null,
    is_admin: data.admin ? 1 : 0,
    created_at: createdAt,
  };
  const password = data.password ?? generatePassword();
  await trx.insertInto('users').values(user).execute();
  await trx
    .insertInto('user_passwords')
    .values({
      id: newId(),
      user_id: user.id,
      hash: await hashPassword(password),
      temporary: data.password === undefined ? 1 : 0,
      set_at: createdAt,
    })
    .execute();
  return {
    id: user.id,
    email: user.email,
    admin: user.is_admin === 1,
    oneTimePassword: data.password ? null : password,
  };
}
