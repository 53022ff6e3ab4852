import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, for people: a file path, or the URL without its password. */
  location: string;
  close(): Promise<void>;
  /**
   * PostgreSQL only: a new client of its own, outside the pool, for a long-lived LISTEN (a pooled
   * connection would be handed to other queries, or its session dropped).
   */
  listenClient?: () => pg.Client;
}

/** The embedded default: a SQLite file under ./data/. */
export const DEFAULT_DATABASE = 'data/pointwise.sqlite';

/** Whether `target` names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** Opens the database that `target` names: a `postgres://` URL, or else a SQLite file path. */
export function openDatabase(target: string = DEFAULT_DATABASE): OpenDatabase {
  return isPostgresUrl(target) ? openPostgres(target) : openSqlite(target);
}

function openSqlite(path: string): OpenDatabase {
  const file = path === ':memory:' ? path : resolve(path);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // better-sqlite3 leaves WAL databases at synchronous=NORMAL, which can lose the last
  // commits on power loss; a record of negotiations must not.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }),
  });
  return {
    db,
    dialect: 'sqlite',
    location: file,
    close: () => db.destroy(),
  };
}

/**
 * Kysely prepares every query afresh; preparing costs about as much as running a small query, and
 * a server runs the same few hundred queries over and over. Statements are reused by their SQL
 * (Kysely runs one query at a time on the connection, so a statement is never used twice at once).
 */
function withStatementCache(sqlite: SqliteDatabase.Database, size = 500) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text);
      } else {
        statement = sqlite.prepare(text);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

function openPostgres(url: string): OpenDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client that loses its server would otherwise crash the process with an unhandled error.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    location: redactUrl(url),
    close: () => db.destroy(),
    listenClient: () => new pg.Client({ connectionString: url }),
  };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

/**
 * SQLite transactions that take the write lock when they begin. A deferred transaction that reads
 * and then writes fails at once (SQLITE_BUSY) if another process wrote in between; an immediate
 * one waits its turn (busy_timeout), so several processes can share one file safely.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #options: SqliteDialectConfig;

  constructor(options: SqliteDialectConfig) {
    super(options);
    this.#options = options;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#options);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
