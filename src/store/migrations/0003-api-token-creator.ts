import type { Kysely } from "kysely";

/** Who minted an API token: a token made by an admin for someone else is a delegated credential. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("api_tokens").addColumn("created_by", "text").execute();
}
