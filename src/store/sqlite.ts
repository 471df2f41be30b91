import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { CompiledQuery, SqliteDialect, SqliteDriver } from "kysely";
import type { DatabaseConnection, Driver, SqliteDialectConfig } from "kysely";

/**
 * SQLite's default `BEGIN` is deferred: a transaction that reads and then writes fails with
 * SQLITE_BUSY when another process (a CLI next to a running server) wrote in between.
 * `BEGIN IMMEDIATE` takes the write lock up front, and busy_timeout makes the other wait.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** Opens (creating when absent) the SQLite file with WAL and full durability. */
export function sqliteDialect(file: string): SqliteDialect {
  return openSqlite(file).dialect;
}

/** The dialect and its one connection (bulk writers prepare statements on it directly). */
export function openSqlite(file: string): {
  dialect: SqliteDialect;
  handle: BetterSqlite3.Database;
} {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  db.pragma("journal_mode = WAL");
  // FULL: a vote acknowledged is a vote stored, even across a power cut.
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return { dialect: new ImmediateSqliteDialect({ database: db }), handle: db };
}
