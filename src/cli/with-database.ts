import { InvalidArgumentError, type Command } from 'commander';
import { migrateToLatest } from '../db/migrate.ts';
import { openDatabase, type OpenDatabase } from '../db/open-database.ts';
import { parseInstant } from '../shared/instant.ts';

/** Checks an `--at`-style option: an ISO 8601 instant with a time zone, or wrong usage. */
export function instantArg(value: string): string {
  if (!parseInstant(value)) {
    throw new InvalidArgumentError(
      'must be an ISO 8601 instant with a time zone, such as 2022-01-27T00:00:00Z.',
    );
  }
  return value;
}

/** Opens the database named by --db (or DATABASE_URL), brings its schema up to date, runs `work`, closes it. */
export async function withDatabase(
  cmd: Command,
  work: (open: OpenDatabase) => Promise<void>,
  options: { afterMigrate?: (ran: string[], location: string) => void } = {},
): Promise<void> {
  const { db: target } = cmd.optsWithGlobals<{ db: string }>();
  const open = openDatabase(target);
  try {
    const ran = await migrateToLatest(open.db, open.dialect);
    options.afterMigrate?.(ran, open.location);
    await work(open);
  } finally {
    await open.close();
  }
}
