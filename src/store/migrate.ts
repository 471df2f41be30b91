import { sql, type Kysely, type Migration } from "kysely";
import type { DialectName } from "./database.js";

/**
 * Applies pending migrations in name order, each in its own transaction with its bookkeeping
 * row, so a failed migration leaves nothing half-applied. Written by hand rather than Kysely's
 * Migrator because that one introspects every schema of the database, which races with other
 * schemas being dropped (parallel test runs) and can mistake another schema's tables for ours.
 * Concurrent starts (several server instances) serialise on an advisory lock (PostgreSQL) or
 * the write lock (SQLite, BEGIN IMMEDIATE).
 */
export async function migrate(
  db: Kysely<unknown>,
  dialect: DialectName,
  migrations: Record<string, Migration>,
): Promise<string[]> {
  await sql`create table if not exists ttt_migrations (name text primary key, applied_at text not null)`.execute(
    db,
  );
  const applied: string[] = [];
  for (const name of Object.keys(migrations).sort()) {
    const migration = migrations[name];
    if (migration === undefined) continue;
    const done = await db.transaction().execute(async (trx) => {
      if (dialect === "postgres") await sql`select pg_advisory_xact_lock(727274)`.execute(trx);
      const row = await sql<{
        name: string;
      }>`select name from ttt_migrations where name = ${name}`.execute(trx);
      if (row.rows.length > 0) return false;
      try {
        await migration.up(trx);
      } catch (err) {
        throw new Error(
          `migration ${name} failed: ${err instanceof Error ? err.message : String(err)}`,
          { cause: err },
        );
      }
      await sql`insert into ttt_migrations (name, applied_at) values (${name}, ${new Date().toISOString()})`.execute(
        trx,
      );
      return true;
    });
    if (done) applied.push(name);
  }
  return applied;
}
