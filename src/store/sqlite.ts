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

/**
 * Page size of a new store. 16 KiB instead of SQLite's 4 KiB: ingest appends events and
 * postings, and larger pages cut its WAL writes and checkpoint reads about fourfold (7 % less
 * CPU, 10 % less disk for a week of logs), while trace look-ups by id were no slower
 * (bench/RESULTS.md, 2026-11-27). It applies only when the file is created: an existing store
 * keeps the size it was made with (SQLite changes it only by VACUUM, outside WAL mode).
 */
export const SQLITE_PAGE_SIZE = 16_384;

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
  // A no-op on a file that has pages already; must come before WAL mode is set.
  db.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
  db.pragma("journal_mode = WAL");
  // FULL: a vote acknowledged is a vote stored, even across a power cut.
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return { dialect: new ImmediateSqliteDialect({ database: db }), handle: db };
}
