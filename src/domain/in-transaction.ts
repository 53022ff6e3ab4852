import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Runs `work` as one transaction: all of it is recorded, or none of it. */
export function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(work);
}
