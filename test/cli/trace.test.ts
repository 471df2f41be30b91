// `ttt trace` as a responder runs it: the generated compromise scenario ingested with the real
// CLI into a local store, then the stolen token traced with its derived tokens (the table, a CSV
// file, JSON), the victim's identity traced over a time window, and the refusals (exit 2 naming
// the option).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import type { IngestSummary, TraceResult } from "../../src/trace/index.js";
import { generateLogs } from "../../src/trace/gen/gen-logs.service.js";
import { parseGenLogsOptions } from "../../src/trace/gen/gen-logs.schema.js";
import { CLI_SUITE_TIMEOUT, ttt, type Run } from "./run-cli.js";

interface Truth {
  stolen: { iss: string; sub: string; jti: string };
}

describe("ttt trace", { timeout: CLI_SUITE_TIMEOUT }, () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-cli-trace-"));
  const logs = join(dir, "logs");
  const local = (...args: string[]) => ttt(["--data-dir", join(dir, "data"), ...args]);
  const csvFile = join(dir, "trace.csv");
  const from = "2024-09-03T00:00:00Z";
  const to = "2024-09-03T12:00:00Z";
  let truth: Truth;
  /**
   * The trace runs, started together once the logs are ingested (each CLI start costs seconds;
   * the local store is SQLite in WAL mode with a busy timeout, made for several processes).
   */
  let runs: Record<"table" | "csv" | "json" | "sub" | "noIss" | "badFrom", Promise<Run>>;

  before(async () => {
    await generateLogs(
      parseGenLogsOptions({ out: logs, sites: 3, days: 2, users: 30, seed: 7, compromise: true }),
    );
    truth = JSON.parse(readFileSync(join(logs, "ground-truth.json"), "utf8")) as Truth;
    const run = await local("--json", "ingest", logs, "--site", "auto");
    assert.equal(run.code, 0, run.stderr);
    const s = JSON.parse(run.stdout) as IngestSummary;
    assert.equal(s.bad, 0);
    assert.ok(s.events > 1000);
    const { iss, jti, sub } = truth.stolen;
    const stolen = ["trace", "jti", "--iss", iss, "--jti", jti];
    runs = {
      table: local(...stolen, "--with-derived"),
      csv: local(...stolen, "--with-derived", "--format", "csv", "-o", csvFile),
      json: local("--json", ...stolen, "--with-derived"),
      sub: local("--json", "trace", "sub", "--iss", iss, "--sub", sub, "--from", from, "--to", to),
      noIss: local("trace", "jti", "--jti", jti),
      badFrom: local(...stolen, "--from", "yesterday"),
    };
    await Promise.all(Object.values(runs));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the stolen token's trace as tables: tokens, links, candidates apart", async () => {
    const run = await runs.table;
    assert.equal(run.code, 0, run.stderr);
    const out = run.stdout;
    assert.match(out, /^Trace by jti /);
    assert.match(out, /^Tokens \(\d+\)$/m);
    assert.match(out, /^Links \(\d+\)$/m);
    assert.match(out, /^Timeline: proven events \(\d+\)$/m);
    assert.match(out, /^Candidates \(\d+\), not proven/m);
    assert.match(out, /^Summary$/m);
    assert.ok(out.includes(truth.stolen.jti), "the stolen jti is listed");
    const tokens = Number(/^Tokens \((\d+)\)$/m.exec(out)![1]);
    assert.ok(tokens >= 5, `${tokens} tokens`);
    assert.ok(out.indexOf("Tokens") < out.indexOf("Links"));
    assert.ok(out.indexOf("Links") < out.indexOf("Candidates"));
  });

  it("--format csv -o FILE writes the timeline there and says how many events", async () => {
    const run = await runs.csv;
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "", "the CSV goes to the file only");
    const m = /wrote (\d+) events, (\d+) tokens to /.exec(run.stderr);
    assert.ok(m !== null, run.stderr);
    const events = Number(m[1]);
    assert.ok(events > 0);
    const text = readFileSync(csvFile, "utf8");
    const records = parse(text);
    assert.equal(records.length, events + 1, "a header and one row per event");
    assert.equal(text.split("\r\n").length - 1, events + 1, "CRLF rows, no line break in a field");
    const [header, ...rows] = records;
    assert.equal(header![0], "time");
    const confidence = header!.indexOf("confidence");
    assert.ok(confidence > 0);
    for (const row of rows) assert.ok(["proven", "candidate"].includes(row[confidence]!));
  });

  it("--json prints the whole result as JSON", async () => {
    const run = await runs.json;
    assert.equal(run.code, 0, run.stderr);
    const r = JSON.parse(run.stdout) as TraceResult;
    assert.ok(Array.isArray(r.tokens));
    assert.ok(r.tokens.length >= 5);
    assert.equal(r.tokens[0]!.jti, truth.stolen.jti);
    assert.ok(r.links.length > 0);
    assert.equal(r.query.withDerived, true);
    assert.equal(
      r.summary.events.proven + r.summary.events.candidate,
      r.timeline.length,
      "nothing cut",
    );
  });

  it("traces the victim's identity within --from/--to", async () => {
    const run = await runs.sub;
    assert.equal(run.code, 0, run.stderr);
    const r = JSON.parse(run.stdout) as TraceResult;
    assert.equal(r.query.by, "sub");
    assert.equal(r.query.fromMs, Date.parse(from));
    assert.equal(r.query.toMs, Date.parse(to));
    assert.ok(r.timeline.length > 0);
    for (const e of r.timeline) {
      assert.ok(e.timeMs >= Date.parse(from) && e.timeMs <= Date.parse(to), String(e.timeMs));
      assert.equal(e.sub, truth.stolen.sub);
    }
  });

  it("refuses a missing --iss and a bad --from with exit 2, naming the option", async () => {
    // --iss is refused by the option parser, before the store is opened; --from by the API
    const noIss = await runs.noIss;
    const badFrom = await runs.badFrom;
    assert.equal(noIss.code, 2, noIss.stderr);
    assert.match(noIss.stderr, /--iss/);
    assert.equal(noIss.stdout, "");
    assert.equal(badFrom.code, 2, badFrom.stderr);
    assert.match(badFrom.stderr, /\bfrom\b/);
    assert.equal(badFrom.stdout, "");
  });
});
