import { now } from '../domain/clock.ts';
import type { Db } from '../domain/lookup.ts';
import { newId } from '../shared/ids.ts';
import { endSession } from './end-session.ts';
import type { Membership, Principal } from './principal.ts';
import type { Role } from './role.ts';
import { csrfTokenFor, hashSecret, TOKEN_PREFIX } from './secrets.ts';

export interface SessionSettings {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, however busy. */
  maxAgeMs: number;
  /** Activity is recorded at most this often per session (an insert, so not on every request). */
  touchMs: number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  idleMs: 8 * 3600_000,
  maxAgeMs: 30 * 24 * 3600_000,
  touchMs: 5 * 60_000,
};

/** The user whose session cookie holds `secret`, or null when there is no such live session. */
export async function authenticateSession({
  db,
  secret,
  settings = DEFAULT_SESSION_SETTINGS,
}: {
  db: Db;
  secret: string;
  settings?: SessionSettings;
}): Promise<Principal | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select((eb) => [
      'sessions.id',
      'sessions.created_at',
      'users.id as user_id',
      'users.email',
      'users.is_admin',
      eb
        .selectFrom('session_activity')
        .select((a) => a.fn.max('seen_at').as('seen'))
        .whereRef('session_activity.session_id', '=', 'sessions.id')
        .as('last_seen'),
      eb
        .selectFrom('user_passwords')
        .select('temporary')
        .whereRef('user_passwords.user_id', '=', 'users.id')
        .orderBy('user_passwords.id', 'desc')
        .limit(1)
        .as('temporary'),
    ])
    .where('sessions.secret_hash', '=', hashSecret(secret))
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
    .executeTakeFirst();
  if (!row) return null;
  const at = now();
  const nowMs = Date.parse(at);
  const lastSeen = row.last_seen ?? row.created_at;
  if (nowMs - Date.parse(row.created_at) > settings.maxAgeMs) {
    await endSession({ trx: db, sessionId: row.id, reason: 'expired' });
    return null;
  }
  if (nowMs - Date.parse(lastSeen) > settings.idleMs) {
    await endSession({ trx: db, sessionId: row.id, reason: 'idle' });
    return null;
  }
  if (nowMs - Date.parse(lastSeen) > settings.touchMs) {
    await db
      .insertInto('session_activity')
      .values({ id: newId(), session_id: row.id, seen_at: at })
      .execute();
  }
  return {
    kind: 'user',
    userId: row.user_id,
    email: row.email,
    admin: row.is_admin === 1,
    memberships: await activeMemberships(db, row.user_id),
    via: {
      kind: 'session',
      sessionId: row.id,
      csrfToken: csrfTokenFor(secret),
      passwordChangeRequired: row.temporary === 1,
    },
  };
}

/**
 * The user of a live API token, acting only through the token's membership: if the user has
 * since left that party, the token can read only what a visitor can.
 */
export async function authenticateToken({ db, token }: { db: Db; token: string }): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  // One query on every scripted request: the token, its user, and its membership if still active.
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .innerJoin('dossiers', 'dossiers.id', 'api_tokens.dossier_id')
    .innerJoin('parties', 'parties.id', 'api_tokens.party_id')
    .leftJoin('memberships', (join) =>
      join
        .onRef('memberships.user_id', '=', 'api_tokens.user_id')
        .onRef('memberships.dossier_id', '=', 'api_tokens.dossier_id')
        .onRef('memberships.party_id', '=', 'api_tokens.party_id')
        .on((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('membership_ends')
                .select('membership_id')
                .whereRef('membership_ends.membership_id', '=', 'memberships.id'),
            ),
          ),
        ),
    )
    .select([
      'api_tokens.id',
      'api_tokens.dossier_id',
      'api_tokens.party_id',
      'api_tokens.expires_at',
      'users.id as user_id',
      'users.email',
      'dossiers.key as dossier',
      'parties.key as party',
      'memberships.role',
    ])
    .where('api_tokens.secret_hash', '=', hashSecret(token))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('api_token_revocations')
            .select('token_id')
            .whereRef('api_token_revocations.token_id', '=', 'api_tokens.id'),
        ),
      ),
    )
    .orderBy('memberships.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  if (row.expires_at !== null && row.expires_at <= now()) return null;
  return {
    kind: 'user',
    userId: row.user_id,
    email: row.email,
    admin: false,
    memberships:
      row.role === null
        ? []
        : [
            {
              dossierId: row.dossier_id,
              dossier: row.dossier,
              partyId: row.party_id,
              party: row.party,
              role: row.role as Role,
            },
          ],
    via: { kind: 'token', tokenId: row.id },
  };
}

/** A user's memberships that have not ended, optionally only one dossier's and party's. */
export async function activeMemberships(
  db: Db,
  userId: string,
  only?: { dossierId: string; partyId: string },
): Promise<Membership[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('dossiers', 'dossiers.id', 'memberships.dossier_id')
    .innerJoin('parties', 'parties.id', 'memberships.party_id')
    .select([
      'memberships.dossier_id',
      'dossiers.key as dossier',
      'memberships.party_id',
      'parties.key as party',
      'memberships.role',
    ])
    .where('memberships.user_id', '=', userId)
    .$if(only !== undefined, (q) =>
      q
        .where('memberships.dossier_id', '=', only!.dossierId)
        .where('memberships.party_id', '=', only!.partyId),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('membership_ends')
            .select('membership_id')
            .whereRef('membership_ends.membership_id', '=', 'memberships.id'),
        ),
      ),
    )
    .orderBy('memberships.id')
    .execute();
  return rows.map((r) => ({
    dossierId: r.dossier_id,
    dossier: r.dossier,
    partyId: r.party_id,
    party: r.party,
    role: r.role as Role,
  }));
}
