import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openStore, type Store } from "../store/index.js";

export const PG_URL = process.env.TTT_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REQUIRE_PG = process.env.TTT_REQUIRE_PG === "1";

let pgReachable: Promise<string | null> | undefined;

/** null when PostgreSQL answers, else the reason it does not. */
function probePostgres(): Promise<string | null> {
  pgReachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query("select 1");
      return null;
    } catch (err) {
      return `PostgreSQL at ${PG_URL} unreachable: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return pgReachable;
}

export interface StoreKind {
  name: "sqlite" | "postgres";
  /** A fresh, empty, migrated store of its own. */
  open(): Promise<Store>;
  /** Why this kind is skipped, or undefined to run. */
  skip: string | undefined;
}

const openedSchemas: string[] = [];

/**
 * The databases every repository test runs on. PostgreSQL is skipped with a printed reason
 * when unreachable, unless TTT_REQUIRE_PG=1 (CI), where unreachable is a failure.
 */
export async function storeKinds(): Promise<StoreKind[]> {
  const reason = await probePostgres();
  if (reason !== null && REQUIRE_PG) throw new Error(`${reason} (TTT_REQUIRE_PG=1)`);
  if (reason !== null) console.log(`# skipping PostgreSQL tests: ${reason}`);
  return [
    {
      name: "sqlite",
      skip: undefined,
      open: () => openStore({ dataDir: "", sqliteFile: ":memory:" }),
    },
    { name: "postgres", skip: reason ?? undefined, open: openPgStore },
  ];
}

/** A store in a schema of its own, dropped when the store closes. */
export async function openPgStore(): Promise<Store> {
  const schema = `ttt_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  openedSchemas.push(schema);
  const store = await openStore({ dataDir: "", databaseUrl: PG_URL, pgSchema: schema });
  return {
    ...store,
    close: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
}

/**
 * `n` stores on one fresh schema, as several server instances on one PostgreSQL would have;
 * the schema is dropped when the last of them closes.
 */
export async function openPgStores(n: number): Promise<Store[]> {
  const schema = `ttt_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  openedSchemas.push(schema);
  let open = n;
  const stores: Store[] = [];
  for (let i = 0; i < n; i++) {
    const store = await openStore({ dataDir: "", databaseUrl: PG_URL, pgSchema: schema });
    stores.push({
      ...store,
      close: async () => {
        await store.close();
        if (--open === 0) await dropSchema(schema);
      },
    });
  }
  return stores;
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** Two stores on one database, as two processes (or server instances) would have. */
export async function twoStores(kind: string): Promise<{ stores: Store[]; done: () => void }> {
  if (kind === "postgres") return { stores: await openPgStores(2), done: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), "ttt-race-"));
  const stores = [await openStore({ dataDir: dir }), await openStore({ dataDir: dir })];
  return { stores, done: () => rmSync(dir, { recursive: true, force: true }) };
}
