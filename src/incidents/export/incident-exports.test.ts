import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { INCIDENT_EXPORT_FORMATS, renderIncident } from "./export-data.js";
import {
  body,
  candidate,
  event,
  exportData,
  ISS,
  MIN,
  shared,
  T0,
} from "./incident-export.fixture.js";

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
    "### Linked to the case (1)",
    "### Tokens traced (4)",
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
  assert.ok(md.includes("| at-1 | u-1 | notebook | https://iam.example.org/ | wf-notebook |"));
  assert.ok(
    md.includes(
      "## Lessons learned\n\nRefresh tokens of notebook clients need a shorter lifetime.\n",
    ),
  );
  assert.ok(md.endsWith("Generated at 2024-05-02T09:00:00.000Z by alice. TLP:AMBER.\n"));
});

test("markdown: the analysts' paragraphs cannot fake a section or carry HTML", () => {
  const data = exportData();
  data.incident.lessonsLearned = "First line\n## Bans\n---\n<img src=x onerror=alert(1)> & more";
  const md = body("md", data);
  assert.ok(
    md.includes(
      "## Lessons learned\n\nFirst line\n\\## Bans\n\\---\n&lt;img src=x onerror=alert(1)> &amp; more\n",
    ),
    md.slice(md.indexOf("## Lessons learned")),
  );
  assert.equal(md.split("\n").filter((l) => l === "## Bans").length, 1);
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

test("renderIncident: file names and content types of the text formats", () => {
  const got = INCIDENT_EXPORT_FORMATS.filter((f) => f !== "pdf").map((f) => {
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
