#!/usr/bin/env node
// The entry point: runs the compiled CLI (npm ci builds it via `prepare`). The installed command,
// bin/ttt, runs this file with Node after setting up a local ingest's process (see below).
import { existsSync } from "node:fs";
import { constants } from "node:os";
import { fileURLToPath } from "node:url";

const dist = (path) => fileURLToPath(new URL(`../dist/${path}`, import.meta.url));
const compiled = dist("cli/main.js");
// HTCondor takes exit 1 from a mapping plugin as "declined, ask the next one": the plugin must
// fail closed (exit 2, the client is rejected) when it cannot even start.
const plugin = process.argv[2] === "condor-plugin";
const failed = plugin ? 2 : 1;
if (!existsSync(compiled)) {
  process.stderr.write("ttt: not built yet; run `npm run build` (npm ci does it)\n");
  process.exit(failed);
}
// `ttt ingest` parses in a worker thread while the main thread writes. glibc gives each thread
// its own malloc arenas, and their fragmentation grew the process by ~150 MB over a
// 10-million-line run (bench/RESULTS.md, 2026-11-26); two arenas keep it flat. The variable is
// read when the process starts, so the CLI runs itself once more with it set (Linux only; set
// MALLOC_ARENA_MAX yourself to skip this). Uploads (`--server`) parse nothing here. bin/ttt sets
// it before Node starts, so this runs only for `node bin/ttt.js ingest`; it decides the same way
// (commandOf below: keep the two in step; test/cli/launcher.test.ts compares them).
const args = process.argv.slice(2);
const uploads = args.some((a) => a === "--server" || a.startsWith("--server="));
if (
  commandOf(args) === "ingest" &&
  !uploads &&
  process.platform === "linux" &&
  process.env.MALLOC_ARENA_MAX === undefined
) {
  const { spawn } = await import("node:child_process");
  // The writer's heap too: under V8's default limit on a large machine it grew far past what was
  // live between collections; with a 1 GB limit V8 collects sooner, and the 10M-line week peaked
  // at 362–424 MB instead of 419–458 in as much time (bench/RESULTS.md, 2026-11-27). The parse
  // workers have their own limits. A limit given in NODE_OPTIONS or to node is kept.
  const heapGiven = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].some(
    (a) => a.startsWith("--max-old-space-size"),
  );
  const heap = heapGiven ? [] : ["--max-old-space-size=1024"];
  const child = spawn(process.execPath, [...process.execArgv, ...heap, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, MALLOC_ARENA_MAX: "2" },
  });
  // A signal sent to this process alone (a supervisor's SIGTERM) must stop the run too.
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => child.kill(sig));
  child.on("error", (err) => {
    process.stderr.write(`ttt: cannot start the ingest process: ${err.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    process.exitCode = code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0));
  });
} else if (plugin) {
  // HTCondor runs the plugin once per authentication: load only its module, not the whole CLI.
  try {
    const { condorPluginMain } = await import(dist("cli/commands/condor-plugin.command.js"));
    process.exitCode = await condorPluginMain(process.argv);
  } catch (err) {
    process.stderr.write(`ttt condor-plugin: cannot run: ${err?.message ?? err}\n`);
    process.exitCode = failed;
  }
} else {
  const { main } = await import(compiled);
  process.exitCode = await main(process.argv);
}

/** The command: the first argument that is neither a global option nor a global option's value. */
function commandOf(list) {
  const valued = new Set(["--data-dir", "--database-url", "--server", "--as", "--config"]);
  for (let i = 0; i < list.length; i++) {
    if (valued.has(list[i])) i++;
    else if (!list[i].startsWith("-")) return list[i];
  }
  return null;
}
