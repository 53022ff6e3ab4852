import type { Kysely } from 'kysely';
import type { DialectName } from '../open-database.ts';
import { refuseChanges } from './0001-core.ts';

/**
 * Accounts: users, their passwords, their membership of one party per dossier, cookie sessions,
 * API tokens and the idempotency record of submissions. Every table is insert-only, like the
 * core: a changed password is a new row, and an ended membership, a signed-out session or a
 * revoked token is an event row (`*_ends`, `api_token_revocations`) pointing at what it ends.
 * Secrets are never stored: sessions and tokens keep only a SHA-256 of theirs.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** Lower-cased. */
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text')
    /** 1 for a server admin: creates dossiers and parties, imports dossier files. */
    .addColumn('is_admin', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_passwords')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    /** `scrypt$N$r$p$salt$hash` (auth/password.ts). */
    .addColumn('hash', 'text', (c) => c.notNull())
    /** 1 for a one-time password: it signs in only to choose a new one. */
    .addColumn('temporary', 'integer', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('user_passwords_user')
    .on('user_passwords')
    .columns(['user_id', 'id'])
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('memberships_user')
    .on('memberships')
    .columns(['user_id', 'dossier_id'])
    .execute();

  await db.schema
    .createTable('membership_ends')
    .addColumn('membership_id', 'text', (c) => c.primaryKey().references('memberships.id'))
    .addColumn('ended_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Idle time is measured from the newest activity row; rows are written at most every few
  // minutes per session (auth/authenticate.ts), so the table grows slowly.
  await db.schema
    .createTable('session_activity')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('session_activity_session')
    .on('session_activity')
    .columns(['session_id', 'seen_at'])
    .execute();

  await db.schema
    .createTable('session_ends')
    .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id'))
    .addColumn('ended_at', 'text', (c) => c.notNull())
    /** `sign_out`, `rotated` (a new sign-in in the same browser), `idle`, `expired`, `password_changed`. */
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('dossier_id', 'text', (c) => c.notNull().references('dossiers.id'))
    .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').columns(['user_id']).execute();

  await db.schema
    .createTable('api_token_revocations')
    .addColumn('token_id', 'text', (c) => c.primaryKey().references('api_tokens.id'))
    .addColumn('revoked_at', 'text', (c) => c.notNull())
    .execute();

  // A submission made with an Idempotency-Key, and what it answered: a repeat gets the same answer.
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('idempotency_keys_user_key', ['user_id', 'key'])
    .execute();

  await refuseChanges(db, dialect, ACCOUNT_TABLES);
}

/** Every table of this migration: all insert-only. */
export const ACCOUNT_TABLES = [
  'users',
  'user_passwords',
  'memberships',
  'membership_ends',
  'sessions',
  'session_activity',
  'session_ends',
  'api_tokens',
  'api_token_revocations',
  'idempotency_keys',
] as const;
