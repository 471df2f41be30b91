import { join } from "node:path";
import { Kysely, sql } from "kysely";
import type { Dialect } from "kysely";
import { TttError } from "../core/errors.js";
import type { Database, DialectName } from "./database.js";
import { postgresFeed, sqliteFeed, type ChangeFeed } from "./change-feed.js";
import { migrate } from "./migrate.js";
import { migrations } from "./migrations/index.js";
import { postgresDialect } from "./postgres.js";
import { openSqlite } from "./sqlite.js";
import { bulkWriter, type BulkWriter } from "./bulk.js";
import { timePartitions, type TimePartitions } from "./partitions.js";
import type BetterSqlite3 from "better-sqlite3";

export interface StoreOptions {
  /** Folder of the embedded SQLite file (`ttt.sqlite`). */
  dataDir: string;
  /** `postgres://…` to use PostgreSQL instead of SQLite. */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema to work in (tests); default: the connection's search_path. */
  pgSchema?: string | undefined;
  /** SQLite file override, e.g. ":memory:" for tests. */
  sqliteFile?: string | undefined;
}

/** The open database with its dialect name; the only place that knows which one it is. */
export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, for messages (never includes a password). */
  location: string;
  /** Announces committed changes to other instances on the same store (change-feed.ts). */
  feed: ChangeFeed;
  /** Many rows in one transaction, bypassing per-query overhead (bulk.ts; trace ingest). */
  bulk: BulkWriter;
  /** Time-partitioned tables: monthly partitions on PostgreSQL, plain rows on SQLite. */
  partitions: TimePartitions;
  close(): Promise<void>;
}

/** Opens the store and applies every pending migration. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const url = options.databaseUrl;
  let dialect: Dialect;
  let name: DialectName;
  let location: string;
  let handle: BetterSqlite3.Database | undefined;
  if (url !== undefined && url !== "") {
    name = "postgres";
    dialect = await postgresDialect(url, options.pgSchema);
    location = redactUrl(url) + (options.pgSchema ? ` (schema ${options.pgSchema})` : "");
  } else {
    name = "sqlite";
    const file = options.sqliteFile ?? join(options.dataDir, "ttt.sqlite");
    const opened = openSqlite(file);
    dialect = opened.dialect;
    handle = opened.handle;
    location = file;
  }
  const db = new Kysely<Database>({ dialect });
  const bulk = bulkWriter(db, name, handle);
  let feed: ChangeFeed;
  try {
    await migrate(db as Kysely<unknown>, name, migrations);
    // The schema names the change channel: instances that pick theirs by the URL's search_path
    // (`?options=-c search_path=…`) must not hear another schema's changes.
    feed =
      url !== undefined && url !== ""
        ? postgresFeed(url, options.pgSchema ?? (await currentSchema(db)))
        : sqliteFeed(db);
  } catch (err) {
    await db.destroy();
    throw new TttError(
      "store_unavailable",
      500,
      `cannot open the store at ${location}: ${String(err)}`,
      {
        cause: err,
      },
    );
  }
  return {
    db,
    dialect: name,
    location,
    feed,
    bulk,
    partitions: timePartitions(db, name),
    close: () => db.destroy(),
  };
}

/** The schema unqualified names resolve to (the first of the search_path that exists). */
async function currentSchema(db: Kysely<Database>): Promise<string> {
  const r = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return r.rows[0]?.schema ?? "public";
}

/** postgres://user:secret@host/db → postgres://user:***@host/db */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== "") u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable database URL)";
  }
}
