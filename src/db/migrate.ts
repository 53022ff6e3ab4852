import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DialectName } from './open-database.ts';
import type { Database } from './schema.ts';
import * as core from './migrations/0001-core.ts';
import * as ledger from './migrations/0002-ledger.ts';
import * as accounts from './migrations/0003-accounts.ts';
import * as meetings from './migrations/0004-meetings-statements.ts';

/** Every migration, in order. One that has landed is never edited; a new one follows it. */
const MIGRATIONS: Record<string, { up(db: Kysely<unknown>, dialect: DialectName): Promise<void> }> = {
  '0001-core': core,
  '0002-ledger': ledger,
  '0003-accounts': accounts,
  '0004-meetings-statements': meetings,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(MIGRATIONS)) {
      out[name] = { up: (db) => m.up(db, this.dialect) };
    }
    return out;
  }
}

/** Brings the schema up to date; returns the names of the migrations it ran. */
export async function migrateToLatest(db: Kysely<Database>, dialect: DialectName): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
