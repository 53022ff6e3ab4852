import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * Whether `db` (a database or a transaction) runs on PostgreSQL. Kysely marks `getExecutor`
 * internal, but it is the one way a transaction can tell which database it is on.
 */
export function onPostgres<DB>(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
