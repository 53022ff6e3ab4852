/**
 * Whether a database error says a concurrent writer got there first: a unique constraint
 * (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY), or on PostgreSQL a deadlock
 * or serialization failure. Such a request can be answered 409 and retried.
 */
export function isWriteConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === '23505' ||
    code === '40P01' ||
    code === '40001' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
