import { sql, type Kysely } from "kysely";
import type { BulkTx } from "./bulk.js";
import type { Database, DialectName } from "./database.js";

const monthStart = (y: number, m: number) => Date.UTC(y, m, 1);

/**
 * Tables partitioned by a time column in epoch ms (trace_events). PostgreSQL: one partition per
 * UTC month, made the first time a month is written, and retention drops whole partitions.
 * SQLite has no partitions: `ensure` does nothing and retention deletes rows.
 */
export interface TimePartitions {
  /** Makes sure every month of `times` has its partition (inside the writing transaction). */
  ensure(tx: BulkTx, table: string, times: Iterable<number>): Promise<void>;
  /** Forgets what `ensure` saw (after a rollback). */
  reset(): void;
  /** Deletes rows with time_ms < cutoff; returns how many were removed. */
  pruneBefore(table: string, cutoffMs: number): Promise<number>;
}

export function timePartitions(db: Kysely<Database>, dialect: DialectName): TimePartitions {
  if (dialect === "sqlite") {
    return {
      ensure: () => Promise.resolve(),
      reset: () => undefined,
      async pruneBefore(table, cutoffMs) {
        const r = await sql`delete from ${sql.table(table)} where time_ms < ${cutoffMs}`.execute(
          db,
        );
        return Number(r.numAffectedRows ?? 0);
      },
    };
  }
  const known = new Set<string>();
  return {
    async ensure(tx, table, times) {
      const months = new Set<number>();
      let lo = 1;
      let hi = 0;
      for (const t of times) {
        if (t >= lo && t < hi) continue;
        const d = new Date(t);
        const y = d.getUTCFullYear();
        const m = d.getUTCMonth();
        months.add(y * 12 + m);
        lo = monthStart(y, m);
        hi = monthStart(y, m + 1);
      }
      for (const ym of months) {
        const y = Math.floor(ym / 12);
        const m = ym % 12;
        const name = `${table}_y${y}m${String(m + 1).padStart(2, "0")}`;
        if (known.has(name)) continue;
        // "if not exists" alone races with another instance creating the same month
        await tx.exclusive(PARTITION_LOCK);
        await tx.run(
          `create table if not exists ${name} partition of ${table} for values from (${monthStart(y, m)}) to (${monthStart(y, m + 1)})`,
        );
        known.add(name);
      }
    },
    reset: () => known.clear(),
    async pruneBefore(table, cutoffMs) {
      const parts = await sql<{ name: string; bound: string }>`
        select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
        from pg_inherits i join pg_class c on c.oid = i.inhrelid
        join pg_class p on p.oid = i.inhparent
        where p.relname = ${table} and p.relnamespace = c.relnamespace
          and p.relnamespace = (select oid from pg_namespace where nspname = current_schema())`.execute(
        db,
      );
      let removed = 0;
      for (const p of parts.rows) {
        const m = /TO \('?(-?\d+)'?\)/.exec(p.bound);
        if (m?.[1] === undefined || Number(m[1]) > cutoffMs) continue;
        const n = await sql<{ n: string }>`select count(*) as n from ${sql.table(p.name)}`.execute(
          db,
        );
        removed += Number(n.rows[0]?.n ?? 0);
        await sql`drop table ${sql.table(p.name)}`.execute(db);
        known.delete(p.name);
      }
      const r = await sql`delete from ${sql.table(table)} where time_ms < ${cutoffMs}`.execute(db);
      return removed + Number(r.numAffectedRows ?? 0);
    },
  };
}

/** The advisory lock key of partition creation (any constant shared by all instances). */
const PARTITION_LOCK = 727_276;
