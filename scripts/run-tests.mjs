// Runs every test file with Node's own runner (Node 20 does not expand globs in --test).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : [...find("src"), ...find("test")].sort();
const res = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", ...files],
  {
    stdio: "inherit",
    env: { ...process.env, TTT_LOG_LEVEL: process.env.TTT_LOG_LEVEL ?? "silent" },
  },
);
process.exit(res.status ?? 1);
