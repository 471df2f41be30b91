/**
 * The middleware files: each configured output rendered from the agent's list with the
 * shared renderers (renderBanFile, for this site), written atomically — temporary file in the
 * same directory, fsync, rename, fsync of the directory — only when the content changed, then
 * the output's reload command (argv, no shell) with a timeout. Failures are logged and
 * counted; they never stop the agent, and a failed output is tried again next round.
 *
 * "Changed" ignores the generation time the renderers stamp into every file: otherwise every
 * round would rewrite every file and reload every middleware.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { renderBanFile, type Ban } from "../bans/index.js";
import type { Clock } from "../core/clock.js";
import type { OutputConfig } from "./agent.config.js";
import type { AgentMetrics } from "./agent.metrics.js";
import type { AgentStore } from "./agent-store.repository.js";

export interface BanFilesDeps {
  outputs: readonly OutputConfig[];
  site: string;
  store: AgentStore;
  clock: Clock;
  metrics: AgentMetrics;
  log: (msg: string) => void;
}

/** Writes `content` to `path` atomically and durably. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fh = await open(tmp, "w", 0o644);
    try {
      await fh.writeFile(content, "utf8");
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  const d = await open(dir, "r");
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

/** Runs argv without a shell; resolves with an error message, or null on success. */
function run(argv: readonly string[], timeoutMs: number): Promise<string | null> {
  const [cmd, ...args] = argv;
  return new Promise((resolve) => {
    execFile(cmd ?? "", args, { timeout: timeoutMs, killSignal: "SIGKILL" }, (err, _o, stderr) => {
      if (err === null) return resolve(null);
      const why = err.killed ? `timed out after ${timeoutMs} ms` : err.message;
      resolve(`${why}${stderr ? `: ${String(stderr).trim().slice(0, 300)}` : ""}`);
    });
  });
}

export class BanFiles {
  constructor(private readonly d: BanFilesDeps) {}

  /** Renders every output from the stored list; writes and reloads those that changed. */
  async sync(): Promise<void> {
    const bans = this.d.store.bans();
    for (const output of this.d.outputs) await this.syncOne(output, bans);
  }

  private async syncOne(o: OutputConfig, bans: readonly Ban[]): Promise<void> {
    const key = `file:${o.path}`;
    let content: string;
    let fingerprint: string;
    try {
      const r = renderBanFile(o.format, bans, {
        ...(o.options ?? {}),
        site: this.d.site,
        now: this.d.clock.now(),
      });
      content = r.content;
      fingerprint = createHash("sha256")
        .update(r.content.split(r.generatedAt).join("<generated-at>"))
        .digest("hex");
    } catch (err) {
      this.d.metrics.fileWriteFailures++;
      this.d.log(`cannot render ${o.format} for ${o.path}: ${(err as Error).message}`);
      return;
    }
    if (this.d.store.getMeta(key) === fingerprint && existsSync(o.path)) return;
    try {
      await writeFileAtomic(o.path, content);
    } catch (err) {
      this.d.metrics.fileWriteFailures++;
      this.d.log(`cannot write ${o.path}: ${(err as Error).message}`);
      return;
    }
    this.d.metrics.fileWrites++;
    // Remembered before the reload: a failed reload is counted and logged, not retried with
    // every round (the next change runs it again).
    this.d.store.setMeta(key, fingerprint);
    this.d.log(`wrote ${o.path} (${o.format})`);
    if (o.reload === undefined) return;
    this.d.metrics.reloads++;
    const failure = await run(o.reload.command, o.reload.timeoutSec * 1000);
    if (failure !== null) {
      this.d.metrics.reloadFailures++;
      this.d.log(`reload for ${o.path} failed: ${failure}`);
    }
  }
}
