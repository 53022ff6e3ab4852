import { now } from '../domain/clock.ts';
import type { Db } from '../domain/lookup.ts';
import { hashSecret } from './secrets.ts';

export type SessionEndReason = 'sign_out' | 'rotated' | 'idle' | 'expired' | 'password_changed';

/** Ends the session whose cookie holds `secret` (or with `sessionId`), once; ending it again changes nothing. */
export async function endSession({
  trx,
  secret,
  sessionId,
  reason,
}: {
  trx: Db;
  secret?: string;
  sessionId?: string;
  reason: SessionEndReason;
}): Promise<void> {
  const id =
    sessionId ??
    (secret === undefined
      ? undefined
      : (
          await trx
            .selectFrom('sessions')
            .select('id')
            .where('secret_hash', '=', hashSecret(secret))
            .executeTakeFirst()
        )?.id);
  if (id === undefined) return;
  await trx
    .insertInto('session_ends')
    .values({ session_id: id, ended_at: now(), reason })
    .onConflict((oc) => oc.column('session_id').doNothing())
    .execute();
}
