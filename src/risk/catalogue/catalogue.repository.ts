import type { Executor } from "../../store/index.js";
import type { Mitigation, RiskRow, Threat, Workflow } from "../model.js";
import { mitigationCodec, rowCodec, threatCodec, workflowCodec } from "./catalogue.codec.js";
import { VersionedTable } from "./versioned-table.js";

/** Everything a version holds: threats, workflows, rows and mitigations. */
export interface Catalogue {
  threats: Threat[];
  workflows: Workflow[];
  rows: RiskRow[];
  mitigations: Mitigation[];
}

/** The versioned catalogue: threats, workflows, rows and mitigations of one version. */
export class CatalogueRepository {
  private readonly threats: VersionedTable<ReturnType<typeof threatCodec.encode>, Threat>;
  private readonly workflows: VersionedTable<ReturnType<typeof workflowCodec.encode>, Workflow>;
  private readonly rows: VersionedTable<ReturnType<typeof rowCodec.encode>, RiskRow>;
  private readonly mitigations: VersionedTable<
    ReturnType<typeof mitigationCodec.encode>,
    Mitigation
  >;

  constructor(private readonly db: Executor) {
    this.threats = new VersionedTable(db, "threats", threatCodec, ["position", "id"]);
    this.workflows = new VersionedTable(db, "workflows", workflowCodec, ["position", "id"]);
    this.rows = new VersionedTable(db, "risk_rows", rowCodec, ["position", "id"]);
    this.mitigations = new VersionedTable(db, "mitigations", mitigationCodec, ["id"]);
  }

  async load(versionId: string): Promise<Catalogue> {
    return {
      threats: await this.threats.list(versionId),
      workflows: await this.workflows.list(versionId),
      rows: await this.rows.list(versionId),
      mitigations: await this.mitigations.list(versionId),
    };
  }

  /** Writes a whole catalogue into a (new, empty) version: how a version starts from its parent. */
  async insertAll(versionId: string, c: Catalogue): Promise<void> {
    await this.threats.insertMany(versionId, c.threats);
    await this.workflows.insertMany(versionId, c.workflows);
    await this.rows.insertMany(versionId, c.rows);
    await this.mitigations.insertMany(versionId, c.mitigations);
  }

  getThreat = (versionId: string, id: string) => this.threats.get(versionId, id);
  putThreat = (versionId: string, t: Threat) => this.threats.put(versionId, t);
  getWorkflow = (versionId: string, id: string) => this.workflows.get(versionId, id);
  putWorkflow = (versionId: string, w: Workflow) => this.workflows.put(versionId, w);
  getRow = (versionId: string, id: string) => this.rows.get(versionId, id);
  putRow = (versionId: string, r: RiskRow) => this.rows.put(versionId, r);
  getMitigation = (versionId: string, id: string) => this.mitigations.get(versionId, id);
  putMitigation = (versionId: string, m: Mitigation) => this.mitigations.put(versionId, m);
  deleteMitigation = (versionId: string, id: string) => this.mitigations.delete(versionId, id);

  async maxRowPosition(versionId: string): Promise<number> {
    const r = await this.db
      .selectFrom("risk_rows")
      .select((eb) => eb.fn.max("position").as("p"))
      .where("version_id", "=", versionId)
      .executeTakeFirst();
    return Number(r?.p ?? 0);
  }
}
