import { get, post, query, request } from "./client.js";
import type { Alert } from "./trace.js";

/**
 * The incident API as the web app uses it, mirrored from src/incidents (incident.model.ts,
 * incident-view.ts, incident-playbook.ts) and src/trace/ingest.routes.ts. Kept by hand: the web
 * app never imports server code.
 */
export const TLPS = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"] as const;
export type Tlp = (typeof TLPS)[number];
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];
export type IncidentState = "open" | "contained" | "resolved" | "closed";
export const EXPORT_FORMATS = ["md", "pdf", "csv", "json", "timesketch", "misp", "email"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ClockEntry {
  step: "reported" | "contained" | "closure-report";
  dueAt: string | null;
  doneAt: string | null;
  overdue: boolean;
}

export interface IncidentAction {
  at: string;
  actor: string;
  kind: string;
  text: string;
  ref: string | null;
}

export interface Identity {
  iss: string;
  sub: string;
}

export interface IncidentToken {
  iss: string;
  sub: string | null;
  jti: string | null;
  clientId: string | null;
  exp: number | null;
  workflow: string | null;
  addedAt: string;
  addedBy: string;
}

export interface LinkedBan {
  id: string;
  kind: string;
  iss: string;
  denies: string;
  state: string;
  reason: string;
  createdAt: string;
  liftedAt: string | null;
}

export interface SavedTrace {
  id: string;
  createdAt: string;
  actor: string;
  query: Record<string, unknown>;
  summary: Record<string, unknown>;
}

/** An alert raised by a linked ban: the alerts API's shape. */
export type IncidentAlert = Alert;

export interface PlaybookStep {
  n: number;
  action: string;
  detail: string;
  command: string | null;
  done: { at: string; actor: string } | null;
}

export interface IncidentPlaybook {
  workflow: string;
  name: string;
  steps: PlaybookStep[];
}

export interface IncidentView {
  id: string;
  title: string;
  tlp: Tlp;
  severity: Severity;
  state: IncidentState;
  summary: string | null;
  affectedSites: string[];
  affectedIdentities: Identity[];
  tokens: IncidentToken[];
  lessonsLearned: string | null;
  discoveredAt: string;
  reportedAt: string | null;
  containedAt: string | null;
  resolvedAt: string | null;
  closureReportAt: string | null;
  closedAt: string | null;
  createdAt: string;
  createdBy: string;
  clock: ClockEntry[];
  overdue: string[];
  actions: IncidentAction[];
  bans: LinkedBan[];
  traces: SavedTrace[];
  alertCount: number;
  alerts: IncidentAlert[];
  playbooks: IncidentPlaybook[];
}

/** What an ingest run reports (src/trace/ingest: IngestSummary). */
export interface IngestSummary {
  files: number;
  lines: number;
  events: number;
  bad: number;
  alreadyIngested: number;
  alerts: number;
  byFormat: Record<string, number>;
}

export interface NewIncident {
  title: string;
  tlp: Tlp;
  severity: Severity;
  summary?: string;
  discoveredAt?: string;
  affectedSites?: string[];
}

const I = (id: string) => `/api/v1/incidents/${encodeURIComponent(id)}`;

export const incidentsApi = {
  list: (signal?: AbortSignal) => get<IncidentView[]>("/api/v1/incidents", signal),
  get: (id: string, signal?: AbortSignal) => get<IncidentView>(I(id), signal),
  create: (body: NewIncident) => post<IncidentView>("/api/v1/incidents", body),
  note: (id: string, text: string) => post<IncidentView>(`${I(id)}/notes`, { text }),
  state: (id: string, state: Exclude<IncidentState, "open">, note?: string) =>
    post<IncidentView>(`${I(id)}/state`, note === undefined ? { state } : { state, note }),
  step: (id: string, step: "reported" | "closure-report") =>
    post<IncidentView>(`${I(id)}/steps`, { step }),
  tick: (id: string, workflow: string, step: number) =>
    post<IncidentView>(`${I(id)}/playbook`, { workflow, step }),
  affected: (id: string, affectedSites: string[], affectedIdentities: Identity[]) =>
    request<IncidentView>("PUT", `${I(id)}/affected`, {
      body: { affectedSites, affectedIdentities },
    }),
  lessons: (id: string, text: string) =>
    request<IncidentView>("PUT", `${I(id)}/lessons`, { body: { text } }),
  exportPath: (id: string) => `${I(id)}/exports`,
  /**
   * Uploads one log file's bytes for the incident (recorded in its action log); `tz` is the zone
   * of times the log writes without an offset (null: the file's kept zone, else UTC).
   */
  ingest: (
    id: string,
    data: ArrayBuffer,
    filename: string,
    site: string | null,
    tz: string | null,
  ) =>
    request<IngestSummary>("POST", `/api/v1/ingest${query({ filename, site, tz, incident: id })}`, {
      raw: { data, contentType: "application/octet-stream" },
    }),
};
