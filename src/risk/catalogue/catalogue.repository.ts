import type { Executor } from "../../store/index.js";
import type { Mitigation, RiskRow, Threat, Workflow } from "../model.js";
import { mitigationCodec, rowCodec, threatCodec, workflowCodec } from "./catalogue.codec.js";

/** Everything a version holds: threats, workflows, rows and mitigations. */
export interface Catalogue {
  threats: Threat[];
  workflows: Workflow[];
  rows: RiskRow[];
  mitigations: Mitigation[];
}

/** The versioned catalogue: threats, workflows, rows and mitigations of one version. */
export class CatalogueRepository {
  constructor(private readonly db: Executor) {}

  async load(versionId: string): Promise<Catalogue> {
    const [threats, workflows, rows, mitigations] = await Promise.all([
      this.db
        .selectFrom("threats")
        .selectAll()
        .where("version_id", "=", versionId)
        .orderBy("position")
        .orderBy("id")
        .execute(),
      this.db
        .selectFrom("workflows")
        .selectAll()
        .where("version_id", "=", versionId)
        .orderBy("position")
        .orderBy("id")
        .execute(),
      this.db
        .selectFrom("risk_rows")
        .selectAll()
        .where("version_id", "=", versionId)
        .orderBy("position")
        .orderBy("id")
        .execute(),
      this.db
        .selectFrom("mitigations")
        .selectAll()
        .where("version_id", "=", versionId)
        .orderBy("id")
        .execute(),
    ]);
    return {
      threats: threats.map(threatCodec.decode),
      workflows: workflows.map(workflowCodec.decode),
      rows: rows.map(rowCodec.decode),
      mitigations: mitigations.map(mitigationCodec.decode),
    };
  }

  /** Writes a whole catalogue into a (new, empty) version: how a version starts from its parent. */
  async insertAll(versionId: string, c: Catalogue): Promise<void> {
    const chunks = <T>(xs: T[]) =>
      Array.from({ length: Math.ceil(xs.length / 100) }, (_, i) =>
        xs.slice(i * 100, i * 100 + 100),
      );
    for (const part of chunks(c.threats))
      await this.db
        .insertInto("threats")
        .values(part.map((t) => threatCodec.encode(versionId, t)))
        .execute();
    for (const part of chunks(c.workflows))
      await this.db
        .insertInto("workflows")
        .values(part.map((w) => workflowCodec.encode(versionId, w)))
        .execute();
    for (const part of chunks(c.rows))
      await this.db
        .insertInto("risk_rows")
        .values(part.map((r) => rowCodec.encode(versionId, r)))
        .execute();
    for (const part of chunks(c.mitigations))
      await this.db
        .insertInto("mitigations")
        .values(part.map((m) => mitigationCodec.encode(versionId, m)))
        .execute();
  }

  async getThreat(versionId: string, id: string): Promise<Threat | undefined> {
    const r = await this.db
      .selectFrom("threats")
      .selectAll()
      .where("version_id", "=", versionId)
      .where("id", "=", id)
      .executeTakeFirst();
    return r && threatCodec.decode(r);
  }

  async putThreat(versionId: string, t: Threat): Promise<void> {
    const row = threatCodec.encode(versionId, t);
    await this.db
      .insertInto("threats")
      .values(row)
      .onConflict((oc) => oc.columns(["version_id", "id"]).doUpdateSet(row))
      .execute();
  }

  async getWorkflow(versionId: string, id: string): Promise<Workflow | undefined> {
    const r = await this.db
      .selectFrom("workflows")
      .selectAll()
      .where("version_id", "=", versionId)
      .where("id", "=", id)
      .executeTakeFirst();
    return r && workflowCodec.decode(r);
  }

  async putWorkflow(versionId: string, w: Workflow): Promise<void> {
    const row = workflowCodec.encode(versionId, w);
    await this.db
      .insertInto("workflows")
      .values(row)
      .onConflict((oc) => oc.columns(["version_id", "id"]).doUpdateSet(row))
      .execute();
  }

  async getRow(versionId: string, id: string): Promise<RiskRow | undefined> {
    const r = await this.db
      .selectFrom("risk_rows")
      .selectAll()
      .where("version_id", "=", versionId)
      .where("id", "=", id)
      .executeTakeFirst();
    return r && rowCodec.decode(r);
  }

  async putRow(versionId: string, row: RiskRow): Promise<void> {
    const r = rowCodec.encode(versionId, row);
    await this.db
      .insertInto("risk_rows")
      .values(r)
      .onConflict((oc) => oc.columns(["version_id", "id"]).doUpdateSet(r))
      .execute();
  }

  async maxRowPosition(versionId: string): Promise<number> {
    const r = await this.db
      .selectFrom("risk_rows")
      .select((eb) => eb.fn.max("position").as("p"))
      .where("version_id", "=", versionId)
      .executeTakeFirst();
    return Number(r?.p ?? 0);
  }

  async getMitigation(versionId: string, id: string): Promise<Mitigation | undefined> {
    const r = await this.db
      .selectFrom("mitigations")
      .selectAll()
      .where("version_id", "=", versionId)
      .where("id", "=", id)
      .executeTakeFirst();
    return r && mitigationCodec.decode(r);
  }

  async putMitigation(versionId: string, m: Mitigation): Promise<void> {
    const r = mitigationCodec.encode(versionId, m);
    await this.db
      .insertInto("mitigations")
      .values(r)
      .onConflict((oc) => oc.columns(["version_id", "id"]).doUpdateSet(r))
      .execute();
  }

  async deleteMitigation(versionId: string, id: string): Promise<void> {
    await this.db
      .deleteFrom("mitigations")
      .where("version_id", "=", versionId)
      .where("id", "=", id)
      .execute();
  }
}
