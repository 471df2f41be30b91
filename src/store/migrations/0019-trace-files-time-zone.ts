import type { Kysely } from "kysely";

/**
 * The zone a file's offset-less times were read in (`ttt ingest --tz`), null for UTC: kept with
 * the checkpoint so the lines a file gains later are read in the same zone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("trace_files").addColumn("time_zone", "text").execute();
}
