// GET /api/v1/trace over HTTP, on the `ttt gen-logs --compromise` scenario ingested into an
// in-memory SQLite store (the ground-truth test covers PostgreSQL and the exact answer): the JSON
// result, the CSV / Timesketch / ECS downloads, the time, site and limit narrowing, refusals
// naming the parameter, the roles allowed, and the traced value kept out of the server's log.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import type { FastifyInstance } from "fastify";
import { PasswordHasher, TEST_SCRYPT_COST, type Role } from "../../accounts/index.js";
import { createContext } from "../../app/context.js";
import { FixedClock } from "../../core/clock.js";
import { buildApp } from "../../http/app.js";
import { openStore, type Store } from "../../store/index.js";
import { credentials, type TestApp } from "../../test-support/app.js";
import { generateLogs } from "../gen/gen-logs.service.js";
import { parseGenLogsOptions } from "../gen/gen-logs.schema.js";
import { fileSources } from "../ingest/log-source.js";
import type { TraceResult } from "./trace-result.js";

interface Truth {
  stolen: { iss: string; sub: string; jti: string };
  foreignIp: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

describe("GET /api/v1/trace on the planted compromise (sqlite)", { timeout: 120_000 }, () => {
  const logLines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString("utf8"));
      done();
    },
  });
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let as: TestApp["as"];
  let truth: Truth;
  /** The full trace of the stolen token with its derived tokens, as JSON. */
  let full: TraceResult;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "ttt-trace-http-"));
    await generateLogs(
      parseGenLogsOptions({ out: dir, sites: 3, days: 2, users: 30, seed: 7, compromise: true }),
    );
    truth = JSON.parse(readFileSync(join(dir, "ground-truth.json"), "utf8")) as Truth;
    store = await openStore({ dataDir: "", sqliteFile: ":memory:" });
    const ctx = createContext({
      store,
      clock: new FixedClock("2026-03-01T09:00:00.000Z"),
      hasher: new PasswordHasher(TEST_SCRYPT_COST),
    });
    await ctx.accounts.ensureAdmin("admin-password-1");
    const admin = await ctx.accounts.localActor("admin");
    const s = await ctx.ingest.ingest(admin, await fileSources([dir], "auto"), {
      origin: "test",
    });
    assert.equal(s.bad, 0);
    assert.ok(s.events > 1000);
    as = credentials(ctx, admin);
    app = await buildApp(ctx, { logger: { level: "trace", stream: logStream } });
    const res = await get(stolenQuery({ withDerived: "true" }));
    assert.equal(res.statusCode, 200, res.body);
    full = res.json<TraceResult>();
  });
  after(async () => {
    await app?.close();
    await store?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  /** GET /api/v1/trace with the query, as a user of the role (default responder), or anonymous. */
  async function get(query: Record<string, string>, role: Role | null = "responder") {
    const headers = role === null ? {} : await as(role);
    return app.inject({
      method: "GET",
      url: `/api/v1/trace?${new URLSearchParams(query).toString()}`,
      headers,
    });
  }

  /** The query tracing the stolen token, plus the extra parameters. */
  const stolenQuery = (extra: Record<string, string> = {}): Record<string, string> => ({
    by: "jti",
    value: truth.stolen.jti,
    iss: truth.stolen.iss,
    ...extra,
  });

  /** The trace of the stolen token with derived tokens, narrowed by the extra parameters. */
  async function traced(extra: Record<string, string>): Promise<TraceResult> {
    const res = await get(stolenQuery({ withDerived: "true", ...extra }));
    assert.equal(res.statusCode, 200, res.body);
    return res.json<TraceResult>();
  }

  test("JSON: the stolen token and its descendants, links with evidence, a labelled timeline", () => {
    assert.equal(full.query.by, "jti");
    assert.equal(full.query.value, truth.stolen.jti);
    assert.equal(full.query.withDerived, true);
    assert.ok(full.tokens.length >= 5, `${full.tokens.length} tokens`);
    assert.equal(full.tokens[0]!.jti, truth.stolen.jti);
    assert.equal(full.tokens[0]!.depth, 0);
    const jtis = new Set(full.tokens.map((t) => t.jti));
    assert.equal(jtis.size, full.tokens.length, "each token once");
    assert.ok(full.links.length > 0);
    for (const l of full.links) {
      assert.ok(l.evidence.length > 0, `${l.from} → ${l.to} has evidence`);
      assert.ok(jtis.has(l.from) && jtis.has(l.to), `${l.from} → ${l.to} joins listed tokens`);
      for (const e of l.evidence) assert.ok(e.file.length > 0 && e.line > 0, JSON.stringify(e));
    }
    assert.ok(full.timeline.length > 0);
    for (const e of full.timeline)
      assert.ok(["proven", "candidate"].includes(e.match.confidence), e.match.confidence);
    for (let i = 1; i < full.timeline.length; i++)
      assert.ok(full.timeline[i - 1]!.timeMs <= full.timeline[i]!.timeMs, "in time order");
    const proven = full.timeline.filter((e) => e.match.confidence === "proven").length;
    assert.ok(proven > 0 && proven < full.timeline.length, "proven events and candidates");
    assert.deepEqual(full.summary.events, {
      proven,
      candidate: full.timeline.length - proven,
    });
    assert.equal(full.summary.tokens, full.tokens.length);
    assert.equal(full.truncated, false);
  });

  test("format=csv: text/csv, a header and one CRLF-ended row per timeline event", async () => {
    const res = await get(stolenQuery({ withDerived: "true", format: "csv" }));
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers["content-type"]), /^text\/csv/);
    assert.equal(res.headers["content-disposition"], 'attachment; filename="trace-jti-csv.csv"');
    const body = res.body;
    assert.ok(body.endsWith("\r\n"));
    // Rows split on CRLF are records only if no quoted field holds a line break: none here.
    const records = parse(body);
    for (const rec of records)
      for (const field of rec) assert.doesNotMatch(field, /[\r\n]/, "no line break in a field");
    const rows = body.slice(0, -2).split("\r\n");
    assert.equal(rows.length, records.length);
    assert.equal(rows.length, full.timeline.length + 1, "header + one row per event");
    assert.ok(!body.replace(/\r\n/g, "").includes("\n"), "no bare LF");
    const [header, ...events] = records;
    assert.equal(header![0], "time");
    for (const col of ["confidence", "jti", "file", "line", "reason"])
      assert.ok(header!.includes(col), col);
    const at = (col: string) => header!.indexOf(col);
    events.forEach((row, i) => {
      const e = full.timeline[i]!;
      assert.equal(row[at("time")], iso(e.timeMs));
      assert.equal(row[at("confidence")], e.match.confidence);
      assert.equal(row[at("line")], String(e.source.line));
    });
  });

  test("format=timesketch and format=ecs: NDJSON, one parseable line per event with its time", async () => {
    for (const [format, timeField] of [
      ["timesketch", "datetime"],
      ["ecs", "@timestamp"],
    ] as const) {
      const res = await get(stolenQuery({ withDerived: "true", format }));
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers["content-type"]), /^application\/x-ndjson/);
      assert.ok(res.body.endsWith("\n"));
      const lines = res.body.slice(0, -1).split("\n");
      assert.equal(lines.length, full.timeline.length, format);
      lines.forEach((line, i) => {
        const rec = JSON.parse(line) as Record<string, unknown>;
        assert.equal(rec[timeField], iso(full.timeline[i]!.timeMs), `${format} line ${i + 1}`);
        assert.equal(typeof rec.message, "string");
      });
    }
  });

  test("from/to keep the timeline inside the window; an empty window is an empty timeline", async () => {
    const times = full.timeline.map((e) => e.timeMs);
    const fromMs = times[Math.floor(times.length / 4)]!;
    const toMs = times[Math.floor((times.length * 3) / 4)]!;
    assert.ok(fromMs < toMs);
    const win = await traced({ from: iso(fromMs), to: iso(toMs) });
    assert.equal(win.query.fromMs, fromMs);
    assert.equal(win.query.toMs, toMs);
    assert.ok(win.timeline.length > 0);
    for (const e of win.timeline)
      assert.ok(e.timeMs >= fromMs && e.timeMs <= toMs, `${iso(e.timeMs)} in the window`);
    assert.equal(win.timeline.length, times.filter((t) => t >= fromMs && t <= toMs).length);
    assert.ok(win.timeline.length < full.timeline.length);

    const empty = await traced({ from: "2020-01-01T00:00:00Z", to: "2020-01-02T00:00:00Z" });
    assert.deepEqual(empty.timeline, []);
    assert.deepEqual(empty.summary.events, { proven: 0, candidate: 0 });
    assert.equal(empty.summary.firstSeenMs, null);
    assert.equal(empty.truncated, false);
  });

  test("site keeps only that site's events", async () => {
    const sites = [...new Set(full.timeline.map((e) => e.site).filter((s) => s !== null))];
    assert.ok(sites.length >= 2, `events at ${sites.join(", ")}`);
    const site = sites[0]!;
    const one = await traced({ site });
    assert.equal(one.query.site, site);
    assert.ok(one.timeline.length > 0);
    for (const e of one.timeline) assert.equal(e.site, site);
    assert.equal(one.timeline.length, full.timeline.filter((e) => e.site === site).length);
    assert.deepEqual(one.summary.sites, [site]);
  });

  test("limit=3: the first 3 events, truncated, the summary still counting everything", async () => {
    const cut = await traced({ limit: "3" });
    assert.equal(cut.timeline.length, 3);
    assert.equal(cut.truncated, true);
    assert.deepEqual(
      cut.timeline.map((e) => e.id),
      full.timeline.slice(0, 3).map((e) => e.id),
    );
    assert.deepEqual(cut.summary.events, full.summary.events);
  });

  test("bad queries are refused with 400 naming the parameter", async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ by: "jti", iss: truth.stolen.iss }, /value/],
      [{ by: "foo", value: "x" }, /\bby\b/],
      [stolenQuery({ from: "2024-09-03T00:00:00Z", to: "2024-09-02T00:00:00Z" }), /from/],
      [stolenQuery({ from: "yesterday" }), /from/],
      [stolenQuery({ limit: "0" }), /limit/],
      [stolenQuery({ limit: "many" }), /limit/],
      [stolenQuery({ format: "xml" }), /format/],
      [stolenQuery({ bogus: "1" }), /bogus/],
    ];
    for (const [query, names] of cases) {
      const res = await get(query);
      const what = new URLSearchParams(query).toString();
      assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
      const body = res.json<{ error: { code: string; message: string } }>();
      assert.equal(body.error.code, "validation_failed", what);
      assert.match(body.error.message, names, what);
    }
  });

  test("roles: a responder may trace, a site may not, anonymous is asked to log in", async () => {
    assert.equal((await get(stolenQuery(), "responder")).statusCode, 200);
    assert.equal((await get(stolenQuery(), "admin")).statusCode, 200);
    const site = await get(stolenQuery(), "site");
    assert.equal(site.statusCode, 403, site.body);
    assert.ok(!site.body.includes(truth.stolen.sub), "nothing of the trace in the refusal");
    const viewer = await get(stolenQuery(), "viewer");
    assert.equal(viewer.statusCode, 403, viewer.body);
    const anonymous = await get(stolenQuery(), null);
    assert.equal(anonymous.statusCode, 401, anonymous.body);
  });

  /** Fastify's own access-log line, which carries `req.url` with its query string. */
  const isIncomingRequest = (line: string) => /"msg":"incoming request"/.test(line);
  const tracedValues = () => [truth.stolen.jti, truth.stolen.sub, truth.foreignIp];

  test("the traced value appears in no line the app itself writes to the log", async () => {
    await get({ by: "ip", value: truth.foreignIp });
    await get({ by: "sub", value: truth.stolen.sub, iss: truth.stolen.iss });
    assert.ok(logLines.length > 0, "the log was written");
    const traceLines = logLines.filter((l) => /"msg":"trace"/.test(l));
    assert.ok(traceLines.length > 0, "the route logs each trace");
    for (const l of traceLines) {
      const rec = JSON.parse(l) as Record<string, unknown>;
      assert.ok(typeof rec.by === "string" && typeof rec.events === "number", l);
    }
    for (const value of tracedValues()) {
      const leaks = logLines.filter((l) => !isIncomingRequest(l) && l.includes(value));
      assert.deepEqual(leaks, [], `${value} logged`);
    }
  });
});
