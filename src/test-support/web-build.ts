import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { WEB_ROOT } from "../http/web.js";

const ROOT = new URL("../..", import.meta.url).pathname;
const WEB_SOURCES = join(ROOT, "web");
const LOCK = join(ROOT, "dist", ".web-build.lock");

function newest(dir: string): number {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    latest = Math.max(latest, st.isDirectory() ? newest(p) : st.mtimeMs);
  }
  return latest;
}

function fresh(): boolean {
  const index = join(WEB_ROOT, "index.html");
  return existsSync(index) && statSync(index).mtimeMs >= newest(WEB_SOURCES);
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Makes sure dist/web holds a build of the current web sources (`vite build` when it is missing
 * or older than a source file), so browser tests never run against a stale app. Browser test
 * files run in parallel: a lock directory lets one build while the others wait for it.
 */
export function ensureWebBuild(): void {
  const deadline = Date.now() + 180_000;
  while (!fresh()) {
    try {
      mkdirSync(join(ROOT, "dist"), { recursive: true });
      mkdirSync(LOCK);
    } catch {
      if (Date.now() > deadline) throw new Error(`web build lock ${LOCK} held for 3 minutes`);
      sleep(250);
      continue;
    }
    try {
      if (fresh()) return;
      const vite = join(ROOT, "node_modules/vite/bin/vite.js");
      const res = spawnSync(process.execPath, [vite, "build", "--logLevel", "warn"], {
        cwd: ROOT,
        encoding: "utf8",
      });
      if (res.status !== 0) throw new Error(`vite build failed: ${res.stderr || res.stdout}`);
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
