import type { Kysely } from "kysely";

/**
 * Alerts (issue 8), second step: the client id of the event that raised an alert, and its
 * acknowledgement — who looked at it, when, and their note — so a responder's queue of open
 * alerts shrinks as the team works through it. Alerts themselves are never deleted or changed
 * otherwise.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ["client_id", "acked_at", "acked_by", "ack_note"]) {
    await db.schema.alterTable("trace_alerts").addColumn(column, "text").execute();
  }
  await db.schema.createIndex("trace_alerts_acked").on("trace_alerts").column("acked_at").execute();
}
