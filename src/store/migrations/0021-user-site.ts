import type { Kysely } from "kysely";

/**
 * The site an account of role `site` speaks for (null: not bound). Its uploads to
 * `POST /api/v1/ingest` are labelled with that site and may not name another.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("users").addColumn("site", "text").execute();
}
