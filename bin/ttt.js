#!/usr/bin/env node
// The installed entry point: runs the compiled CLI (npm ci builds it via `prepare`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const compiled = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
if (!existsSync(compiled)) {
  process.stderr.write("ttt: not built yet; run `npm run build` (npm ci does it)\n");
  process.exit(1);
}
const { main } = await import(compiled);
process.exitCode = await main(process.argv);
