import { z } from 'zod';
import { anyInstant, now } from '../domain/clock.ts';
import type { Db } from '../domain/lookup.ts';
import { AppError } from '../shared/app-error.ts';
import { Instant } from '../shared/dossier-file.ts';
import { newId } from '../shared/ids.ts';
import type { Membership } from './principal.ts';
import { hashSecret, newSecret, TOKEN_PREFIX } from './secrets.ts';

export const CreateApiTokenInput = z.strictObject({
  name: z.string().min(1).max(200),
  expiresAt: Instant.optional(),
});
export type CreateApiTokenInput = z.input<typeof CreateApiTokenInput>;

/**
 * A personal API token for scripts, scoped to one membership (a dossier and a party). The token
 * is returned once; only its hash is kept.
 */
export async function createApiToken({
  trx,
  userId,
  membership,
  input,
}: {
  trx: Db;
  userId: string;
  membership: Membership;
  input: CreateApiTokenInput;
}) {
  const data = CreateApiTokenInput.parse(input);
  const at = now();
  const expiresAt = data.expiresAt === undefined ? null : anyInstant('expiresAt', data.expiresAt);
  if (expiresAt !== null && expiresAt <= at) {
    throw new AppError('input.invalid', 'expiresAt: is not in the future', [
      { path: 'expiresAt', message: 'must be in the future' },
    ]);
  }
  const token = `${TOKEN_PREFIX}${newSecret()}`;
  const row = {
    id: newId(),
    user_id: userId,
    dossier_id: membership.dossierId,
    party_id: membership.partyId,
    name: data.name,
    secret_hash: hashSecret(token),
    created_at: at,
    expires_at: expiresAt,
  };
  await trx.insertInto('api_tokens').values(row).execute();
  return {
    id: row.id,
    name: row.name,
    dossier: membership.dossier,
    party: membership.party,
    createdAt: at,
    expiresAt,
    token,
  };
}
