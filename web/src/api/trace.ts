import { get, post, query } from "./client.js";
import type { IncidentView } from "./incidents.js";

/**
 * The trace and alerts API as the web app uses it, mirrored by hand from the server's
 * src/trace/query/trace-result.ts and src/trace/alerts/alert.model.ts (the web app never imports
 * server code). Paths and bodies of trace calls live only here.
 */

export const TRACE_BY = ["jti", "sub", "client", "path", "ip"] as const;
export type TraceBy = (typeof TRACE_BY)[number];

export type Confidence = "proven" | "inferred" | "candidate";
export type EventConfidence = "proven" | "candidate";
export type LinkType = "refresh" | "exchange" | "fts-refresh";

export const TRACE_FORMATS = ["csv", "json", "timesketch", "ecs"] as const;
export type TraceDownloadFormat = (typeof TRACE_FORMATS)[number];

/** A log line that supports a token, a link or an event match. */
export interface Evidence {
  eventId: number;
  file: string;
  line: number;
  note: string;
}

export interface TraceToken {
  jti: string;
  iss: string | null;
  sub: string | null;
  clientId: string | null;
  kind: "access" | "refresh" | "unknown";
  issuedAtMs: number | null;
  /** Epoch seconds. */
  exp: number | null;
  parent: string | null;
  depth: number;
  evidence: Evidence[];
}

export interface TraceLink {
  from: string;
  to: string;
  type: LinkType;
  confidence: Confidence;
  rule: string;
  evidence: Evidence[];
}

export interface TimelineEvent {
  id: number;
  source: { fileId: number; file: string; line: number };
  timeMs: number;
  tzOffsetMin: number | null;
  site: string | null;
  host: string | null;
  component: string;
  action: string;
  outcome: "success" | "failure" | "unknown";
  iss: string | null;
  sub: string | null;
  jti: string | null;
  clientId: string | null;
  groups: string[] | null;
  mappedUser: string | null;
  objectKind: "path" | "job" | "transfer" | "account" | null;
  object: string | null;
  clientIp: string | null;
  corr: string | null;
  tokenExp: number | null;
  details: Record<string, string | number | boolean | null> | null;
  match: { confidence: EventConfidence; via: string; jti: string | null; reason: string };
}

export interface TraceSummary {
  events: { proven: number; candidate: number };
  tokens: number;
  sites: string[];
  components: string[];
  actions: Record<string, number>;
  firstSeenMs: number | null;
  lastSeenMs: number | null;
  objects: string[];
  objectsTruncated: boolean;
}

export interface TraceResult {
  query: {
    by: TraceBy;
    value: string;
    iss: string | null;
    withDerived: boolean;
    fromMs: number | null;
    toMs: number | null;
    site: string | null;
  };
  tokens: TraceToken[];
  links: TraceLink[];
  timeline: TimelineEvent[];
  summary: TraceSummary;
  truncated: boolean;
  tookMs: number;
}

/**
 * A trace request as the URL and the API carry it: strings as typed (times stay ISO text, the
 * server parses them), absent fields undefined.
 */
export interface TraceParams {
  by: TraceBy;
  value: string;
  iss?: string | undefined;
  withDerived: boolean;
  from?: string | undefined;
  to?: string | undefined;
  site?: string | undefined;
  limit?: number | undefined;
}

export const ALERT_KINDS = ["banned", "expired-token"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_STATES = ["open", "acknowledged"] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export interface Alert {
  id: string;
  kind: AlertKind;
  banId: string | null;
  matched: string;
  eventId: number;
  eventTimeMs: number;
  site: string | null;
  component: string;
  action: string;
  iss: string | null;
  sub: string | null;
  jti: string | null;
  clientId: string | null;
  clientIp: string | null;
  object: string | null;
  source: { file: string; line: number };
  createdAt: string;
  /** Null while open. */
  ack: { at: string; by: string; note: string | null } | null;
}

export interface AlertFilters {
  since?: string | undefined;
  kind?: AlertKind | undefined;
  ban?: string | undefined;
  site?: string | undefined;
  state?: AlertState | undefined;
  limit?: number | undefined;
}

/** The few fields of a ban (GET /api/v1/bans) an alert row shows. */
export interface BanBrief {
  id: string;
  kind: string;
  iss: string;
  denies: string;
  reason: string;
  effectiveState: string;
}

const str = (n: number | undefined) => (n === undefined ? undefined : String(n));

function traceQuery(p: TraceParams, format?: TraceDownloadFormat): string {
  return query({
    by: p.by,
    value: p.value,
    iss: p.iss,
    withDerived: p.withDerived ? "true" : undefined,
    from: p.from,
    to: p.to,
    site: p.site,
    limit: str(p.limit),
    format,
  });
}

/** The body of POST …/traces: the same fields as the GET's query, without the undefined ones. */
function traceBody(p: TraceParams): Record<string, unknown> {
  const body: Record<string, unknown> = { by: p.by, value: p.value, withDerived: p.withDerived };
  for (const k of ["iss", "from", "to", "site", "limit"] as const)
    if (p[k] !== undefined) body[k] = p[k];
  return body;
}

const enc = encodeURIComponent;
const I = (id: string) => `/api/v1/incidents/${enc(id)}`;

export const traceApi = {
  trace: (p: TraceParams, signal?: AbortSignal) =>
    get<TraceResult>(`/api/v1/trace${traceQuery(p)}`, signal),
  /** A plain link the browser downloads with the session cookie. */
  downloadUrl: (p: TraceParams, format: TraceDownloadFormat) =>
    `/api/v1/trace${traceQuery(p, format)}`,
  saveToIncident: (incident: string, p: TraceParams) =>
    post<TraceResult & { savedAs: string }>(`${I(incident)}/traces`, traceBody(p)),
  /** Stars an event into the incident; answers the incident view. */
  star: (incident: string, eventId: number, note?: string) =>
    post<IncidentView>(
      `${I(incident)}/stars`,
      note === undefined ? { eventId } : { eventId, note },
    ),

  alerts: (f: AlertFilters, signal?: AbortSignal) =>
    get<{ alerts: Alert[] }>(
      `/api/v1/alerts${query({ since: f.since, kind: f.kind, ban: f.ban, site: f.site, state: f.state, limit: str(f.limit) })}`,
      signal,
    ),
  /** Marks an alert looked at (409 when someone already did). */
  acknowledge: (id: string, note: string) =>
    post<{ alert: Alert }>(`/api/v1/alerts/${enc(id)}/ack`, note === "" ? {} : { note }),
  bans: (signal?: AbortSignal) => get<BanBrief[]>("/api/v1/bans", signal),
};
