import type { Kysely } from "kysely";

/**
 * Trusted issuers (issue 5): the registry of issuers whose tokens we verify, with each one's
 * key cache in the same row (keys, when and where they were fetched, the last failed refresh),
 * so a restart starts with the last keys instead of fetching every issuer at once — and an
 * issuer that is down at restart is still verified with the keys it had. One issuer URL, one row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("issuers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("iss", "text", (c) => c.notNull().unique())
    .addColumn("mode", "text", (c) => c.notNull())
    .addColumn("jwks_uri", "text")
    .addColumn("static_keys", "text")
    .addColumn("algorithms", "text", (c) => c.notNull())
    .addColumn("audiences", "text", (c) => c.notNull())
    .addColumn("refresh_seconds", "integer", (c) => c.notNull())
    .addColumn("keys", "text", (c) => c.notNull())
    .addColumn("keys_fetched_at", "text")
    .addColumn("keys_source", "text")
    .addColumn("keys_url", "text")
    .addColumn("last_refresh_attempt_at", "text")
    .addColumn("last_refresh_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull())
    .execute();
}
