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
// HTCondor runs the plugin once per authentication: load only its module, not the whole CLI.
if (process.argv[2] === "condor-plugin") {
  const { condorPluginMain } = await import(dist("cli/commands/condor-plugin.command.js"));
  process.exitCode = await condorPluginMain(process.argv);
} else {
  const { main } = await import(compiled);
  process.exitCode = await main(process.argv);
}
