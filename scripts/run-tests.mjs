// `npm test`: the static checks (types, lint, format: `npm run check`), then every test file
// with Node's own runner (Node 20 does not expand globs in --test) — everything CI runs. Given
// test files, runs only those, without the checks.
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
process.exitCode = checksPass() ? runTests(files) : 1;

/** `npm run check` before a full run (not when test files are given); true when it passed. */
function checksPass() {
  if (only.length > 0) return true;
  console.log("== npm run check (types, lint, format)");
  const check = spawnSync("npm", ["run", "--silent", "check"], { stdio: "inherit" });
  if (check.status === 0) return true;
  if (check.error) console.error(`npm test: cannot run npm run check: ${check.error.message}`);
  console.error("npm test: the static checks failed (above); no test was run");
  return false;
}

/** Node's test runner over `list`; its exit status. */
function runTests(list) {
  const res = spawnSync(
    process.execPath,
    ["--import", "tsx", "--test", "--test-concurrency=2", ...list],
    {
      stdio: "inherit",
      env: { ...process.env, TTT_LOG_LEVEL: process.env.TTT_LOG_LEVEL ?? "silent" },
    },
  );
  return res.status ?? 1;
}
