// bin/ttt.js, the installed entry point, as npm ci builds it: `ttt ingest` runs itself once more
// with MALLOC_ARENA_MAX=2 (glibc, Linux), passing the output and exit status through.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { IngestSummary } from "../../src/trace/index.js";
import { dcacheLines } from "../../src/test-support/log-lines.js";

const BIN = join(import.meta.dirname, "../../bin/ttt.js");

describe("bin/ttt.js", { skip: process.platform !== "linux" && "glibc arenas: Linux only" }, () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-launcher-"));
  // Every Node process of the run appends its pid and MALLOC_ARENA_MAX here as it starts.
  const seen = join(dir, "seen.txt");
  const probe = join(dir, "probe.cjs");
  writeFileSync(
    probe,
    `require("node:fs").appendFileSync(${JSON.stringify(seen)}, process.pid + " " + process.env.MALLOC_ARENA_MAX + "\\n");`,
  );
  const run = (args: string[], env: Record<string, string> = {}) => {
    writeFileSync(seen, "");
    const r = spawnSync(process.execPath, [BIN, "--data-dir", join(dir, "data"), ...args], {
      encoding: "utf8",
      env: {
        ...process.env,
        MALLOC_ARENA_MAX: undefined,
        NODE_OPTIONS: `--require=${probe}`,
        TTT_LOAD_EXAMPLE: "false",
        TTT_ADMIN_PASSWORD: "cli-admin-password",
        TTT_DATABASE_URL: "",
        ...env,
      },
    });
    const arenas = readFileSync(seen, "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(" ")[1]);
    return { ...r, arenas };
  };

  it("ingest runs with two malloc arenas; output and exit status pass through", () => {
    const log = join(dir, "webdavDomain.access");
    writeFileSync(log, dcacheLines(0, 5));
    const ok = run(["--json", "ingest", log]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as IngestSummary).events, 5);
    assert.deepEqual(ok.arenas, ["undefined", "2"], "the launcher, then the CLI with the setting");

    const bad = run(["ingest", log, "--tz", "Mars/Olympus"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--tz/);
  });

  it("other commands, and a MALLOC_ARENA_MAX already set, run in one process", () => {
    const version = run(["-V"]);
    assert.equal(version.status, 0);
    assert.deepEqual(version.arenas, ["undefined"]);
    const own = run(["ingest", join(dir, "webdavDomain.access")], { MALLOC_ARENA_MAX: "4" });
    assert.equal(own.status, 0, own.stderr);
    assert.deepEqual(own.arenas, ["4"]);
  });
});
