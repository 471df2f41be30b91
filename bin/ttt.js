#!/usr/bin/env node
// The installed entry point: runs the compiled CLI (npm ci builds it via `prepare`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dist = (path) => fileURLToPath(new URL(`../dist/${path}`, import.meta.url));
const compiled = dist("cli/main.js");
if (!existsSync(compiled)) {
  process.stderr.write("ttt: not built yet; run `npm run build` (npm ci does it)\n");
  process.exit(1);
}
// `ttt ingest` parses in a worker thread while the main thread writes. glibc gives each thread
// its own malloc arenas, and their fragmentation grew the process by ~150 MB over a
// 10-million-line run (bench/RESULTS.md, 2026-11-26); two arenas keep it flat. The variable is
// read when the process starts, so the CLI runs itself once more with it set (Linux only; set
// MALLOC_ARENA_MAX yourself to skip this).
const ingest = process.argv.slice(2).includes("ingest");
if (ingest && process.platform === "linux" && process.env.MALLOC_ARENA_MAX === undefined) {
  const { spawnSync } = await import("node:child_process");
  const run = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, MALLOC_ARENA_MAX: "2" },
  });
  if (run.error) throw run.error;
  if (run.signal !== null) process.kill(process.pid, run.signal);
  process.exitCode = run.status ?? 1;
} else if (process.argv[2] === "condor-plugin") {
  // HTCondor runs the plugin once per authentication: load only its module, not the whole CLI.
  const { condorPluginMain } = await import(dist("cli/commands/condor-plugin.command.js"));
  process.exitCode = await condorPluginMain(process.argv);
} else {
  const { main } = await import(compiled);
  process.exitCode = await main(process.argv);
}
