import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { WEB_ROOT } from "../http/web.js";

const WEB_SOURCES = new URL("../../web", import.meta.url).pathname;

function newest(dir: string): number {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    latest = Math.max(latest, st.isDirectory() ? newest(p) : st.mtimeMs);
  }
  return latest;
}

/**
 * Makes sure dist/web holds a build of the current web sources (`vite build` when it is missing
 * or older than a source file), so browser tests never run against a stale app.
 */
export function ensureWebBuild(): void {
  const index = join(WEB_ROOT, "index.html");
  if (existsSync(index) && statSync(index).mtimeMs >= newest(WEB_SOURCES)) return;
  const vite = new URL("../../node_modules/vite/bin/vite.js", import.meta.url).pathname;
  const res = spawnSync(process.execPath, [vite, "build", "--logLevel", "warn"], {
    cwd: new URL("../..", import.meta.url).pathname,
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(`vite build failed: ${res.stderr || res.stdout}`);
}
