import type { Mitigation, RiskRow, Settlement, Threat, Workflow } from "../risk/model.js";

/** Factories for Assess domain objects in unit tests: sensible defaults, override what matters. */
export const threat = (id: string, over: Partial<Threat> = {}): Threat => ({
  id,
  title: `Threat ${id}`,
  description: "",
  vulnerability: "",
  assets: ["digital identities"],
  currentMitigations: "",
  plannedMitigations: "",
  perWorkflow: false,
  placeholder: false,
  retired: false,
  notes: "",
  position: 0,
  ...over,
});

export const workflow = (id: string, over: Partial<Workflow> = {}): Workflow => ({
  id,
  name: `Workflow ${id}`,
  description: "",
  lifetime: "short",
  scopeBreadth: "narrow",
  refreshExchange: "none",
  holder: "user",
  retired: false,
  position: 0,
  ...over,
});

export const row = (id: string, over: Partial<RiskRow> = {}): RiskRow => ({
  id,
  threatId: "TR-4",
  workflowId: null,
  variant: null,
  notes: "",
  status: "active",
  lineage: null,
  successors: [],
  retiredReason: null,
  position: 0,
  ...over,
});

export const mitigation = (id: string, over: Partial<Mitigation> = {}): Mitigation => ({
  id,
  title: `Mitigation ${id}`,
  description: "",
  kind: "planned",
  status: "planned",
  owner: "iam-developer",
  dueDate: "2026-06-01",
  effort: "medium",
  rows: [],
  ...over,
});

export const settlement = (rowId: string, over: Partial<Settlement> = {}): Settlement => ({
  id: `s-${rowId}`,
  rowId,
  rule: "median",
  likelihood: 2,
  impact: 3,
  level: "Medium",
  roundId: null,
  raw: { likelihood: 2, impact: 3 },
  rounding: "none",
  stats: null,
  reason: null,
  settledBy: "security-officer",
  settledAt: "2026-02-01T10:00:00Z",
  carriedFrom: null,
  ...over,
});
