import { sql, type Kysely } from "kysely";

/**
 * Incidents (issue 9), second step: the tokens a responder linked to the case (their claims'
 * iss, sub, jti, client and the workflow they belong to — never the token itself), as JSON
 * text like the other lists, and the lessons learned written before closure.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("incidents")
    .addColumn("tokens", "text", (c) => c.notNull().defaultTo(sql`'[]'`))
    .execute();
  await db.schema.alterTable("incidents").addColumn("lessons_learned", "text").execute();
}
