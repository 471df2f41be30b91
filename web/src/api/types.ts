/**
 * The shapes the TTT REST API returns, mirrored from the server's presenters
 * (src/risk/presenters.ts, catalogue/row-views.ts, catalogue/mitigation-views.ts,
 * versions/versions.service.ts, versions/diff.ts). Kept by hand: the web app never imports
 * server code.
 */

export type Role = "admin" | "facilitator" | "assessor" | "responder" | "site" | "viewer";

export interface Me {
  name: string;
  role: Role;
  via: string;
}

export interface OidcInfo {
  enabled: boolean;
  name?: string;
}

export type VersionState = "draft" | "frozen" | "released";

export interface VersionView {
  label: string;
  state: VersionState;
  parent: string | null;
  notes: string;
  createdAt: string;
  createdBy: string;
  frozenAt: string | null;
  releasedAt: string | null;
}

export interface AssessmentView {
  id: string;
  title: string;
  description: string;
  methodologyId: string;
  defaultRule: string;
  illustrative: boolean;
  createdAt: string;
  createdBy: string;
  versions: VersionView[];
  latest: { label: string; state: string } | null;
}

export interface ScaleLevel {
  value: number;
  label: string;
  description: string;
}

export interface RiskLevel {
  id: string;
  label: string;
  color: string;
  description: string;
}

export interface MethodologyDefinition {
  id: string;
  name: string;
  description: string;
  likelihood: ScaleLevel[];
  impact: ScaleLevel[];
  levels: RiskLevel[];
  grid: number[][];
}

export interface MethodologyView {
  id: string;
  name: string;
  source: string;
  definition: MethodologyDefinition;
}

export type ConsensusGrade = "unanimous" | "near" | "split";

export interface AxisStatistics {
  n: number;
  votes: number[];
  min: number;
  max: number;
  modes: number[];
  median: number;
  mean: number;
  q1: number;
  q3: number;
  iqr: number;
  range: number;
  withinOneOfMedian: number;
  consensus: ConsensusGrade;
  delphiConsensus: boolean;
}

export interface RoundStatistics {
  likelihood: AxisStatistics;
  impact: AxisStatistics;
}

export interface ScoreView {
  likelihood: number;
  impact: number;
  level: string;
  levelLabel: string;
  color: string;
  rule: string;
  raw: { likelihood: number; impact: number };
  rounding: string;
  reason: string | null;
  roundId: string | null;
  settledBy: string;
  settledAt: string;
  carriedFrom: string | null;
}

export interface SettlementView extends ScoreView {
  id: string;
  current: boolean;
  stats: RoundStatistics | null;
}

export type RowLineage =
  | { kind: "split"; from: string; reason: string }
  | { kind: "merge"; from: string[]; reason: string };

export interface RowView {
  id: string;
  threat: { id: string; title: string; placeholder: boolean };
  workflow: { id: string; name: string } | null;
  variant: string | null;
  status: "active" | "retired";
  notes: string;
  lineage: RowLineage | null;
  successors: string[];
  retiredReason: string | null;
  score: ScoreView | null;
  rounds: {
    total: number;
    open: string | null;
    lastConsensus: { likelihood: string; impact: string } | null;
  };
}

export interface RowsPage {
  assessment: string;
  version: { label: string; state: string };
  methodology: string;
  rows: RowView[];
}

export interface VoteView {
  voter: string;
  likelihood: number;
  impact: number;
  confidence: string | null;
  note: string | null;
  castAt: string;
  updatedAt: string;
}

export interface RoundView {
  id: string;
  assessment: string;
  version: string;
  row: string;
  number: number;
  state: "open" | "revealed";
  openedBy: string;
  openedAt: string;
  revealedBy: string | null;
  revealedAt: string | null;
  voters: { voter: string; castAt: string; updatedAt: string }[];
  myVote: VoteView | null;
  votes: VoteView[] | null;
  stats: RoundStatistics | null;
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

export type MitigationStatus = "proposed" | "planned" | "in-progress" | "done" | "rejected";

export interface Mitigation {
  id: string;
  title: string;
  description: string;
  kind: "current" | "planned";
  status: MitigationStatus;
  owner: string | null;
  dueDate: string | null;
  effort: "low" | "medium" | "high";
  rows: string[];
}

export interface CatalogueRow {
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

export interface CataloguePage {
  version: string;
  threats: Threat[];
  workflows: Workflow[];
  rows: CatalogueRow[];
  mitigations: Mitigation[];
}

export interface MitigationView extends Mitigation {
  rowLevels: { row: string; level: string | null; levelLabel: string | null }[];
  highestLevel: string | null;
  lowHangingFruit: boolean;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface KeyedDiff {
  added: string[];
  removed: string[];
  changed: { id: string; changes: FieldChange[] }[];
}

export interface ScoreRef {
  likelihood: number;
  impact: number;
  level: string;
}

export interface VersionDiff {
  from: string;
  to: string;
  rows: {
    added: string[];
    removed: string[];
    split: { from: string; into: string[] }[];
    merged: { from: string[]; into: string }[];
    changed: { id: string; changes: FieldChange[] }[];
  };
  scores: { rowId: string; before: ScoreRef | null; after: ScoreRef | null }[];
  threats: KeyedDiff;
  workflows: KeyedDiff;
  mitigations: KeyedDiff;
  summary: {
    added: number;
    removed: number;
    split: number;
    merged: number;
    rescored: number;
    mitigationsChanged: number;
  };
}

export const SETTLEMENT_RULES = [
  "median",
  "mean",
  "upper-median",
  "highest-mode",
  "max",
  "facilitator",
] as const;
export type SettlementRule = (typeof SETTLEMENT_RULES)[number];

export interface CheckFinding {
  code: string;
  severity: "error" | "warning" | "info";
  message: string;
  rowId?: string;
  mitigationId?: string;
}

export interface CheckReport {
  assessment: string;
  version: string;
  state: string;
  findings: CheckFinding[];
  summary: { errors: number; warnings: number; infos: number };
}
