import type { TimelineEvent, TraceResult, TraceToken } from "../../trace/index.js";
import type { SavedTrace } from "../incident.model.js";
import {
  renderIncident,
  type IncidentExportData,
  type IncidentExportFormat,
} from "./export-data.js";

/**
 * The incident the export tests render: invented values only (iss https://iam.example.org/,
 * documentation addresses 203.0.113.x). Two saved traces overlap: event 1 and token aaaa-1 are
 * in both, so every export must show them once.
 */

export const ISS = "https://iam.example.org/";
export const T0 = Date.parse("2024-05-01T10:00:00.000Z");
export const MIN = 60_000;

export function event(id: number, over: Partial<TimelineEvent>): TimelineEvent {
  return {
    id,
    source: { fileId: 1, file: "/logs/billing.log", line: id * 10 },
    timeMs: T0,
    tzOffsetMin: null,
    site: "SITE-A",
    host: null,
    component: "dcache",
    action: "storage.get",
    outcome: "success",
    iss: ISS,
    sub: "u-1",
    jti: "aaaa-1",
    clientId: "client-1",
    groups: null,
    mappedUser: null,
    objectKind: "path",
    object: `/data/f${id}.root`,
    clientIp: "203.0.113.5",
    corr: null,
    tokenExp: null,
    details: null,
    match: { confidence: "proven", via: "jti", jti: "aaaa-1", reason: "the line names the token" },
    ...over,
  };
}

function token(jti: string, over: Partial<TraceToken> = {}): TraceToken {
  return {
    jti,
    iss: ISS,
    sub: "u-1",
    clientId: "client-1",
    kind: "access",
    issuedAtMs: T0 - 5 * MIN,
    exp: (T0 + 55 * MIN) / 1000,
    parent: null,
    depth: 0,
    evidence: [],
    ...over,
  };
}

function result(by: "jti" | "sub", tokens: TraceToken[], timeline: TimelineEvent[]): TraceResult {
  return {
    query: { by, value: "x", iss: ISS, withDerived: true, fromMs: null, toMs: null, site: null },
    tokens,
    links: [
      {
        from: "aaaa-1",
        to: "bbbb-2",
        type: "refresh",
        confidence: "proven",
        rule: "IAM names the parent as refreshTokenJti",
        evidence: [{ eventId: 9, file: "/logs/iam.log", line: 3, note: "IAM refreshed it" }],
      },
    ],
    timeline,
    summary: {
      events: { proven: 0, candidate: 0 },
      tokens: tokens.length,
      sites: [],
      components: [],
      actions: {},
      firstSeenMs: null,
      lastSeenMs: null,
      objects: [],
      objectsTruncated: false,
    },
    truncated: false,
    tookMs: 3,
  };
}

const saved = (id: string): SavedTrace => ({
  id,
  createdAt: "2024-05-01T12:00:00.000Z",
  actor: "alice",
  query: {},
  summary: {},
});

export const shared = event(1, {});
export const candidate = event(2, {
  timeMs: T0 + 5 * MIN,
  component: "xrootd",
  action: "storage.put",
  object: '=SUM(1,2) "x",\nnext',
  clientIp: "203.0.113.9",
  jti: null,
  match: { confidence: "candidate", via: "same-subject", jti: "aaaa-1", reason: "same subject" },
});

export function exportData(): IncidentExportData {
  const trace1 = result(
    "jti",
    [token("aaaa-1"), token("bbbb-2", { kind: "refresh", parent: "aaaa-1", clientId: null })],
    [shared, candidate],
  );
  const trace2 = result(
    "sub",
    [token("aaaa-1"), token("cccc-3", { sub: "u-2" }), token("dddd-4", { iss: null, sub: null })],
    [
      event(4, { timeMs: T0 - 2 * MIN, clientIp: "203.0.113.7", object: "=cmd|' /C calc'!A0" }),
      shared,
      event(3, { timeMs: T0 + 2 * MIN, site: "SITE-B" }),
    ],
  );
  return {
    incident: {
      id: "inc_1",
      title: "Stolen access token",
      tlp: "AMBER",
      severity: "high",
      state: "contained",
      summary: "A token of u-1 was used from an unknown address.",
      affectedSites: ["SITE-A", "SITE-B"],
      affectedIdentities: [{ iss: ISS, sub: "u-1" }],
      tokens: [
        {
          iss: ISS,
          sub: "u-1",
          jti: "at-1",
          clientId: "notebook",
          exp: 1_714_564_800,
          workflow: "wf-notebook",
          addedAt: "2024-05-01T11:10:00.000Z",
          addedBy: "alice",
        },
      ],
      lessonsLearned: "Refresh tokens of notebook clients need a shorter lifetime.",
      discoveredAt: "2024-05-01T11:00:00.000Z",
      reportedAt: null,
      containedAt: "2024-05-01T13:00:00.000Z",
      resolvedAt: null,
      closureReportAt: null,
      closedAt: null,
      createdAt: "2024-05-01T11:05:00.000Z",
      createdBy: "alice",
      updatedAt: "2024-05-01T13:00:00.000Z",
      clock: [
        { step: "reported", dueAt: "2024-05-01T15:00:00.000Z", doneAt: null, overdue: true },
        {
          step: "contained",
          dueAt: "2024-05-02T11:00:00.000Z",
          doneAt: "2024-05-01T13:00:00.000Z",
          overdue: false,
        },
        { step: "closure-report", dueAt: null, doneAt: null, overdue: false },
      ],
      overdue: ["reported"],
      actions: [
        {
          at: "2024-05-01T11:05:00.000Z",
          actor: "alice",
          kind: "created",
          text: "opened",
          ref: null,
        },
        {
          at: "2024-05-01T12:30:00.000Z",
          actor: "alice",
          kind: "ban",
          text: "banned token: jti aaaa-1",
          ref: "ban_1",
        },
      ],
      bans: [
        {
          id: "ban_1",
          kind: "token",
          iss: ISS,
          denies: "jti aaaa-1",
          state: "active",
          reason: "stolen | leaked",
          createdAt: "2024-05-01T12:30:00.000Z",
          liftedAt: null,
        },
        {
          id: "ban_0",
          kind: "identity",
          iss: ISS,
          denies: "sub u-9",
          state: "lifted",
          reason: "mistake",
          createdAt: "2024-05-01T12:00:00.000Z",
          liftedAt: "2024-05-01T12:10:00.000Z",
        },
      ],
      traces: [saved("trc_1"), saved("trc_2")],
      alertCount: 0,
      alerts: [],
      playbooks: [],
    },
    traces: [
      { saved: saved("trc_1"), result: trace1 },
      { saved: saved("trc_2"), result: trace2 },
    ],
    generatedAt: "2024-05-02T09:00:00.000Z",
    generatedBy: "alice",
  };
}

/** The body of one export of the incident. */
export const body = (format: IncidentExportFormat, data = exportData()) =>
  renderIncident(data, format).body;
