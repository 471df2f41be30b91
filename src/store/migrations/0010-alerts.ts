import type { Kysely } from "kysely";

/**
 * Trace, part 2 (issue 8): alerts. One row per (kind, ban, event): the id is built from those,
 * so raising the same alert twice (an event re-checked) is a no-op. The event's identifying
 * fields are copied in, so an alert outlives the event's retention.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("trace_alerts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("ban_id", "text")
    .addColumn("matched", "text", (c) => c.notNull())
    .addColumn("event_id", "bigint", (c) => c.notNull())
    .addColumn("event_time_ms", "bigint", (c) => c.notNull())
    .addColumn("site", "text")
    .addColumn("component", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("iss", "text")
    .addColumn("sub", "text")
    .addColumn("jti", "text")
    .addColumn("client_ip", "text")
    .addColumn("object", "text")
    .addColumn("source_file", "text", (c) => c.notNull())
    .addColumn("source_line", "bigint", (c) => c.notNull())
    .addColumn("run_id", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("trace_alerts_created")
    .on("trace_alerts")
    .columns(["created_at", "id"])
    .execute();
  await db.schema.createIndex("trace_alerts_ban").on("trace_alerts").column("ban_id").execute();
}
