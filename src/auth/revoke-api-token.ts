import { now } from '../domain/clock.ts';
import type { Db } from '../domain/lookup.ts';
import { AppError } from '../shared/app-error.ts';

/** Revokes one of the user's own tokens, at once and for good; revoking it again changes nothing. */
export async function revokeApiToken({ trx, userId, tokenId }: { trx: Db; userId: string; tokenId: string }) {
  const token = await trx
    .selectFrom('api_tokens')
    .select('id')
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!token) throw new AppError('token.not_found', `no token "${tokenId}" of yours`);
  const revokedAt = now();
  await trx
    .insertInto('api_token_revocations')
    .values({ token_id: token.id, revoked_at: revokedAt })
    .onConflict((oc) => oc.column('token_id').doNothing())
    .execute();
  return { id: token.id };
}
