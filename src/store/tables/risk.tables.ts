/**
 * Tables of risk/ (Assess). Every catalogue table is keyed by version: a new version copies
 * its parent's rows, so a frozen version is never touched again and diffs compare copies.
 * JSON columns hold text; booleans are 0/1 — the same on SQLite and PostgreSQL.
 */
export interface MethodologiesTable {
  id: string;
  name: string;
  source: string;
  /** JSON MethodologyDefinition. */
  definition: string;
  created_at: string;
}

export interface AssessmentsTable {
  id: string;
  title: string;
  description: string;
  methodology_id: string;
  default_rule: string;
  illustrative: number;
  created_at: string;
  created_by: string;
}

export interface VersionsTable {
  id: string;
  assessment_id: string;
  label: string;
  /** 1, 2, 3 … within the assessment: the order versions were created in. */
  seq: number;
  state: string;
  parent_id: string | null;
  notes: string;
  created_at: string;
  created_by: string;
  frozen_at: string | null;
  released_at: string | null;
}

export interface ThreatsTable {
  version_id: string;
  id: string;
  title: string;
  description: string;
  vulnerability: string;
  /** JSON string[]. */
  assets: string;
  current_mitigations: string;
  planned_mitigations: string;
  per_workflow: number;
  placeholder: number;
  retired: number;
  notes: string;
  position: number;
}

export interface WorkflowsTable {
  version_id: string;
  id: string;
  name: string;
  description: string;
  lifetime: string;
  scope_breadth: string;
  refresh_exchange: string;
  holder: string;
  retired: number;
  position: number;
}

export interface RiskRowsTable {
  version_id: string;
  id: string;
  threat_id: string;
  workflow_id: string | null;
  variant: string | null;
  notes: string;
  status: string;
  /** JSON RowLineage or null: where this row came from (split of / merge of). */
  lineage: string | null;
  /** JSON string[]: rows that replaced this one (after a split or merge). */
  successors: string;
  retired_reason: string | null;
  position: number;
}

export interface RoundsTable {
  id: string;
  version_id: string;
  row_id: string;
  number: number;
  state: string;
  opened_by: string;
  opened_at: string;
  revealed_by: string | null;
  revealed_at: string | null;
  /** JSON RoundStatistics, written on reveal. */
  stats: string | null;
}

export interface VotesTable {
  round_id: string;
  user_id: string;
  /** The voter's user name, kept with the vote so the record reads on its own. */
  voter: string;
  likelihood: number;
  impact: number;
  confidence: string | null;
  note: string | null;
  cast_at: string;
  updated_at: string;
}

export interface SettlementsTable {
  id: string;
  version_id: string;
  row_id: string;
  rule: string;
  likelihood: number;
  impact: number;
  level: string;
  round_id: string | null;
  /** JSON {likelihood, impact}: the unrounded figures the rule produced. */
  raw: string;
  rounding: string;
  /** JSON RoundStatistics of the round settled from, or null. */
  stats: string | null;
  reason: string | null;
  settled_by: string;
  settled_at: string;
  /** Label of the version this settlement was carried over from, if any. */
  carried_from: string | null;
  current: number;
}

export interface MitigationsTable {
  version_id: string;
  id: string;
  title: string;
  description: string;
  kind: string;
  status: string;
  owner: string | null;
  due_date: string | null;
  effort: string;
  /** JSON string[] of row ids. */
  rows: string;
}

export interface MeetingRoomsTable {
  assessment_id: string;
  facilitator: string | null;
  row_id: string | null;
  timer_ends_at: string | null;
  updated_at: string;
}

export interface RiskTables {
  meeting_rooms: MeetingRoomsTable;
  methodologies: MethodologiesTable;
  assessments: AssessmentsTable;
  assessment_versions: VersionsTable;
  threats: ThreatsTable;
  workflows: WorkflowsTable;
  risk_rows: RiskRowsTable;
  rounds: RoundsTable;
  votes: VotesTable;
  settlements: SettlementsTable;
  mitigations: MitigationsTable;
}
