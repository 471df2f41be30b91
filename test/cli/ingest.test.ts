// `ttt gen-logs` and `ttt ingest` as a user runs them: generate a small multi-site scenario,
// ingest it locally (every format, no bad line, the summary as JSON), ingest it again (nothing
// new), upload one gzipped log to a listening server with --server, and the refusals.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import type { IngestSummary } from "../../src/trace/index.js";
import { EventsRepository } from "../../src/trace/events/events.repository.js";
import { dcacheLine } from "../../src/test-support/log-lines.js";
import { cliServer } from "./cli-server.js";
import { CLI_SUITE_TIMEOUT, ttt } from "./run-cli.js";

describe("ttt gen-logs and ttt ingest", { timeout: CLI_SUITE_TIMEOUT }, () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-cli-ingest-"));
  const logs = join(dir, "logs");
  const local = (...args: string[]) => ttt(["--data-dir", join(dir, "data"), ...args]);

  before(async () => {
    const gen = await ttt([
      "gen-logs",
      "--out",
      logs,
      "--sites",
      "2",
      "--days",
      "2",
      "--users",
      "8",
      "--seed",
      "3",
      "--gzip",
      "--json",
    ]);
    assert.equal(gen.code, 0, gen.stderr);
    assert.ok((JSON.parse(gen.stdout) as { lines: number }).lines > 1000);
  });

  it("ingests a directory tree: every format, no bad line, sites from the directories", async () => {
    const run = await local("--json", "ingest", logs, "--site", "auto");
    assert.equal(run.code, 0, run.stderr);
    const s = JSON.parse(run.stdout) as IngestSummary;
    for (const key of [
      "files",
      "lines",
      "events",
      "bad",
      "alreadyIngested",
      "byFormat",
      "badByReason",
    ])
      assert.ok(key in s, key);
    assert.equal(s.bad, 0);
    assert.equal(s.alreadyIngested, 0);
    assert.equal(Object.keys(s.byFormat).length, 10);
    assert.ok(s.events > 1000);
    assert.doesNotMatch(run.stderr, /ingest: \d+%/, "no progress lines for a run this short");
  });

  it("ingesting the same tree again adds nothing", async () => {
    const run = await local("--json", "ingest", logs, "--site", "auto");
    const s = JSON.parse(run.stdout) as IngestSummary;
    assert.equal(s.events, 0);
    assert.equal(s.lines, 0);
    assert.equal(s.alreadyIngested, s.files - s.skippedFiles.length);
    const text = await local("ingest", logs);
    assert.match(text.stdout, /0 events stored/);
    assert.match(text.stdout, /already ingested/);
  });

  it("--reread reads a file again with the site given now, and prints what it deleted", async () => {
    const dcache = join(logs, "site-01", "dcache");
    const file = join(
      dcache,
      readdirSync(dcache).find((f) => f.includes("webdav"))!,
    );
    const run = await local("--json", "ingest", file, "--site", "site-09", "--reread");
    assert.equal(run.code, 0, run.stderr);
    const s = JSON.parse(run.stdout) as IngestSummary;
    assert.equal(s.reread.length, 1);
    assert.equal(s.reread[0]?.eventsDeleted, s.events, "as many as it stores again");
    assert.ok(s.events > 0);
    const text = await local("ingest", file, "--reread");
    assert.match(
      text.stdout,
      /reread .*webdav.*: [\d,]+ events stored earlier \(as dcache-access\) and 0 alerts they raised deleted/,
    );
  });

  it("ends a run with bad lines by listing each reason, its file, line numbers and samples", async () => {
    const bad = join(dir, "bad");
    mkdirSync(bad);
    const file = join(bad, "door.access");
    const jwt = `eyJ${"a".repeat(30)}.eyJ${"b".repeat(40)}.${"c".repeat(43)}`;
    writeFileSync(
      file,
      [
        dcacheLine(1),
        "level=INFO ts=not-a-time event=org.dcache.webdav.request session=x",
        dcacheLine(2),
        `garbage with authz=${jwt} in it`,
        dcacheLine(3),
      ].join("\n") + "\n",
    );
    const run = await local("ingest", file);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /5 lines read, 3 events stored, 2 bad lines/);
    const report = run.stdout.slice(run.stdout.indexOf("bad lines:"));
    const at = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    assert.ok(report.startsWith("bad lines:"), run.stdout);
    assert.match(
      report,
      new RegExp(`bad_timestamp × 1 in ${at}: .+\\n    lines 2\\n    \\| level=INFO ts=not-a-time`),
    );
    assert.match(
      report,
      new RegExp(
        `unknown_line × 1 in ${at}: .+\\n    lines 4\\n    \\| garbage with authz=\\[token\\] in it`,
      ),
    );
    assert.ok(!run.stdout.includes(jwt), "the token in a bad line is never printed");
  });

  it("refuses bad flags and missing paths with exit 2, naming them", async () => {
    const fmt = await local("ingest", logs, "--format", "syslog");
    assert.equal(fmt.code, 2);
    assert.match(fmt.stderr, /--format/);
    const site = await local("ingest", logs, "--site", "a b");
    assert.equal(site.code, 2);
    assert.match(site.stderr, /--site/);
    const tz = await local("ingest", logs, "--tz", "Mars/Olympus");
    assert.equal(tz.code, 2);
    assert.match(tz.stderr, /--tz/);
    assert.match(tz.stderr, /IANA/);
    for (const n of ["0", "9", "two", "1.5", "0x2", " 3"]) {
      const workers = await local("ingest", logs, "--workers", n);
      assert.equal(workers.code, 2, n);
      assert.match(workers.stderr, /--workers/);
    }
    const gone = await local("ingest", join(dir, "nope"));
    assert.equal(gone.code, 2);
    assert.match(gone.stderr, /nope/);
    const gen = await ttt(["gen-logs", "--out", join(dir, "g2"), "--sites", "0"]);
    assert.equal(gen.code, 2);
    assert.match(gen.stderr, /--sites/);
  });

  describe("with --server", () => {
    const server = cliServer(join(dir, "server"));
    const events = () => new EventsRepository(server.ctx.store.db);

    it("uploads a gzipped log, streamed; the same upload again adds nothing", async () => {
      const dcache = join(logs, "site-01", "dcache");
      const gz = readdirSync(dcache).find((f) => f.startsWith("webdavDomain") && f.endsWith(".gz"));
      assert.ok(gz !== undefined);
      const file = join(dcache, gz);
      const env = { env: { TTT_TOKEN: server.token } };
      const first = await ttt(
        ["--server", server.base, "--json", "ingest", file, "--site", "site-01"],
        env,
      );
      assert.equal(first.code, 0, first.stderr);
      const s = JSON.parse(first.stdout) as IngestSummary;
      assert.ok(s.events > 0);
      assert.deepEqual(Object.keys(s.byFormat), ["dcache-access"]);
      const again = await ttt(["--server", server.base, "--json", "ingest", file], env);
      assert.equal((JSON.parse(again.stdout) as IngestSummary).events, 0);
      const denied = await ttt(["--server", server.base, "ingest", file], {
        env: { TTT_TOKEN: "" },
      });
      assert.equal(denied.code, 1);
    });

    it("refuses --workers with --server: the server parses uploads itself", async () => {
      const run = await ttt(
        ["--server", server.base, "ingest", join(dir, "logs"), "--workers", "2"],
        { env: { TTT_TOKEN: server.token } },
      );
      assert.equal(run.code, 2);
      assert.match(run.stderr, /--workers/);
    });

    it("passes --tz along: the server reads offset-less times in that zone", async () => {
      const file = join(dir, "arc-jobs.log");
      writeFileSync(
        file,
        `2024-07-01 12:00:00 Started - job id: tz-cli, unix user: 1:1, name: "j", owner: "https://iss.example.org/tz-cli-user", lrms: condor, queue: q\n`,
      );
      const env = { env: { TTT_TOKEN: server.token } };
      const run = await ttt(
        ["--server", server.base, "--json", "ingest", file, "--tz", "+02:00"],
        env,
      );
      assert.equal(run.code, 0, run.stderr);
      const [e] = await events().byKey("sub", "tz-cli-user");
      assert.equal(e?.timeMs, Date.parse("2024-07-01T10:00:00Z"));
      assert.equal(e?.tzOffsetMin, 120);
    });

    it("passes --final along: an archived log's last line counts without a newline", async () => {
      const file = join(dir, "arc-final.log");
      writeFileSync(
        file,
        `2024-07-01 12:00:00 Started - job id: final-cli, unix user: 1:1, name: "j", owner: "https://iss.example.org/final-cli-user", lrms: condor, queue: q`,
      );
      const env = { env: { TTT_TOKEN: server.token } };
      const run = await ttt(["--server", server.base, "--json", "ingest", file, "--final"], env);
      assert.equal(run.code, 0, run.stderr);
      const s = JSON.parse(run.stdout) as IngestSummary;
      assert.deepEqual([s.events, s.pendingPartialLines], [1, 0]);
    });
  });
});
