import type { Kysely } from "kysely";

/**
 * Bans (issue 5): one row per ban, every kind in one table so a listing is one query. Only the
 * key columns of its kind are set (jti for token bans, sub for identity bans …). Bans are never
 * deleted — a lift sets state and the lift fields — so the table is the history, with the audit
 * log saying who did what. Indexes follow the look-ups by issuer + key that loading and listing use.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("bans")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("iss", "text", (c) => c.notNull())
    .addColumn("jti", "text")
    .addColumn("sub", "text")
    .addColumn("issued_before", "text")
    .addColumn("client_id", "text")
    .addColumn("grp", "text")
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("incident", "text")
    .addColumn("author", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text")
    // JSON: "all" or an array of site names.
    .addColumn("sites", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("lifted_at", "text")
    .addColumn("lifted_by", "text")
    .addColumn("lift_reason", "text")
    .execute();
  const indexes: [string, string[]][] = [
    ["bans_iss_jti", ["iss", "jti"]],
    ["bans_iss_sub", ["iss", "sub"]],
    ["bans_iss_client", ["iss", "client_id"]],
    ["bans_iss_grp", ["iss", "grp"]],
    ["bans_state", ["state"]],
  ];
  for (const [name, columns] of indexes) {
    await db.schema.createIndex(name).on("bans").columns(columns).execute();
  }
}
