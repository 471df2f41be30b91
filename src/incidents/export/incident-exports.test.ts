import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import type { TimelineEvent, TraceResult, TraceToken } from "../../trace/index.js";
import type { SavedTrace } from "../incident.model.js";
import { INCIDENT_EXPORT_FORMATS, renderIncident, type IncidentExportData } from "./export-data.js";

const ISS = "https://iam.example.org/";
const T0 = Date.parse("2024-05-01T10:00:00.000Z");
const MIN = 60_000;

function event(id: number, over: Partial<TimelineEvent>): TimelineEvent {
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

const shared = event(1, {});
const candidate = event(2, {
  timeMs: T0 + 5 * MIN,
  component: "xrootd",
  action: "storage.put",
  object: '=SUM(1,2) "x",\nnext',
  clientIp: "203.0.113.9",
  jti: null,
  match: { confidence: "candidate", via: "same-subject", jti: "aaaa-1", reason: "same subject" },
});

function exportData(): IncidentExportData {
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
    },
    traces: [
      { saved: saved("trc_1"), result: trace1 },
      { saved: saved("trc_2"), result: trace2 },
    ],
    generatedAt: "2024-05-02T09:00:00.000Z",
    generatedBy: "alice",
  };
}

const body = (format: (typeof INCIDENT_EXPORT_FORMATS)[number], data = exportData()) =>
  renderIncident(data, format).body;

test("markdown: TLP banner first, sections in order, merged timeline, escaped cells", () => {
  const md = body("md");
  const lines = md.split("\n");
  assert.equal(
    lines[0],
    "**TLP:AMBER — limited disclosure, recipients can only spread this on a need-to-know basis " +
      "within their organization and its clients**",
  );
  assert.equal(lines[2], "# Incident inc_1: Stolen access token");
  const sections = [
    "## Summary",
    "## Procedure clock",
    "## Timeline",
    "### Proven events (3)",
    "### Candidate events (1), not proven: no log line names the token",
    "## Identities and tokens",
    "### Tokens (4)",
    "### Links (1)",
    "## Bans",
    "## Actions",
    "## Lessons learned",
  ];
  const at = sections.map((s) => lines.indexOf(s));
  assert.ok(
    at.every((n, k) => n > (at[k - 1] ?? 0)),
    `sections in order: ${at.join(",")}`,
  );
  assert.ok(md.includes("- Affected identities: sub u-1 at https://iam.example.org/\n"));
  assert.ok(md.includes("| reported | 2024-05-01T15:00:00.000Z | - | **OVERDUE** |"));
  assert.ok(md.includes("| closure-report | not due yet | - | pending |"));
  const proven = lines.slice(at[3], at[4]).filter((l) => l.startsWith("| 2024"));
  assert.deepEqual(
    proven.map((l) => l.split(" | ")[0]),
    ["| 2024-05-01T09:58:00.000Z", "| 2024-05-01T10:00:00.000Z", "| 2024-05-01T10:02:00.000Z"],
    "the event both traces found appears once, in time order",
  );
  assert.ok(
    md.includes(
      '| 2024-05-01T10:05:00.000Z | SITE-A | xrootd | storage.put | =SUM(1,2) "x", next | ' +
        "203.0.113.9 | aaaa-1 | /logs/billing.log:20 | same subject |",
    ),
  );
  assert.ok(md.includes("| =cmd\\|' /C calc'!A0 |"));
  assert.ok(
    md.includes(
      "| ban_1 | token | jti aaaa-1 | active | stolen \\| leaked | 2024-05-01T12:30:00.000Z | - |",
    ),
  );
  assert.ok(md.includes("| aaaa-1 | bbbb-2 | refresh | proven | 1 |"));
  assert.ok(md.includes("## Lessons learned\n\nNot recorded yet.\n"));
  assert.ok(md.endsWith("Generated at 2024-05-02T09:00:00.000Z by alice. TLP:AMBER.\n"));
});

test("markdown: a timeline table stops at 500 rows and counts the rest", () => {
  const data = exportData();
  const many = Array.from({ length: 503 }, (_, k) => event(100 + k, { timeMs: T0 + k }));
  data.traces[0]?.result.timeline.push(...many);
  const md = body("md", data);
  assert.ok(md.includes("### Proven events (506)"));
  assert.ok(md.includes("\n\n… 6 more\n"));
  const lines = md.split("\n");
  const table = lines.slice(lines.indexOf("### Proven events (506)"), lines.indexOf("… 6 more"));
  assert.equal(table.filter((l) => l.startsWith("| 2024")).length, 500);
});

test("csv: one CRLF row per merged event, formula guard, traces listed", () => {
  const csv = body("csv");
  assert.ok(csv.endsWith("\r\n"));
  assert.equal(csv.split("\r\n").length - 1, 5, "header + 4 events, one of them quoted");
  const rows = parse<Record<string, string>>(csv, { columns: true });
  assert.equal(rows.length, 4);
  assert.equal(
    csv.split("\r\n")[0],
    "time,confidence,via,token_jti,site,component,action,outcome,iss,sub,jti,client_ip,object,file,line,trace_id",
  );
  assert.deepEqual(rows[0], {
    time: "2024-05-01T09:58:00.000Z",
    confidence: "proven",
    via: "jti",
    token_jti: "aaaa-1",
    site: "SITE-A",
    component: "dcache",
    action: "storage.get",
    outcome: "success",
    iss: ISS,
    sub: "u-1",
    jti: "aaaa-1",
    client_ip: "203.0.113.7",
    object: "'=cmd|' /C calc'!A0",
    file: "/logs/billing.log",
    line: "40",
    trace_id: "trc_2",
  });
  assert.equal(rows[1]?.["trace_id"], "trc_1 trc_2");
  assert.equal(rows[3]?.["object"], `'=SUM(1,2) "x",\nnext`);
  assert.equal(rows[3]?.["jti"], "");
});

test("json: the whole export data", () => {
  const data = exportData();
  assert.deepEqual(JSON.parse(body("json", data)), JSON.parse(JSON.stringify(data)));
});

test("timesketch: events and action-log lines, each with the required fields", () => {
  const lines = body("timesketch").trimEnd().split("\n");
  const recs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(recs.length, 4 + 2);
  for (const r of recs) {
    assert.equal(typeof r["message"], "string");
    assert.equal(typeof r["datetime"], "string");
    assert.equal(typeof r["timestamp_desc"], "string");
  }
  assert.deepEqual(
    recs.map((r) => r["timestamp_desc"]),
    [
      "Event Recorded",
      "Event Recorded",
      "Event Recorded",
      "Event Recorded",
      "Incident action",
      "Incident action",
    ],
  );
  assert.equal(recs[1]?.["trace_id"], "trc_1 trc_2");
  assert.equal(recs[0]?.["timestamp"], (T0 - 2 * MIN) * 1000);
  assert.deepEqual(recs[5], {
    message: "[ban] banned token: jti aaaa-1 (by alice)",
    datetime: "2024-05-01T12:30:00.000Z",
    timestamp: Date.parse("2024-05-01T12:30:00.000Z") * 1000,
    timestamp_desc: "Incident action",
    actor: "alice",
    action_kind: "ban",
    ref: "ban_1",
    incident_id: "inc_1",
  });
});

test("misp: event fields, TLP tag, deduplicated ip-src, one object per token with an issuer", () => {
  const e = (JSON.parse(body("misp")) as { Event: Record<string, any> }).Event;
  assert.equal(e["info"], "Security incident inc_1: Stolen access token");
  assert.equal(e["date"], "2024-05-01");
  assert.equal(e["threat_level_id"], "1");
  assert.equal(e["analysis"], "1");
  assert.equal(e["distribution"], "0");
  assert.deepEqual(e["Tag"], [{ name: "tlp:amber" }]);
  const ips = e["Attribute"].filter((a: any) => a.type === "ip-src");
  assert.deepEqual(
    ips.map((a: any) => [a.value, a.to_ids, a.category]),
    [
      ["203.0.113.7", true, "Network activity"],
      ["203.0.113.5", true, "Network activity"],
      ["203.0.113.9", false, "Network activity"],
    ],
  );
  const text = e["Attribute"].filter((a: any) => a.type === "text");
  assert.deepEqual(
    text.map((a: any) => a.value),
    ["A token of u-1 was used from an unknown address."],
  );
  const objects = e["Object"] as any[];
  assert.equal(objects.length, 3, "dddd-4 has no issuer: left out");
  for (const o of objects) {
    assert.equal(o.name, "ttt-token-identity");
    assert.equal(o["meta-category"], "misc");
    assert.equal(o.template_uuid, "1bc2fe2b-1511-431a-a915-bdf273c3d4b0");
    assert.equal(o.template_version, "1");
  }
  const rel = (o: any) => o.Attribute.map((a: any) => [a.object_relation, a.type, a.value]);
  assert.deepEqual(rel(objects[0]), [
    ["iss", "text", ISS],
    ["sub", "text", "u-1"],
    ["jti", "text", "aaaa-1"],
    ["client-id", "text", "client-1"],
    ["kind", "text", "access"],
  ]);
  assert.deepEqual(rel(objects[1]), [
    ["iss", "text", ISS],
    ["sub", "text", "u-1"],
    ["jti", "text", "bbbb-2"],
    ["kind", "text", "refresh"],
  ]);
  assert.equal(objects[1].comment, "derived from token aaaa-1");
  assert.equal(rel(objects[2])[1][2], "u-2");
});

test("misp: AMBER+STRICT and CLEAR tags, resolved analysis, severity levels", () => {
  const data = exportData();
  data.incident.tlp = "AMBER+STRICT";
  data.incident.state = "resolved";
  data.incident.severity = "low";
  const e = (JSON.parse(body("misp", data)) as { Event: Record<string, any> }).Event;
  assert.deepEqual(e["Tag"], [{ name: "tlp:amber+strict" }]);
  assert.equal(e["analysis"], "2");
  assert.equal(e["threat_level_id"], "3");
  data.incident.tlp = "CLEAR";
  data.incident.severity = "medium";
  const c = (JSON.parse(body("misp", data)) as { Event: Record<string, any> }).Event;
  assert.deepEqual(c["Tag"], [{ name: "tlp:clear" }]);
  assert.equal(c["threat_level_id"], "2");
});

test("email: subject line, identities, tokens, bans in force, TLP at both ends", () => {
  const mail = body("email");
  const lines = mail.split("\n");
  assert.equal(lines[0], "Subject: [TLP:AMBER] Security incident inc_1: Stolen access token");
  assert.equal(lines[1], "");
  const tlp =
    "TLP:AMBER — limited disclosure, recipients can only spread this on a need-to-know basis " +
    "within their organization and its clients";
  assert.equal(lines[2], tlp);
  assert.equal(lines.at(-2), tlp);
  assert.ok(mail.includes("Affected sites: SITE-A, SITE-B."));
  assert.ok(mail.includes("  - sub u-1 (issuer https://iam.example.org/)\n  - sub u-2 (issuer"));
  assert.ok(mail.includes("  - jti bbbb-2 (refresh, sub u-1)\n"));
  assert.ok(mail.includes("  - ban_1 (token): denies jti aaaa-1 — stolen | leaked\n"));
  assert.ok(!mail.includes("ban_0"), "lifted bans are not in force");
  assert.ok(mail.includes("`ttt agent`"));
  assert.ok(mail.includes("Reply to this message; do not forward beyond the TLP.\n"));
});

test("renderIncident: file names and content types", () => {
  const got = INCIDENT_EXPORT_FORMATS.map((f) => {
    const r = renderIncident(exportData(), f);
    assert.ok(r.body.endsWith("\n"), f);
    return [f, r.fileName, r.contentType];
  });
  assert.deepEqual(got, [
    ["md", "incident-inc_1.md", "text/markdown; charset=utf-8"],
    ["csv", "incident-inc_1.csv", "text/csv; charset=utf-8"],
    ["json", "incident-inc_1.json", "application/json"],
    ["timesketch", "incident-inc_1.jsonl", "application/x-ndjson"],
    ["misp", "incident-inc_1.misp.json", "application/json"],
    ["email", "incident-inc_1.txt", "text/plain; charset=utf-8"],
  ]);
});

test("merge: an event one trace proves and another only suggests counts as proven", () => {
  const data = exportData();
  const proven = { ...candidate, match: { ...shared.match } };
  data.traces[1]?.result.timeline.push(proven);
  const rows = parse<Record<string, string>>(body("csv", data), { columns: true });
  assert.equal(rows.length, 4);
  assert.equal(rows[3]?.["confidence"], "proven");
  assert.equal(rows[3]?.["trace_id"], "trc_1 trc_2");
});
