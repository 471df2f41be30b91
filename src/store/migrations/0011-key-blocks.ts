import { PostgresAdapter, sql, type Kysely } from "kysely";

/**
 * Trace look-ups at scale (issue 8): after each ingest run the run's per-segment postings are
 * merged into `trace_key_blocks` — per bucket, the keys of up to 1,024 segments sorted and cut
 * into blocks of a few KiB, each row knowing its key range (`lo`..`hi`) — and the segments are
 * marked with their block group. A look-up then reads one small row per group instead of one
 * bucket blob per segment (830 for the 10M-line benchmark week).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable("trace_segments").addColumn("block", "integer").execute();
  const blocks = db.schema
    .createTable("trace_key_blocks")
    .addColumn("bucket", "integer", (c) => c.notNull())
    .addColumn("first_seg", "integer", (c) => c.notNull())
    .addColumn("lo", "bigint", (c) => c.notNull())
    .addColumn("hi", "bigint", (c) => c.notNull())
    .addColumn("min_time", "bigint")
    .addColumn("max_time", "bigint")
    .addColumn("data", pg ? "bytea" : "blob", (c) => c.notNull())
    .addPrimaryKeyConstraint("trace_key_blocks_pk", ["bucket", "lo", "first_seg"]);
  await (pg ? blocks : blocks.modifyEnd(sql`without rowid`)).execute();
}
