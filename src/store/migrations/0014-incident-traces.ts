import type { Kysely } from "kysely";

/**
 * Traces saved into an incident (issue 9): the query and its result at the time, so the case
 * file shows what was known then even after more logs are ingested or old ones expire.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("incident_traces")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("incident_id", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("query", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("result", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("incident_traces_incident")
    .on("incident_traces")
    .columns(["incident_id", "created_at"])
    .execute();
}
