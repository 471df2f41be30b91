// `ttt alerts` as a responder runs it: ban a subject with the real CLI, ingest a dCache access
// log in which that subject appears after the ban started, then list the alerts ingest raised
// (as text and as JSON) and the refusals (exit 2 naming the option).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { dcacheLine, dcacheLines } from "../../src/test-support/log-lines.js";
import type { Alert, IngestSummary } from "../../src/trace/index.js";
import { CLI_SUITE_TIMEOUT, ttt, type Run } from "./run-cli.js";

const ISS = "https://iam.example.org/";
const LINES = 5;

describe("ttt alerts", { timeout: CLI_SUITE_TIMEOUT }, () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-cli-alerts-"));
  const log = join(dir, "access.log");
  const local = (...args: string[]) => ttt(["--data-dir", join(dir, "data"), ...args]);
  let banId = "";
  let summary: IngestSummary;
  let runs: Record<"human" | "json" | "kind" | "badKind" | "since", Promise<Run>>;

  before(async () => {
    // the banned subject's lines, and one of another subject (no alert)
    writeFileSync(log, dcacheLines(0, LINES) + dcacheLine(LINES, { sub: "sub-2" }) + "\n");
    const made = await local(
      "--json",
      "ban",
      "subject",
      "--iss",
      ISS,
      "--sub",
      "sub-1",
      "--reason",
      "test",
      "--starts",
      "2024-09-01T00:00:00Z",
    );
    assert.equal(made.code, 0, made.stderr);
    banId = (JSON.parse(made.stdout) as { id: string }).id;
    const run = await local("ingest", log, "--site", "s1", "--json");
    assert.equal(run.code, 0, run.stderr);
    summary = JSON.parse(run.stdout) as IngestSummary;
    runs = {
      human: local("alerts"),
      json: local("--json", "alerts"),
      kind: local("--json", "alerts", "--kind", "expired-token"),
      badKind: local("alerts", "--kind", "nonsense"),
      since: local("alerts", "--since", "yesterday"),
    };
    await Promise.all(Object.values(runs));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("ingest reports one alert per line of the banned subject", () => {
    assert.equal(summary.events, LINES + 1);
    assert.equal(summary.bad, 0);
    assert.equal(summary.alerts, LINES);
  });

  it("lists them as text: kind, site, what matched, the ban and the source line", async () => {
    const run = await runs.human;
    assert.equal(run.code, 0, run.stderr);
    const rows = run.stdout.trim().split("\n");
    assert.equal(rows.length, LINES, run.stdout);
    for (const row of rows) {
      assert.match(row, /^2024-09-03T08:00:0[0-4]\.000Z {2}banned +s1 +dcache\/storage\.get /);
      assert.ok(row.includes("sub sub-1 (the line logs no issuer)"), row);
      assert.ok(row.includes(`(ban ${banId})`), row);
      assert.ok(row.includes(`${log}:`), row);
    }
    assert.ok(!run.stdout.includes("sub-2"), "the other subject raised nothing");
  });

  it("--json gives the alerts array, one per banned line", async () => {
    const run = await runs.json;
    assert.equal(run.code, 0, run.stderr);
    const { alerts } = JSON.parse(run.stdout) as { alerts: Alert[] };
    assert.equal(alerts.length, LINES);
    for (const a of alerts) {
      assert.equal(a.kind, "banned");
      assert.equal(a.banId, banId);
      assert.equal(a.sub, "sub-1");
      assert.equal(a.iss, null);
      assert.equal(a.site, "s1");
      assert.equal(a.component, "dcache");
      assert.equal(a.source.file, log);
      assert.equal(a.id, `banned:${banId}:${a.eventId}`);
    }
    assert.deepEqual(
      alerts.map((a) => a.source.line).sort((x, y) => x - y),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(alerts.map((a) => a.jti).sort(), [
      "jti-0",
      "jti-1",
      "jti-2",
      "jti-3",
      "jti-4",
    ]);
  });

  it("--kind expired-token: none here", async () => {
    const run = await runs.kind;
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { alerts: [] });
  });

  it("refuses an unknown --kind and a --since that is no time, exit 2 naming them", async () => {
    const kind = await runs.badKind;
    assert.equal(kind.code, 2, kind.stderr);
    assert.match(kind.stderr, /\bkind\b/);
    const since = await runs.since;
    assert.equal(since.code, 2, since.stderr);
    assert.match(since.stderr, /\bsince\b/);
  });

  it("ack marks one alert looked at, with a note; --state open leaves it out; twice is refused", async () => {
    const { alerts } = JSON.parse((await runs.json).stdout) as { alerts: Alert[] };
    const id = alerts[0]!.id;
    // The note's own line break is kept and indented; a tab (allowed in notes) is escaped.
    const acked = await local("alerts", "ack", id, "--note", "session killed\nuser\ttold");
    assert.equal(acked.code, 0, acked.stderr);
    assert.match(
      acked.stdout,
      /^acknowledged: .*\[acknowledged by admin at \d{4}-\d\d-\d\dT[^\]]+\]\n {4}note: session killed\n {10}user\\x09told\n$/,
    );
    const listed = await local("alerts", "--state", "acknowledged");
    assert.match(
      listed.stdout,
      new RegExp(
        `${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}  \\[acknowledged by admin at [^\\]]+\\]\\n {4}note: session killed`,
      ),
    );
    const open = await local("--json", "alerts", "--state", "open");
    const left = (JSON.parse(open.stdout) as { alerts: Alert[] }).alerts.map((a) => a.id);
    assert.equal(left.length, LINES - 1);
    assert.ok(!left.includes(id));
    const again = await local("alerts", "ack", id);
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stderr, /alert_acknowledged.*acknowledged by admin/);
    const bad = await local("alerts", "--state", "closed");
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /\bstate\b/);
  });
});
