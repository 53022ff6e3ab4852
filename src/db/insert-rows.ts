import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Rows per INSERT: large enough to be fast, small enough for SQLite's and PostgreSQL's parameter limits. */
const ROWS_PER_STATEMENT = 1000;

/** Inserts many rows into one table, several statements when there are many. */
export async function insertRows<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Database[T][],
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    // Kysely cannot type a generic table's insert values; the rows are typed by the caller.
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT) as Parameters<
      ReturnType<typeof db.insertInto<T>>['values']
    >[0];
    await db.insertInto(table).values(chunk).execute();
  }
}
