import type { Executor } from "../../store/index.js";
import { fromBool, parseJson, toBool, toJson } from "../../store/index.js";
import type { AssessmentsTable, VersionsTable } from "../../store/tables/risk.tables.js";
import type { MethodologyDefinition } from "../methodology/methodology.schema.js";
import type { Assessment, Version, VersionState } from "../model.js";

export interface StoredMethodology {
  id: string;
  name: string;
  source: string;
  definition: MethodologyDefinition;
  createdAt: string;
}

function toAssessment(r: AssessmentsTable): Assessment {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    methodologyId: r.methodology_id,
    defaultRule: r.default_rule,
    illustrative: toBool(r.illustrative),
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

function toVersion(r: VersionsTable): Version {
  return {
    id: r.id,
    assessmentId: r.assessment_id,
    label: r.label,
    seq: Number(r.seq),
    state: r.state as VersionState,
    parentId: r.parent_id,
    notes: r.notes,
    createdAt: r.created_at,
    createdBy: r.created_by,
    frozenAt: r.frozen_at,
    releasedAt: r.released_at,
  };
}

/** Methodologies, assessments and their versions. */
export class AssessmentsRepository {
  constructor(private readonly db: Executor) {}

  async upsertMethodology(m: StoredMethodology): Promise<void> {
    const row = {
      id: m.id,
      name: m.name,
      source: m.source,
      definition: toJson(m.definition),
      created_at: m.createdAt,
    };
    await this.db
      .insertInto("methodologies")
      .values(row)
      .onConflict((oc) =>
        oc
          .column("id")
          .doUpdateSet({ name: row.name, source: row.source, definition: row.definition }),
      )
      .execute();
  }

  async getMethodology(id: string): Promise<StoredMethodology | undefined> {
    const r = await this.db
      .selectFrom("methodologies")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return (
      r && {
        id: r.id,
        name: r.name,
        source: r.source,
        definition: parseJson(r.definition),
        createdAt: r.created_at,
      }
    );
  }

  async listMethodologies(): Promise<StoredMethodology[]> {
    const rows = await this.db.selectFrom("methodologies").selectAll().orderBy("id").execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      source: r.source,
      definition: parseJson(r.definition),
      createdAt: r.created_at,
    }));
  }

  async methodologyInUse(id: string): Promise<boolean> {
    const r = await this.db
      .selectFrom("assessments")
      .select("id")
      .where("methodology_id", "=", id)
      .executeTakeFirst();
    return r !== undefined;
  }

  async insertAssessment(a: Assessment): Promise<void> {
    await this.db
      .insertInto("assessments")
      .values({
        id: a.id,
        title: a.title,
        description: a.description,
        methodology_id: a.methodologyId,
        default_rule: a.defaultRule,
        illustrative: fromBool(a.illustrative),
        created_at: a.createdAt,
        created_by: a.createdBy,
      })
      .execute();
  }

  async updateAssessment(
    id: string,
    patch: { title?: string; description?: string; defaultRule?: string },
  ): Promise<void> {
    await this.db
      .updateTable("assessments")
      .set({
        ...(patch.title === undefined ? {} : { title: patch.title }),
        ...(patch.description === undefined ? {} : { description: patch.description }),
        ...(patch.defaultRule === undefined ? {} : { default_rule: patch.defaultRule }),
      })
      .where("id", "=", id)
      .execute();
  }

  async getAssessment(id: string): Promise<Assessment | undefined> {
    const r = await this.db
      .selectFrom("assessments")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return r && toAssessment(r);
  }

  async listAssessments(): Promise<Assessment[]> {
    return (
      await this.db
        .selectFrom("assessments")
        .selectAll()
        .orderBy("created_at")
        .orderBy("id")
        .execute()
    ).map(toAssessment);
  }

  async insertVersion(v: Version): Promise<void> {
    await this.db
      .insertInto("assessment_versions")
      .values({
        id: v.id,
        assessment_id: v.assessmentId,
        label: v.label,
        seq: v.seq,
        state: v.state,
        parent_id: v.parentId,
        notes: v.notes,
        created_at: v.createdAt,
        created_by: v.createdBy,
        frozen_at: v.frozenAt,
        released_at: v.releasedAt,
      })
      .execute();
  }

  async updateVersionState(id: string, state: VersionState, at: string): Promise<void> {
    await this.db
      .updateTable("assessment_versions")
      .set(
        state === "frozen"
          ? { state, frozen_at: at }
          : state === "released"
            ? { state, released_at: at }
            : { state },
      )
      .where("id", "=", id)
      .execute();
  }

  /** Versions of an assessment, oldest first. */
  async listVersions(assessmentId: string): Promise<Version[]> {
    const rows = await this.db
      .selectFrom("assessment_versions")
      .selectAll()
      .where("assessment_id", "=", assessmentId)
      .orderBy("seq")
      .execute();
    return rows.map(toVersion);
  }

  async getVersionById(id: string): Promise<Version | undefined> {
    const r = await this.db
      .selectFrom("assessment_versions")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return r && toVersion(r);
  }

  async getVersionByLabel(assessmentId: string, label: string): Promise<Version | undefined> {
    const r = await this.db
      .selectFrom("assessment_versions")
      .selectAll()
      .where("assessment_id", "=", assessmentId)
      .where("label", "=", label)
      .executeTakeFirst();
    return r && toVersion(r);
  }
}
