import type { Kysely } from "kysely";

/**
 * OIDC login: users linked to an external identity (issuer, subject) — unique, so one person
 * at one provider is one user — and the short-lived server-side state of logins in progress.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable("users").addColumn("external_iss", "text").execute();
  await db.schema.alterTable("users").addColumn("external_sub", "text").execute();
  await db.schema
    .createIndex("users_external_identity")
    .on("users")
    .columns(["external_iss", "external_sub"])
    .unique()
    .execute();

  await db.schema
    .createTable("oidc_transactions")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("nonce", "text", (c) => c.notNull())
    .addColumn("code_verifier", "text", (c) => c.notNull())
    .addColumn("redirect_uri", "text", (c) => c.notNull())
    .addColumn("return_to", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("oidc_transactions_expiry")
    .on("oidc_transactions")
    .column("expires_at")
    .execute();
}
