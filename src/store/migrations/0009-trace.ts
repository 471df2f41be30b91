import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from "kysely";

/**
 * Trace, part 1 (issue 7): ingested middleware events.
 *
 * - `trace_files`: one row per log file seen, by content fingerprint (first KiB; `fp_head` of the
 *   first 64 bytes finds a file first seen shorter than a KiB), with the checkpoint (bytes and
 *   lines consumed, parser state) that makes ingest idempotent.
 * - `trace_segments`: one row per ingest transaction. Event ids are `segment × 2^20 + ordinal`,
 *   so a segment's postings can name its events without asking the database for ids.
 * - `trace_events`: the normalised events, narrow: id, time, source (file, line) and `data`, the
 *   event's fields as one JSON array (trace/events/event-codec.ts). Measured on this machine:
 *   six secondary indexes took inserts from 390k to 8k rows/s (random-order B-tree inserts),
 *   and 22 bound columns cost 5× what 2 do. Look-ups go through `trace_postings` instead.
 * - `trace_postings`: an inverted index. Per segment and bucket (the key hash's low byte), one
 *   blob of sorted key hashes with the ordinals of the segment's events holding each key (jti,
 *   subject, client, object, IP, correlation id, mapped user, hour …): at most 256 rows per
 *   25,000 events, and a look-up reads one blob per segment (index-keys/bucket-blob.ts).
 * - `trace_bad_lines`: per ingest run, file and reason: count, first line numbers, samples.
 * - `trace_runs`: each ingest run and its summary.
 *
 * On PostgreSQL `trace_events` is partitioned by range of `time_ms` (one partition per month,
 * created on demand by the writer), so retention drops whole partitions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const serial = (c: ColumnDefinitionBuilder) =>
    pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();
  const blob = pg ? "bytea" : "blob";

  await db.schema
    .createTable("trace_runs")
    .addColumn("id", "integer", serial)
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .addColumn("summary", "text")
    .execute();

  await db.schema
    .createTable("trace_files")
    .addColumn("id", "integer", serial)
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("fp_len", "integer", (c) => c.notNull())
    .addColumn("fp_head", "text", (c) => c.notNull())
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("site", "text")
    .addColumn("host", "text")
    .addColumn("bytes_done", "bigint", (c) => c.notNull())
    .addColumn("lines_done", "bigint", (c) => c.notNull())
    .addColumn("parser_state", "text")
    .addColumn("first_seen_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("trace_files_fp")
    .on("trace_files")
    .columns(["fp_len", "fingerprint"])
    .execute();
  await db.schema.createIndex("trace_files_head").on("trace_files").column("fp_head").execute();
  await db.schema.createIndex("trace_files_path").on("trace_files").column("path").execute();

  await db.schema
    .createTable("trace_segments")
    .addColumn("id", "integer", serial)
    .addColumn("run_id", "integer", (c) => c.notNull())
    .addColumn("events", "integer", (c) => c.notNull())
    .addColumn("min_time", "bigint")
    .addColumn("max_time", "bigint")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  const events = db.schema
    .createTable("trace_events")
    .addColumn("id", "bigint", (c) => c.notNull())
    .addColumn("time_ms", "bigint", (c) => c.notNull())
    .addColumn("file_id", "integer", (c) => c.notNull())
    .addColumn("line", "bigint", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull());
  if (pg) {
    await events
      .addPrimaryKeyConstraint("trace_events_pk", ["time_ms", "id"])
      .modifyEnd(sql`partition by range (time_ms)`)
      .execute();
    // Postings name events by id; ids only grow, so this index appends.
    await db.schema.createIndex("trace_events_id").on("trace_events").column("id").execute();
  } else {
    await events.addPrimaryKeyConstraint("trace_events_pk", ["id"]).execute();
  }

  const postings = db.schema
    .createTable("trace_postings")
    .addColumn("bucket", "integer", (c) => c.notNull())
    .addColumn("seg", "integer", (c) => c.notNull())
    .addColumn("data", blob, (c) => c.notNull())
    .addPrimaryKeyConstraint("trace_postings_pk", ["bucket", "seg"]);
  await (pg ? postings : postings.modifyEnd(sql`without rowid`)).execute();

  await db.schema
    .createTable("trace_bad_lines")
    .addColumn("run_id", "integer", (c) => c.notNull())
    .addColumn("file_id", "integer", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addColumn("lines", "text", (c) => c.notNull())
    .addColumn("samples", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("trace_bad_lines_pk", ["run_id", "file_id", "reason"])
    .execute();
}
