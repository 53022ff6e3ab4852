import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { migrateToLatest } from './migrate.ts';
import { openDatabase, type DialectName, type OpenDatabase } from './open-database.ts';

/** Every database Pointwise runs on; each test suite loops over them, as Kysely's own tests do. */
export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

/** The PostgreSQL server tests use; each test makes its own database there and drops it after. */
export const TEST_POSTGRES_URL =
  process.env.POINTWISE_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase extends OpenDatabase {
  /** What `--db` takes to reach this database from a child process. */
  target: string;
}

/** A fresh, migrated, empty database of `dialect`. Close it with `dispose()`. */
export async function freshDatabase(
  dialect: DialectName,
): Promise<TestDatabase & { dispose(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'pointwise-test-'));
    const target = join(dir, 'pointwise.sqlite');
    const open = openDatabase(target);
    await migrateToLatest(open.db, open.dialect);
    return {
      ...open,
      target,
      dispose: async () => {
        await open.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `pointwise_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const target = url.toString();
  const open = openDatabase(target);
  await migrateToLatest(open.db, open.dialect);
  return {
    ...open,
    target,
    dispose: async () => {
      await open.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
