import type { Kysely } from "kysely";

/**
 * The identities seen in ingested logs: one row per (issuer, subject, group) — group "" when an
 * event names no group — so creating a group or issuer ban can say how many known identities it
 * covers (issue 5) without scanning the events. Written by ingest with each segment, duplicates
 * ignored; kept when retention drops old events (an identity seen once is still known).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("trace_identities")
    .addColumn("iss", "text", (c) => c.notNull())
    .addColumn("sub", "text", (c) => c.notNull())
    .addColumn("grp", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("trace_identities_pk", ["iss", "sub", "grp"])
    .execute();
}
