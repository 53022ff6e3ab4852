import type { Db } from '../domain/lookup.ts';

/** The user's tokens, newest first, without their secrets (which are not kept). */
export async function listApiTokens({ trx, userId }: { trx: Db; userId: string }) {
  const rows = await trx
    .selectFrom('api_tokens')
    .innerJoin('dossiers', 'dossiers.id', 'api_tokens.dossier_id')
    .innerJoin('parties', 'parties.id', 'api_tokens.party_id')
    .leftJoin('api_token_revocations', 'api_token_revocations.token_id', 'api_tokens.id')
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'dossiers.key as dossier',
      'parties.key as party',
      'api_tokens.created_at',
      'api_tokens.expires_at',
      'api_token_revocations.revoked_at',
    ])
    .where('api_tokens.user_id', '=', userId)
    .orderBy('api_tokens.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    dossier: r.dossier,
    party: r.party,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  }));
}
