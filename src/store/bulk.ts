import type BetterSqlite3 from "better-sqlite3";
import { CompiledQuery, sql, type Kysely } from "kysely";
import type { Database, DialectName } from "./database.js";

/**
 * A value a bulk statement binds. For a `text` column of insertMany, bytes are UTF-8 text: the
 * ingest writer hands over event data as it was packed, so SQLite stores it without decoding it
 * into a string and encoding it again (PostgreSQL gets it decoded).
 */
export type BulkValue = string | number | null | Uint8Array;

/** A column of a bulk insert; `type` is what PostgreSQL's unnest needs. */
export interface BulkColumn {
  name: string;
  type: "int" | "bigint" | "text" | "bytea";
}

/**
 * The rows of an insert: an array, or rows made on demand (`at` is called once per row, in
 * order), so a big batch need not be held whole while it is written.
 */
export interface BulkRows {
  readonly length: number;
  at(i: number): readonly BulkValue[] | undefined;
}

/**
 * What a bulk writer offers inside its one transaction. SQL is written with `?` placeholders
 * (never inside literals); the PostgreSQL side numbers them.
 */
export interface BulkTx {
  /**
   * Inserts the rows. When it fails, rows before the failing one may stay in the transaction
   * until `write` rolls it back: a caller must let the error end the transaction, never catch
   * it and go on.
   */
  insertMany(table: string, columns: readonly BulkColumn[], rows: BulkRows): Promise<void>;
  run(sql: string, params?: readonly BulkValue[]): Promise<void>;
  all<T>(sql: string, params?: readonly BulkValue[]): Promise<T[]>;
  /**
   * Serialises this transaction with every other one taking the same key, across instances
   * (PostgreSQL advisory lock until commit; SQLite's write transactions are serial already).
   */
  exclusive(key: number): Promise<void>;
}

/**
 * Many rows in one transaction, fast: ingest writes tens of millions of events, which Kysely's
 * per-query compile (and, on SQLite, per-query prepare) would make several times slower. SQLite
 * keeps prepared statements on the store's one connection; PostgreSQL inserts a batch with one
 * `unnest` per 5,000 rows. Both hold Kysely's connection for the whole transaction, so no other
 * query of the process can slip into it.
 */
export interface BulkWriter {
  write<T>(work: (tx: BulkTx) => Promise<T>): Promise<T>;
  /**
   * Refreshes the planner's statistics of tables a bulk load changed (PostgreSQL: the plans of
   * look-ups by id go wrong until autovacuum gets there; SQLite plans by its indexes alone).
   */
  analyze(tables: readonly string[]): Promise<void>;
}

export function bulkWriter(
  db: Kysely<Database>,
  dialect: DialectName,
  handle: BetterSqlite3.Database | undefined,
): BulkWriter {
  if (dialect === "sqlite") {
    if (handle === undefined) throw new Error("bulk writer: SQLite store without its handle");
    return sqliteBulk(db, handle);
  }
  return postgresBulk(db);
}

/**
 * Rows per multi-row INSERT on SQLite, fewer for a table so wide that 100 rows would pass
 * SQLite's limit of 32,766 bound variables (the widest bulk table today has 7 columns).
 */
const SQLITE_ROWS = 100;
const SQLITE_MAX_VARIABLES = 32_766;

function sqliteBulk(db: Kysely<Database>, handle: BetterSqlite3.Database): BulkWriter {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (text: string) => {
    let st = statements.get(text);
    if (st === undefined) {
      st = handle.prepare(text);
      statements.set(text, st);
    }
    return st;
  };
  const tx: BulkTx = {
    insertMany(table, columns, rows) {
      const names = columns.map((c) => c.name).join(", ");
      // A blob cast to text is its bytes read as UTF-8 (the store's encoding), stored as text.
      const tuple = `(${columns.map((c) => (c.type === "text" ? "cast(? as text)" : "?")).join(", ")})`;
      // `or fail`: a failing row stops the statement without undoing the rows before it, so
      // SQLite needs no statement journal, which otherwise took a copy of every page each
      // 100-row statement touched again (1.1 GB of temp-file writes for one generated day, with
      // the old postings layout; bench/RESULTS.md, 2026-11-27). `write` rolls back the whole
      // transaction on any error, so those rows are never committed.
      const insert = (n: number) =>
        prepare(
          `insert or fail into ${table} (${names}) values ${Array(n).fill(tuple).join(", ")}`,
        );
      // Rows in groups of `per` per statement: one native call per group instead of per
      // row (measured: a fifth less CPU for a million 400-byte events).
      const width = columns.length;
      const per = Math.max(1, Math.min(SQLITE_ROWS, Math.floor(SQLITE_MAX_VARIABLES / width)));
      const group = insert(per);
      const flat = new Array<BulkValue>(per * width);
      let r = 0;
      for (; r + per <= rows.length; r += per) {
        for (let k = 0; k < per; k++) {
          const row = rows.at(r + k)!;
          for (let c = 0; c < width; c++) flat[k * width + c] = row[c] ?? null;
        }
        group.run(flat);
      }
      if (r < rows.length) {
        const single = insert(1);
        for (; r < rows.length; r++) {
          const row = rows.at(r)!;
          single.run(columns.map((_, c) => row[c] ?? null));
        }
      }
      return Promise.resolve();
    },
    run(text, params = []) {
      prepare(text).run(params);
      return Promise.resolve();
    },
    all<T>(text: string, params: readonly BulkValue[] = []) {
      return Promise.resolve(prepare(text).all(params) as T[]);
    },
    exclusive: () => Promise.resolve(),
  };
  return {
    analyze: () => Promise.resolve(),
    write: (work) =>
      db.connection().execute(async () => {
        handle.exec("begin immediate");
        try {
          const result = await work(tx);
          handle.exec("commit");
          return result;
        } catch (err) {
          if (handle.inTransaction) handle.exec("rollback");
          throw err;
        }
      }),
  };
}

const PG_CHUNK = 5000;

const utf8 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");

function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

function postgresBulk(db: Kysely<Database>): BulkWriter {
  return {
    analyze: async (tables) => {
      if (tables.length > 0) await sql.raw(`analyze ${tables.join(", ")}`).execute(db);
    },
    write: (work) =>
      db.connection().execute(async (conn) => {
        const q = async <T>(text: string, params: readonly BulkValue[] = []) =>
          (await conn.executeQuery<T>(CompiledQuery.raw(numbered(text), [...params]))).rows;
        const tx: BulkTx = {
          async insertMany(table, columns, rows) {
            const names = columns.map((c) => c.name).join(", ");
            const arrays = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(", ");
            const text = `insert into ${table} (${names}) select * from unnest(${arrays})`;
            const textual = columns.map((c) => c.type === "text");
            for (let start = 0; start < rows.length; start += PG_CHUNK) {
              const end = Math.min(rows.length, start + PG_CHUNK);
              const params = columns.map(() => new Array<BulkValue>(end - start));
              for (let r = start; r < end; r++) {
                const row = rows.at(r)!;
                for (let c = 0; c < columns.length; c++) {
                  const v = row[c] ?? null;
                  params[c]![r - start] = v instanceof Uint8Array && textual[c] ? utf8(v) : v;
                }
              }
              await conn.executeQuery(CompiledQuery.raw(text, params));
            }
          },
          async run(text, params) {
            await q(text, params);
          },
          all: q,
          async exclusive(key) {
            await q("select pg_advisory_xact_lock(?)", [key]);
          },
        };
        await q("begin");
        try {
          const result = await work(tx);
          await q("commit");
          return result;
        } catch (err) {
          await q("rollback").catch(() => undefined);
          throw err;
        }
      }),
  };
}
