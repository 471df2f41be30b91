import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from "kysely";

/**
 * The ban feed's transmitter (issue 6): the outbox of ban changes (written in each ban's own
 * transaction), the SSF streams, their subjects, and per stream the queue of SETs to deliver.
 * `unique (stream_id, dedupe_key)` makes turning one change into a stream's SETs idempotent, and
 * `jti` is unique so one SET id never names two events.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  /** An ascending integer key: identity on PostgreSQL, autoincrement on SQLite. */
  const serial = (c: ColumnDefinitionBuilder) =>
    pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();

  await db.schema
    .createTable("feed_outbox")
    .addColumn("seq", "integer", serial)
    .addColumn("ban_id", "text", (c) => c.notNull())
    .addColumn("change_type", "text", (c) => c.notNull())
    .addColumn("ban", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("feed_streams")
    .addColumn("stream_id", "text", (c) => c.primaryKey())
    .addColumn("owner_id", "text", (c) => c.notNull())
    .addColumn("owner_name", "text", (c) => c.notNull())
    .addColumn("aud", "text", (c) => c.notNull())
    .addColumn("delivery_method", "text", (c) => c.notNull())
    .addColumn("endpoint_url", "text")
    .addColumn("authorization_header", "text")
    .addColumn("events_requested", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("status_reason", "text")
    .addColumn("description", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("bootstrap_seq", "integer", (c) => c.notNull())
    .addColumn("cursor_seq", "integer", (c) => c.notNull())
    .addColumn("min_verification_interval", "integer", (c) => c.notNull())
    .addColumn("last_verification_at", "text")
    .addColumn("last_error", "text")
    .addColumn("last_delivered_at", "text")
    .execute();
  await db.schema.createIndex("feed_streams_owner").on("feed_streams").column("owner_id").execute();

  await db.schema
    .createTable("feed_subjects")
    .addColumn("stream_id", "text", (c) =>
      c.notNull().references("feed_streams.stream_id").onDelete("cascade"),
    )
    .addColumn("subject_key", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("verified", "integer", (c) => c.notNull())
    .addColumn("added_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("feed_subjects_pk", ["stream_id", "subject_key"])
    .execute();

  await db.schema
    .createTable("feed_queue")
    .addColumn("id", "integer", serial)
    .addColumn("stream_id", "text", (c) =>
      c.notNull().references("feed_streams.stream_id").onDelete("cascade"),
    )
    .addColumn("dedupe_key", "text", (c) => c.notNull())
    .addColumn("jti", "text", (c) => c.notNull().unique())
    .addColumn("seq", "integer")
    .addColumn("ban_id", "text")
    .addColumn("event_type", "text", (c) => c.notNull())
    .addColumn("claims", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("lease_owner", "text")
    .addColumn("lease_until", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("done_at", "text")
    .addUniqueConstraint("feed_queue_stream_dedupe", ["stream_id", "dedupe_key"])
    .execute();
  await db.schema
    .createIndex("feed_queue_pending")
    .on("feed_queue")
    .columns(["stream_id", "state", "id"])
    .execute();
}
