// bin/ttt.js, the entry point, as npm ci builds it: run by node, a local `ttt ingest` runs itself
// once more with MALLOC_ARENA_MAX=2 (glibc, Linux) and a 1 GB heap, passing output, exit status
// and signals through. bin/ttt, the installed command, sets both before Node starts.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import type { IngestSummary } from "../../src/trace/index.js";
import { dcacheLines } from "../../src/test-support/log-lines.js";

const BIN = join(import.meta.dirname, "../../bin/ttt.js");
const SH = join(import.meta.dirname, "../../bin/ttt");

describe("bin/ttt.js", { skip: process.platform !== "linux" && "glibc arenas: Linux only" }, () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-launcher-"));
  const log = join(dir, "webdavDomain.access");
  writeFileSync(log, dcacheLines(0, 5));
  // Every Node process of a run appends its pid and MALLOC_ARENA_MAX here as it starts.
  const seen = join(dir, "seen.txt");
  const probe = join(dir, "probe.cjs");
  writeFileSync(
    probe,
    `require("node:fs").appendFileSync(${JSON.stringify(seen)}, process.pid + " " + process.env.MALLOC_ARENA_MAX + " " + Math.round(require("node:v8").getHeapStatistics().heap_size_limit / 1048576) + "\\n");`,
  );
  const started = () =>
    readFileSync(seen, "utf8")
      .trim()
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => l.split(" ") as [string, string, string]);
  const env = (data: string, extra: Record<string, string> = {}) => ({
    ...process.env,
    MALLOC_ARENA_MAX: undefined,
    NODE_OPTIONS: `--require=${probe}`,
    TTT_LOAD_EXAMPLE: "false",
    TTT_ADMIN_PASSWORD: "cli-admin-password",
    TTT_DATABASE_URL: "",
    TTT_DATA_DIR: join(dir, data),
    ...extra,
  });
  /** Runs `node bin/ttt.js ARGS`, or with `sh` the installed command `bin/ttt ARGS`. */
  const run = (args: string[], extra: Record<string, string> = {}, sh = false) => {
    writeFileSync(seen, "");
    const [cmd, argv] = sh ? [SH, args] : [process.execPath, [BIN, ...args]];
    const r = spawnSync(cmd, argv, { encoding: "utf8", env: env("data", extra) });
    const procs = started();
    return {
      ...r,
      arenas: procs.map(([, arenas]) => arenas),
      heapMb: procs.map(([, , mb]) => Number(mb)),
    };
  };

  it("a local ingest runs with two malloc arenas; output and exit status pass through", () => {
    const ok = run(["--json", "ingest", log]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as IngestSummary).events, 5);
    assert.deepEqual(ok.arenas, ["undefined", "2"], "the launcher, then the CLI with the setting");
    const bad = run(["--data-dir", join(dir, "data"), "ingest", log, "--tz", "Mars/Olympus"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--tz/);
    assert.deepEqual(bad.arenas, ["undefined", "2"], "a global option's value is not the command");
  });

  it("the ingest process gets a 1 GB old generation unless one is given", () => {
    const ok = run(["--json", "ingest", log]);
    assert.equal(ok.status, 0, ok.stderr);
    const cli = ok.heapMb[1]!;
    assert.ok(cli >= 1024 && cli < 1300, `the CLI's heap limit: ${cli} MB`);
    const own = run(["--json", "ingest", log], {
      NODE_OPTIONS: `--require=${probe} --max-old-space-size=2048`,
    });
    assert.equal(own.status, 0, own.stderr);
    assert.ok(own.heapMb[1]! >= 2048, `kept: ${own.heapMb[1]} MB`);
  });

  it("other commands, uploads and a MALLOC_ARENA_MAX already set run in one process", () => {
    assert.deepEqual(run(["-V"]).arenas, ["undefined"]);
    assert.deepEqual(run(["incidents", "show", "ingest"]).arenas, ["undefined"], "not the command");
    const upload = run(["--server", "http://127.0.0.1:9", "ingest", log]);
    assert.equal(upload.status, 1, "nothing listens there");
    assert.deepEqual(upload.arenas, ["undefined"]);
    const own = run(["ingest", log], { MALLOC_ARENA_MAX: "4" });
    assert.equal(own.status, 0, own.stderr);
    assert.deepEqual(own.arenas, ["4"]);
  });

  it("the installed command sets both before Node starts: one process", () => {
    const ok = run(["--json", "ingest", log], { TTT_DATA_DIR: join(dir, "installed") }, true);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as IngestSummary).events, 5);
    assert.deepEqual(ok.arenas, ["2"]);
    assert.ok(ok.heapMb[0]! >= 1024 && ok.heapMb[0]! < 1300, `heap limit: ${ok.heapMb[0]} MB`);
    const own = run(
      ["ingest", log],
      { NODE_OPTIONS: `--require=${probe} --max-old-space-size=2048` },
      true,
    );
    assert.equal(own.status, 0, own.stderr);
    assert.ok(own.heapMb[0]! >= 2048, `kept: ${own.heapMb[0]} MB`);
    assert.deepEqual(run(["-V"], {}, true).arenas, ["undefined"]);
  });

  it("the installed command and bin/ttt.js agree on which runs are a local ingest", () => {
    const upload = "http://127.0.0.1:9";
    const cases: [string[], Record<string, string>][] = [
      [["--json", "ingest", log], {}],
      [["--data-dir", join(dir, "data"), "ingest", log, "--tz", "Mars/Olympus"], {}],
      [["--as", "ingest", "ingest", log], {}],
      [["--config", "ingest", "-V"], {}],
      [["incidents", "show", "ingest"], {}],
      [["--server", upload, "ingest", log], {}],
      [["--server=" + upload, "ingest", log], {}],
      [["ingest", log, "--server", upload], {}],
      [["ingest", log], { MALLOC_ARENA_MAX: "4" }],
      [["", "ingest", log], {}],
      [["-V"], {}],
    ];
    for (const [args, extra] of cases) {
      const js = run(args, extra);
      const sh = run(args, extra, true);
      const what = args.join(" ");
      assert.equal(sh.status, js.status, `exit status of ${what}`);
      assert.deepEqual(sh.arenas, js.arenas.slice(-1), `MALLOC_ARENA_MAX of ${what}`);
      assert.deepEqual(sh.heapMb, js.heapMb.slice(-1), `heap limit of ${what}`);
    }
  });

  it("a SIGTERM sent to the launcher alone stops the ingest too", async () => {
    writeFileSync(seen, "");
    const big = join(dir, "big.access");
    writeFileSync(big, dcacheLines(0, 20_000));
    const launcher = spawn(process.execPath, [BIN, "ingest", big], {
      env: env("signal"),
      stdio: "ignore",
    });
    const exited = new Promise<number | null>((r) => launcher.on("exit", (code) => r(code)));
    let child: number | null = null;
    while (child === null) {
      await sleep(10);
      const pids = started();
      if (pids.length === 2) child = Number(pids[1]![0]);
    }
    launcher.kill("SIGTERM");
    assert.equal(await exited, 128 + 15, "the launcher reports the ingest's death by SIGTERM");
    assert.throws(() => process.kill(child, 0), /ESRCH/, "the ingest process is gone");
  });
});

describe("bin/ttt.js condor-plugin fails closed", () => {
  // A copy of the launcher beside a dist/ that is missing, then broken: HTCondor reads exit 1 as
  // "declined, ask the next plugin", so a plugin that cannot start must exit 2 (rejected).
  const root = mkdtempSync(join(tmpdir(), "ttt-launcher-plugin-"));
  mkdirSync(join(root, "bin"));
  copyFileSync(SH, join(root, "bin/ttt"));
  const installed = (...args: string[]) =>
    spawnSync(join(root, "bin/ttt"), args, { encoding: "utf8", input: "{}" });

  it("the installed command exits 2 when bin/ttt.js is missing, where other commands exit 1", () => {
    const plugin = installed("condor-plugin", "--bans-file", "/nonexistent");
    assert.equal(plugin.status, 2, plugin.stderr);
    assert.match(plugin.stderr, /ttt\.js is missing/);
    assert.equal(installed("bans", "list").status, 1);
    copyFileSync(BIN, join(root, "bin/ttt.js"));
    const unbuilt = installed("condor-plugin", "--bans-file", "/nonexistent");
    assert.equal(unbuilt.status, 2, "and bin/ttt.js does so when the CLI is not built");
    assert.match(unbuilt.stderr, /not built yet/);
  });

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(root, "bin/ttt.js"), ...args], {
      encoding: "utf8",
      input: '{"iss":"https://iam.example.org/","sub":"alice"}',
    });

  it("exits 2 when the CLI is not built, where other commands exit 1", () => {
    const plugin = run("condor-plugin", "--bans-file", "/nonexistent");
    assert.equal(plugin.status, 2, plugin.stderr);
    assert.match(plugin.stderr, /not built yet/);
    assert.equal(run("bans", "list").status, 1);
  });

  it("exits 2 when the plugin's module cannot be loaded", () => {
    mkdirSync(join(root, "dist/cli/commands"), { recursive: true });
    writeFileSync(join(root, "dist/cli/main.js"), "export const main = async () => 0;\n");
    writeFileSync(
      join(root, "dist/cli/commands/condor-plugin.command.js"),
      'throw new Error("a half-installed build");\n',
    );
    const plugin = run("condor-plugin", "--bans-file", "/nonexistent");
    assert.equal(plugin.status, 2, plugin.stderr);
    assert.match(plugin.stderr, /cannot run: a half-installed build/);
  });
});
