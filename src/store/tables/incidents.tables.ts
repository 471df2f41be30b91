import type { Generated } from "kysely";

/** Tables of incidents/ (issue 9); see migrations/0013-incidents.ts. */
export interface IncidentsTable {
  id: string;
  title: string;
  tlp: string;
  severity: string;
  state: string;
  summary: string | null;
  affected_sites: string;
  affected_identities: string;
  /** The linked tokens' facts (JSON, migration 0015). */
  tokens: string;
  lessons_learned: string | null;
  discovered_at: string;
  reported_at: string | null;
  contained_at: string | null;
  resolved_at: string | null;
  closure_report_at: string | null;
  closed_at: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
}

export interface IncidentActionsTable {
  seq: Generated<number>;
  incident_id: string;
  at: string;
  actor: string;
  kind: string;
  text: string;
  ref: string | null;
}

export interface IncidentTracesTable {
  id: string;
  incident_id: string;
  created_at: string;
  actor: string;
  /** The trace query (JSON). */
  query: string;
  /** The result's summary (JSON). */
  summary: string;
  /** The whole result at the time (JSON). */
  result: string;
}

export interface IncidentTables {
  incidents: IncidentsTable;
  incident_actions: IncidentActionsTable;
  incident_traces: IncidentTracesTable;
}
