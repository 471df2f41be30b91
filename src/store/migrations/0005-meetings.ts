import type { Kysely } from "kysely";

/**
 * The little a meeting room keeps beyond rounds and votes: who facilitates, which row is on the
 * table, the timer — so a server restart mid-meeting gives every browser the same room back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("meeting_rooms")
    .addColumn("assessment_id", "text", (c) =>
      c.primaryKey().references("assessments.id").onDelete("cascade"),
    )
    .addColumn("facilitator", "text")
    .addColumn("row_id", "text")
    .addColumn("timer_ends_at", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}
