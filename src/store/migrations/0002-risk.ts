import type { Kysely } from "kysely";
import { sql } from "kysely";

/** Assess: methodologies, assessments, versioned catalogue, rounds, votes, settlements. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("methodologies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("definition", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("assessments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("methodology_id", "text", (c) => c.notNull().references("methodologies.id"))
    .addColumn("default_rule", "text", (c) => c.notNull())
    .addColumn("illustrative", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("assessment_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("assessment_id", "text", (c) =>
      c.notNull().references("assessments.id").onDelete("cascade"),
    )
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("parent_id", "text")
    .addColumn("notes", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("frozen_at", "text")
    .addColumn("released_at", "text")
    .addUniqueConstraint("assessment_versions_label", ["assessment_id", "label"])
    .execute();

  const versioned = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn("version_id", "text", (c) =>
        c.notNull().references("assessment_versions.id").onDelete("cascade"),
      )
      .addColumn("id", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint(`${name}_pk`, ["version_id", "id"]);

  await versioned("threats")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("vulnerability", "text", (c) => c.notNull())
    .addColumn("assets", "text", (c) => c.notNull())
    .addColumn("current_mitigations", "text", (c) => c.notNull())
    .addColumn("planned_mitigations", "text", (c) => c.notNull())
    .addColumn("per_workflow", "integer", (c) => c.notNull())
    .addColumn("placeholder", "integer", (c) => c.notNull())
    .addColumn("retired", "integer", (c) => c.notNull())
    .addColumn("notes", "text", (c) => c.notNull())
    .addColumn("position", "double precision", (c) => c.notNull())
    .execute();

  await versioned("workflows")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("lifetime", "text", (c) => c.notNull())
    .addColumn("scope_breadth", "text", (c) => c.notNull())
    .addColumn("refresh_exchange", "text", (c) => c.notNull())
    .addColumn("holder", "text", (c) => c.notNull())
    .addColumn("retired", "integer", (c) => c.notNull())
    .addColumn("position", "double precision", (c) => c.notNull())
    .execute();

  await versioned("risk_rows")
    .addColumn("threat_id", "text", (c) => c.notNull())
    .addColumn("workflow_id", "text")
    .addColumn("variant", "text")
    .addColumn("notes", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("lineage", "text")
    .addColumn("successors", "text", (c) => c.notNull())
    .addColumn("retired_reason", "text")
    .addColumn("position", "double precision", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("rounds")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("version_id", "text", (c) =>
      c.notNull().references("assessment_versions.id").onDelete("cascade"),
    )
    .addColumn("row_id", "text", (c) => c.notNull())
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("opened_by", "text", (c) => c.notNull())
    .addColumn("opened_at", "text", (c) => c.notNull())
    .addColumn("revealed_by", "text")
    .addColumn("revealed_at", "text")
    .addColumn("stats", "text")
    .addUniqueConstraint("rounds_number", ["version_id", "row_id", "number"])
    .execute();
  // At most one open round per row: the database enforces it, not just the service.
  await db.schema
    .createIndex("rounds_one_open")
    .on("rounds")
    .columns(["version_id", "row_id"])
    .unique()
    .where(sql.ref("state"), "=", "open")
    .execute();

  await db.schema
    .createTable("votes")
    .addColumn("round_id", "text", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("voter", "text", (c) => c.notNull())
    .addColumn("likelihood", "integer", (c) => c.notNull())
    .addColumn("impact", "integer", (c) => c.notNull())
    .addColumn("confidence", "text")
    .addColumn("note", "text")
    .addColumn("cast_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("votes_pk", ["round_id", "user_id"])
    .execute();

  await db.schema
    .createTable("settlements")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("version_id", "text", (c) =>
      c.notNull().references("assessment_versions.id").onDelete("cascade"),
    )
    .addColumn("row_id", "text", (c) => c.notNull())
    .addColumn("rule", "text", (c) => c.notNull())
    .addColumn("likelihood", "integer", (c) => c.notNull())
    .addColumn("impact", "integer", (c) => c.notNull())
    .addColumn("level", "text", (c) => c.notNull())
    .addColumn("round_id", "text")
    .addColumn("raw", "text", (c) => c.notNull())
    .addColumn("rounding", "text", (c) => c.notNull())
    .addColumn("stats", "text")
    .addColumn("reason", "text")
    .addColumn("settled_by", "text", (c) => c.notNull())
    .addColumn("settled_at", "text", (c) => c.notNull())
    .addColumn("carried_from", "text")
    .addColumn("current", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("settlements_row")
    .on("settlements")
    .columns(["version_id", "row_id"])
    .execute();

  await versioned("mitigations")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("owner", "text")
    .addColumn("due_date", "text")
    .addColumn("effort", "text", (c) => c.notNull())
    .addColumn("rows", "text", (c) => c.notNull())
    .execute();
}
