import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from "kysely";

/**
 * Incidents (issue 9): the case file and its append-only action log. Lists (affected sites and
 * identities) are JSON text, as elsewhere. Bans link to an incident by their `incident` field.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const serial = (c: ColumnDefinitionBuilder) =>
    pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();
  await db.schema
    .createTable("incidents")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("tlp", "text", (c) => c.notNull())
    .addColumn("severity", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("summary", "text")
    .addColumn("affected_sites", "text", (c) => c.notNull())
    .addColumn("affected_identities", "text", (c) => c.notNull())
    .addColumn("discovered_at", "text", (c) => c.notNull())
    .addColumn("reported_at", "text")
    .addColumn("contained_at", "text")
    .addColumn("resolved_at", "text")
    .addColumn("closure_report_at", "text")
    .addColumn("closed_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("incident_actions")
    .addColumn("seq", "integer", serial)
    .addColumn("incident_id", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("ref", "text")
    .execute();
  await db.schema
    .createIndex("incident_actions_incident")
    .on("incident_actions")
    .columns(["incident_id", "seq"])
    .execute();
}
