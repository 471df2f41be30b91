import { fromBool, parseJson, toBool, toJson } from "../../store/index.js";
import type {
  MitigationsTable,
  RiskRowsTable,
  ThreatsTable,
  WorkflowsTable,
} from "../../store/tables/risk.tables.js";
import type {
  Effort,
  Mitigation,
  MitigationKind,
  MitigationStatus,
  RiskRow,
  Threat,
  Workflow,
} from "../model.js";

/** Row ↔ domain mapping for the versioned catalogue tables. */
export const threatCodec = {
  decode: (r: ThreatsTable): Threat => ({
    id: r.id,
    title: r.title,
    description: r.description,
    vulnerability: r.vulnerability,
    assets: parseJson<string[]>(r.assets),
    currentMitigations: r.current_mitigations,
    plannedMitigations: r.planned_mitigations,
    perWorkflow: toBool(r.per_workflow),
    placeholder: toBool(r.placeholder),
    retired: toBool(r.retired),
    notes: r.notes,
    position: Number(r.position),
  }),
  encode: (versionId: string, t: Threat): ThreatsTable => ({
    version_id: versionId,
    id: t.id,
    title: t.title,
    description: t.description,
    vulnerability: t.vulnerability,
    assets: toJson(t.assets),
    current_mitigations: t.currentMitigations,
    planned_mitigations: t.plannedMitigations,
    per_workflow: fromBool(t.perWorkflow),
    placeholder: fromBool(t.placeholder),
    retired: fromBool(t.retired),
    notes: t.notes,
    position: t.position,
  }),
};

export const workflowCodec = {
  decode: (r: WorkflowsTable): Workflow => ({
    id: r.id,
    name: r.name,
    description: r.description,
    lifetime: r.lifetime,
    scopeBreadth: r.scope_breadth,
    refreshExchange: r.refresh_exchange,
    holder: r.holder,
    retired: toBool(r.retired),
    position: Number(r.position),
  }),
  encode: (versionId: string, w: Workflow): WorkflowsTable => ({
    version_id: versionId,
    id: w.id,
    name: w.name,
    description: w.description,
    lifetime: w.lifetime,
    scope_breadth: w.scopeBreadth,
    refresh_exchange: w.refreshExchange,
    holder: w.holder,
    retired: fromBool(w.retired),
    position: w.position,
  }),
};

export const rowCodec = {
  decode: (r: RiskRowsTable): RiskRow => ({
    id: r.id,
    threatId: r.threat_id,
    workflowId: r.workflow_id,
    variant: r.variant,
    notes: r.notes,
    status: r.status as RiskRow["status"],
    lineage: r.lineage === null ? null : parseJson(r.lineage),
    successors: parseJson<string[]>(r.successors),
    retiredReason: r.retired_reason,
    position: Number(r.position),
  }),
  encode: (versionId: string, r: RiskRow): RiskRowsTable => ({
    version_id: versionId,
    id: r.id,
    threat_id: r.threatId,
    workflow_id: r.workflowId,
    variant: r.variant,
    notes: r.notes,
    status: r.status,
    lineage: r.lineage === null ? null : toJson(r.lineage),
    successors: toJson(r.successors),
    retired_reason: r.retiredReason,
    position: r.position,
  }),
};

export const mitigationCodec = {
  decode: (r: MitigationsTable): Mitigation => ({
    id: r.id,
    title: r.title,
    description: r.description,
    kind: r.kind as MitigationKind,
    status: r.status as MitigationStatus,
    owner: r.owner,
    dueDate: r.due_date,
    effort: r.effort as Effort,
    rows: parseJson<string[]>(r.rows),
  }),
  encode: (versionId: string, m: Mitigation): MitigationsTable => ({
    version_id: versionId,
    id: m.id,
    title: m.title,
    description: m.description,
    kind: m.kind,
    status: m.status,
    owner: m.owner,
    due_date: m.dueDate,
    effort: m.effort,
    rows: toJson(m.rows),
  }),
};
