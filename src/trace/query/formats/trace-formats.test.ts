import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import type { TimelineEvent, TraceResult } from "../trace-result.js";
import { TRACE_FORMATS, renderTrace } from "./trace-formats.js";

const ISS = "https://iam.example.org/";
/** Every trap at once: a comma, a quote, a line break and a leading "=". */
const NASTY = '=SUM(1,2) "x",\nnext';

function event(over: Partial<TimelineEvent>): TimelineEvent {
  return {
    id: 1,
    source: { fileId: 1, file: "/logs/billing.log", line: 7 },
    timeMs: Date.parse("2024-05-01T10:00:00.000Z"),
    tzOffsetMin: null,
    site: null,
    host: null,
    component: "dcache",
    action: "storage.get",
    outcome: "unknown",
    iss: null,
    sub: null,
    jti: null,
    clientId: null,
    groups: null,
    mappedUser: null,
    objectKind: null,
    object: null,
    clientIp: null,
    corr: null,
    tokenExp: null,
    details: null,
    match: { confidence: "proven", via: "jti", jti: null, reason: "" },
    ...over,
  };
}

function traceResult(over: Partial<TraceResult> = {}): TraceResult {
  const proven = event({
    site: "SITE-A",
    host: "door1.example.org",
    outcome: "success",
    iss: ISS,
    sub: "u-1",
    jti: "aaaa-1",
    clientId: "client-1",
    objectKind: "path",
    object: "/data/x.root",
    clientIp: "203.0.113.5",
    corr: "session:door1:42",
    match: { confidence: "proven", via: "jti", jti: "aaaa-1", reason: "the line names the token" },
  });
  const candidate = event({
    id: 2,
    source: { fileId: 2, file: "/logs/xrootd.log", line: 1234 },
    timeMs: Date.parse("2024-05-01T10:05:00.250Z"),
    tzOffsetMin: 120,
    component: "xrootd",
    action: "storage.put",
    outcome: "failure",
    iss: ISS,
    sub: "u-1",
    clientId: "+cmd",
    mappedUser: "atlas001",
    objectKind: "path",
    object: NASTY,
    clientIp: "203.0.113.9",
    match: {
      confidence: "candidate",
      via: "same-subject",
      jti: "aaaa-1",
      reason: "same subject, while the token was valid",
    },
  });
  return {
    query: {
      by: "jti",
      value: "aaaa-1",
      iss: ISS,
      withDerived: true,
      fromMs: null,
      toMs: null,
      site: null,
    },
    tokens: [
      {
        jti: "aaaa-1",
        iss: ISS,
        sub: "u-1",
        clientId: "client-1",
        kind: "access",
        issuedAtMs: Date.parse("2024-05-01T09:59:00.000Z"),
        exp: Date.parse("2024-05-01T10:59:00.000Z") / 1000,
        parent: null,
        depth: 0,
        evidence: [],
      },
      {
        jti: "bbbb-2222-3333",
        iss: ISS,
        sub: "u-1",
        clientId: "client-1",
        kind: "refresh",
        issuedAtMs: null,
        exp: null,
        parent: "aaaa-1",
        depth: 1,
        evidence: [],
      },
    ],
    links: [
      {
        from: "aaaa-1",
        to: "bbbb-2222-3333",
        type: "refresh",
        confidence: "proven",
        rule: "IAM names the parent as refreshTokenJti",
        evidence: [
          { eventId: 9, file: "/logs/iam.log", line: 3, note: "IAM refreshed the token" },
          { eventId: 10, file: "/logs/iam.log", line: 4, note: "IAM issued the token" },
        ],
      },
    ],
    timeline: [proven, candidate],
    summary: {
      events: { proven: 1, candidate: 1 },
      tokens: 2,
      sites: ["SITE-A"],
      components: ["dcache", "xrootd"],
      actions: { "storage.get": 1, "storage.put": 1 },
      firstSeenMs: proven.timeMs,
      lastSeenMs: candidate.timeMs,
      objects: ["/data/x.root", NASTY],
      objectsTruncated: false,
    },
    truncated: false,
    tookMs: 12,
    ...over,
  };
}

test("json: the whole result, 2-space indent, trailing newline, round-trips", () => {
  const r = traceResult();
  const out = renderTrace(r, "json");
  assert.ok(out.startsWith('{\n  "query": {\n    "by": "jti",'));
  assert.ok(out.endsWith("}\n"));
  assert.deepEqual(JSON.parse(out), r);
});

test("csv: header, CRLF rows, RFC 4180 quoting and formula guarding", () => {
  const out = renderTrace(traceResult(), "csv");
  const header =
    "time,confidence,via,token_jti,site,host,component,action,outcome,iss,sub,jti,client_id," +
    "mapped_user,object_kind,object,client_ip,corr,file,line,reason";
  const proven =
    "2024-05-01T10:00:00.000Z,proven,jti,aaaa-1,SITE-A,door1.example.org,dcache,storage.get," +
    "success,https://iam.example.org/,u-1,aaaa-1,client-1,,path,/data/x.root,203.0.113.5," +
    "session:door1:42,/logs/billing.log,7,the line names the token";
  const candidate =
    "2024-05-01T10:05:00.250Z,candidate,same-subject,aaaa-1,,,xrootd,storage.put,failure," +
    'https://iam.example.org/,u-1,,\'+cmd,atlas001,path,"\'=SUM(1,2) ""x"",\nnext",' +
    '203.0.113.9,,/logs/xrootd.log,1234,"same subject, while the token was valid"';
  assert.equal(out, `${header}\r\n${proven}\r\n${candidate}\r\n`);

  const rows: string[][] = parse(out, { relax_column_count: false });
  assert.equal(rows.length, 3);
  assert.equal(rows[0]?.length, 21);
  assert.equal(rows[2]?.[15], `'${NASTY}`, "quotes and line break survive, formula neutralised");
  assert.equal(rows[2]?.[12], "'+cmd");
  assert.equal(rows[2]?.[19], "1234", "the line number is not guarded");
});

test("csv: an empty timeline is the header alone", () => {
  const out = renderTrace(traceResult({ timeline: [] }), "csv");
  assert.equal(out.split("\r\n").length, 2);
  assert.ok(out.startsWith("time,confidence,"));
});

test("timesketch: one JSON object per line with the required fields, nulls left out", () => {
  const out = renderTrace(traceResult(), "timesketch");
  assert.ok(out.endsWith("}\n"));
  const lines = out.split("\n").slice(0, -1);
  assert.equal(lines.length, 2);
  const recs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const rec of recs) {
    for (const k of ["message", "datetime", "timestamp_desc"])
      assert.equal(typeof rec[k], "string");
    assert.ok(Object.values(rec).every((v) => v !== null));
  }
  assert.deepEqual(recs[0], {
    message:
      "[proven] dcache storage.get /data/x.root by sub u-1 (jti aaaa-1) from 203.0.113.5 at SITE-A",
    datetime: "2024-05-01T10:00:00.000Z",
    timestamp: 1714557600000000,
    timestamp_desc: "Event Recorded",
    confidence: "proven",
    via: "jti",
    token_jti: "aaaa-1",
    site: "SITE-A",
    host: "door1.example.org",
    component: "dcache",
    action: "storage.get",
    outcome: "success",
    iss: ISS,
    sub: "u-1",
    jti: "aaaa-1",
    client_id: "client-1",
    object_kind: "path",
    object: "/data/x.root",
    client_ip: "203.0.113.5",
    corr: "session:door1:42",
    source_file: "/logs/billing.log",
    source_line: 7,
    reason: "the line names the token",
  });
  assert.equal(
    recs[1]?.["message"],
    '[candidate] xrootd storage.put =SUM(1,2) "x", next by sub u-1 as atlas001 ' +
      "(token jti aaaa-1) from 203.0.113.9 - failed",
  );
  assert.equal(recs[1]?.["object"], NASTY, "extra fields keep the value as logged");
  assert.ok(!("site" in (recs[1] ?? {})));
});

function nulls(v: unknown, path = ""): string[] {
  if (v === null || v === undefined) return [path];
  if (typeof v !== "object") return [];
  return Object.entries(v).flatMap(([k, x]) => nulls(x, `${path}.${k}`));
}

test("ecs: nested ECS 8 fields, custom ttt object, no nulls anywhere", () => {
  const out = renderTrace(traceResult(), "ecs");
  const docs = out
    .split("\n")
    .slice(0, -1)
    .map((l) => JSON.parse(l) as Record<string, any>);
  assert.equal(docs.length, 2);
  for (const d of docs) assert.deepEqual(nulls(d), []);
  assert.deepEqual(docs[0], {
    "@timestamp": "2024-05-01T10:00:00.000Z",
    message:
      "[proven] dcache storage.get /data/x.root by sub u-1 (jti aaaa-1) from 203.0.113.5 at SITE-A",
    ecs: { version: "8.11.0" },
    event: {
      id: "1",
      kind: "event",
      category: ["file"],
      action: "storage.get",
      outcome: "success",
      module: "dcache",
      dataset: "ttt.trace",
    },
    source: { ip: "203.0.113.5" },
    user: { id: "u-1" },
    host: { name: "door1.example.org" },
    file: { path: "/data/x.root" },
    log: { file: { path: "/logs/billing.log" } },
    ttt: {
      trace: {
        confidence: "proven",
        via: "jti",
        token_jti: "aaaa-1",
        reason: "the line names the token",
      },
      token: { iss: ISS, jti: "aaaa-1", client_id: "client-1" },
      source: { line: 7 },
      site: "SITE-A",
      object: "/data/x.root",
      object_kind: "path",
      corr: "session:door1:42",
    },
  });
  const c: Record<string, any> = docs[1] ?? {};
  assert.equal(c["event"].timezone, "+02:00");
  assert.equal(c["event"].outcome, "failure");
  assert.equal(c["user"].name, "atlas001");
  assert.equal(c["ttt"].trace.confidence, "candidate");
  assert.ok(!("host" in c));
  assert.ok(!("jti" in c["ttt"].token));
});

test("ecs: categories from the action, and an address ECS cannot index stays in ttt", () => {
  const r = traceResult();
  const base = r.timeline[0] as TimelineEvent;
  const actions = [
    "token.issued",
    "auth.login",
    "storage.login",
    "account.suspended",
    "job.started",
  ];
  r.timeline = [
    ...[...actions, "file.closed", "transfer.submitted"].map((action) =>
      event({ ...base, action }),
    ),
    event({ ...base, clientIp: "door1:1094", objectKind: "job", object: "cid:12" }),
  ];
  const docs = renderTrace(r, "ecs")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, any>);
  assert.deepEqual(
    docs.map((d) => d["event"].category),
    [
      ["authentication"],
      ["authentication"],
      ["authentication"],
      ["iam"],
      ["process"],
      ["file"],
      ["network"],
      ["file"],
    ],
  );
  const last = docs[7];
  assert.ok(!("source" in (last ?? {})));
  assert.ok(!("file" in (last ?? {})), "file.path only for paths");
  assert.equal(last?.["ttt"].client_ip, "door1:1094");
  assert.equal(last?.["ttt"].object, "cid:12");
});

test("table: sections, padded columns, candidates apart with their reason", () => {
  const out = renderTrace(traceResult(), "table");
  const lines = out.split("\n");
  assert.equal(
    lines[0],
    "Trace by jti aaaa-1 (iss https://iam.example.org/, with derived tokens), 12 ms",
  );
  const tokens = lines.indexOf("Tokens (2)");
  assert.deepEqual(lines.slice(tokens + 1, tokens + 4), [
    "  JTI             KIND     DEPTH  PARENT  ISSUED                    EXP                       SUB",
    "  aaaa-1          access   0      -       2024-05-01T09:59:00.000Z  2024-05-01T10:59:00.000Z  u-1",
    "  bbbb-2222-3333  refresh  1      aaaa-1  -                         -                         u-1",
  ]);
  const links = lines.indexOf("Links (1)");
  assert.deepEqual(lines.slice(links + 1, links + 3), [
    "  FROM → TO                TYPE     CONFIDENCE  RULE                                     EVIDENCE",
    "  aaaa-1 → bbbb-2222-3333  refresh  proven      IAM names the parent as refreshTokenJti  /logs/iam.log:3, /logs/iam.log:4",
  ]);

  const proven = lines.indexOf("Timeline: proven events (1)");
  const cand = lines.findIndex((l) => l.startsWith("Candidates (1), not proven:"));
  const summary = lines.indexOf("Summary");
  assert.ok(tokens < links && links < proven && proven < cand && cand < summary);
  const provenRows = lines.slice(proven + 1, cand).join("\n");
  assert.match(provenRows, /2024-05-01T10:00:00\.000Z {2}proven {2}jti/);
  assert.match(provenRows, /\/data\/x\.root {2}203\.0\.113\.5 {2}aaaa-1 {2}\/logs\/billing\.log:7/);
  assert.doesNotMatch(provenRows, /candidate|xrootd/);
  const candRows = lines.slice(cand + 1, summary).join("\n");
  assert.match(candRows, /candidate {2}same-subject/);
  assert.match(candRows, /same subject, while the token was valid$/m);
  assert.ok(candRows.includes('=SUM(1,2) "x",\\x0anext'), "control characters escaped");
  assert.ok(!out.includes("bbbb-222…"), "tokens table shows full jtis");

  assert.deepEqual(lines.slice(summary + 1, summary + 11), [
    "  events      1 proven, 1 candidate",
    "  tokens      2",
    "  sites       SITE-A",
    "  components  dcache, xrootd",
    "  actions     storage.get 1, storage.put 1",
    "  first seen  2024-05-01T10:00:00.000Z",
    "  last seen   2024-05-01T10:05:00.250Z",
    "  objects     2",
    "    /data/x.root",
    '    =SUM(1,2) "x",\\x0anext',
  ]);
  assert.ok(!out.includes("truncated"));
});

test("table: truncation said, long jtis shortened, first 20 objects listed", () => {
  const r = traceResult({ truncated: true });
  const base = r.timeline[0] as TimelineEvent;
  r.timeline = [event({ ...base, match: { ...base.match, jti: "0123456789abcdef" } })];
  r.summary.objects = Array.from({ length: 25 }, (_, i) => `/data/f${i}.root`);
  const out = renderTrace(r, "table");
  assert.ok(out.includes("  01234567…  /logs/billing.log:7"));
  assert.ok(out.includes("Timeline truncated at the limit"));
  assert.ok(out.includes("    /data/f19.root\n    … 5 more\n"));
  assert.ok(!out.includes("/data/f20.root"));
  assert.ok(out.includes("Candidates (0), not proven:"));
  assert.ok(out.endsWith("  (timeline truncated)\n"));
});

test("every format renders and ends with a newline", () => {
  for (const f of TRACE_FORMATS) assert.ok(renderTrace(traceResult(), f).endsWith("\n"), f);
});
