import type { AxisStatistics } from "./scoring/statistics.js";

/**
 * The Assess domain as services and presenters see it (camelCase, decoded JSON), independent
 * of how the store keeps it.
 */
export const VERSION_STATES = ["draft", "frozen", "released"] as const;
export type VersionState = (typeof VERSION_STATES)[number];

export const CONFIDENCES = ["low", "medium", "high"] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const MITIGATION_KINDS = ["current", "planned"] as const;
export type MitigationKind = (typeof MITIGATION_KINDS)[number];
export const MITIGATION_STATUSES = [
  "proposed",
  "planned",
  "in-progress",
  "done",
  "rejected",
] as const;
export type MitigationStatus = (typeof MITIGATION_STATUSES)[number];
export const EFFORTS = ["low", "medium", "high"] as const;
export type Effort = (typeof EFFORTS)[number];

export interface Assessment {
  id: string;
  title: string;
  description: string;
  methodologyId: string;
  defaultRule: string;
  illustrative: boolean;
  createdAt: string;
  createdBy: string;
}

export interface Version {
  id: string;
  assessmentId: string;
  label: string;
  seq: number;
  state: VersionState;
  parentId: string | null;
  notes: string;
  createdAt: string;
  createdBy: string;
  frozenAt: string | null;
  releasedAt: string | null;
}

export interface Threat {
  id: string;
  title: string;
  description: string;
  vulnerability: string;
  assets: string[];
  currentMitigations: string;
  plannedMitigations: string;
  perWorkflow: boolean;
  placeholder: boolean;
  retired: boolean;
  notes: string;
  position: number;
}

export interface Workflow {
  id: string;
  name: string;
  description: string;
  lifetime: string;
  scopeBreadth: string;
  refreshExchange: string;
  holder: string;
  retired: boolean;
  position: number;
}

export type RowLineage =
  | { kind: "split"; from: string; reason: string }
  | { kind: "merge"; from: string[]; reason: string };

export interface RiskRow {
  id: string;
  threatId: string;
  workflowId: string | null;
  variant: string | null;
  notes: string;
  status: "active" | "retired";
  lineage: RowLineage | null;
  successors: string[];
  retiredReason: string | null;
  position: number;
}

export interface Round {
  id: string;
  versionId: string;
  rowId: string;
  number: number;
  state: "open" | "revealed";
  openedBy: string;
  openedAt: string;
  revealedBy: string | null;
  revealedAt: string | null;
  stats: RoundStatistics | null;
}

export interface Vote {
  roundId: string;
  userId: string;
  voter: string;
  likelihood: number;
  impact: number;
  confidence: Confidence | null;
  note: string | null;
  castAt: string;
  updatedAt: string;
}

/** Written on reveal: the figures of both axes. */
export interface RoundStatistics {
  likelihood: AxisStatistics;
  impact: AxisStatistics;
}

export interface Settlement {
  id: string;
  rowId: string;
  rule: string;
  likelihood: number;
  impact: number;
  level: string;
  roundId: string | null;
  raw: { likelihood: number; impact: number };
  rounding: string;
  stats: RoundStatistics | null;
  reason: string | null;
  settledBy: string;
  settledAt: string;
  carriedFrom: string | null;
}

export interface Mitigation {
  id: string;
  title: string;
  description: string;
  kind: MitigationKind;
  status: MitigationStatus;
  owner: string | null;
  dueDate: string | null;
  effort: Effort;
  rows: string[];
}
