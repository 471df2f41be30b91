import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ValidationError } from "../../core/errors.js";
import { ActivityModel } from "./activity.js";
import { compromiseTick, planCompromise, type Compromise } from "./compromise.js";
import { DailyFiles } from "./daily-files.js";
import type { Gen } from "./gen-context.js";
import type { GenLogsOptions } from "./gen-logs.schema.js";
import { buildGroundTruth } from "./ground-truth.js";
import { LineBuffer, type FileBucket } from "./line-buffer.js";
import { noiseTick } from "./noise.js";
import { Rng, deriveSeed } from "./rng.js";
import { buildWorld } from "./scenario.js";
import { DAY_MS, dayParts } from "./time-format.js";

/**
 * `ttt gen-logs`: writes realistic multi-site middleware logs for a seed. The scenario runs in
 * ten-minute slices; after each slice its lines are sorted per file and appended, so memory stays
 * flat however many days or lines are asked for, and each file is in time order. Same options and
 * seed → byte-identical files (nothing reads the clock or Math.random; the elapsed time is only
 * measured for the report).
 */
export const SLICE_MS = 600_000;

export interface GenLogsResult {
  out: string;
  files: number;
  lines: number;
  /** Bytes on disk (compressed where gzipped). */
  bytes: number;
  /** Bytes of log text before compression. */
  rawBytes: number;
  seconds: number;
  linesPerSecond: number;
  megabytesPerSecond: number;
  /** Lines past the end of the last day (jobs still running) that were not written. */
  droppedLines: number;
  groundTruth: string | null;
}

export interface GenLogsDeps {
  /** Milliseconds from a monotonic clock, for the speed report only. */
  elapsedMs?: () => number;
  /** Called after each day is written. */
  onDay?: (day: number, days: number, lines: number) => void;
}

function ensureOutDir(o: GenLogsOptions): void {
  mkdirSync(o.out, { recursive: true });
  if (!o.force && readdirSync(o.out).length > 0)
    throw new ValidationError(
      `--out: ${o.out} is not empty (give --force to write into it anyway)`,
      [{ path: "--out", message: "directory is not empty" }],
    );
}

/** Turns a bucket's lines into newline-terminated bytes in time order, in a reused buffer. */
class Encoder {
  private scratch = Buffer.allocUnsafe(1 << 20);

  /** The bytes are valid until the next call. */
  encode(b: FileBucket, order: Uint32Array): Buffer {
    if (b.size > this.scratch.length)
      this.scratch = Buffer.allocUnsafe(Math.max(b.size, this.scratch.length * 2));
    let off = 0;
    for (let k = 0; k < order.length; k++) off = b.copyLine(order[k]!, this.scratch, off);
    return this.scratch.subarray(0, off);
  }
}

/**
 * Runs the scenario and writes the files; resolves with what was written. Throws a
 * ValidationError (exit 2) when --out is not empty and --force was not given.
 */
export async function generateLogs(
  o: GenLogsOptions,
  deps: GenLogsDeps = {},
): Promise<GenLogsResult> {
  const clock = deps.elapsedMs ?? (() => performance.now());
  const began = clock();
  ensureOutDir(o);
  const world = buildWorld(o);
  const slicesPerDay = DAY_MS / SLICE_MS;
  const out = new LineBuffer(world.startMs, world.endMs, SLICE_MS, world.registry.size);
  const g: Gen = { world, rng: new Rng(deriveSeed(o.seed, "activity")), out };
  const plan: Compromise | null = o.compromise ? planCompromise(world) : null;
  const victim = plan === null ? -1 : plan.victim.index;
  const activity = new ActivityModel(world, o.rate, SLICE_MS, victim);
  const files = new DailyFiles(o.out, world.registry, (day) => o.gzip && day < o.days - 1);
  const encoder = new Encoder();
  let victimLines = 0;

  const slices = o.days * slicesPerDay;
  for (let s = 0; s < slices; s++) {
    out.current = s;
    const t0 = world.startMs + s * SLICE_MS;
    const t1 = t0 + SLICE_MS;
    noiseTick(g, t0, t1, victim);
    if (plan !== null) compromiseTick(g, plan, t0, t1);
    for (const user of world.users) activity.tick(g, user, t0);

    const bucket = out.take(s);
    const day = Math.floor(s / slicesPerDay);
    if (bucket !== undefined) {
      const parts = dayParts(Math.floor(t0 / DAY_MS));
      for (let id = 0; id < bucket.length; id++) {
        const lines = bucket[id];
        if (lines === undefined) continue;
        const order = lines.order();
        const at = await files.write(id, day, parts, encoder.encode(lines, order), lines.count);
        for (let k = 0; k < order.length; k++) {
          const i = order[k]!;
          const ref = lines.ref(i);
          if (ref !== null) {
            ref.file = at.rel;
            ref.line = at.first + k;
          } else if (lines.victim(i)) victimLines++;
        }
        out.release(lines);
      }
    }
    if ((s + 1) % slicesPerDay === 0) deps.onDay?.(day + 1, o.days, files.stats.lines);
  }
  await files.closeAll();

  let truthPath: string | null = null;
  if (plan !== null) {
    const options = {
      sites: o.sites,
      days: o.days,
      users: o.users,
      rate: o.rate,
      start: o.start,
      gzip: o.gzip,
      compromise: true,
    };
    const truth = buildGroundTruth(
      plan.recorder,
      {
        seed: o.seed,
        options,
        iss: world.issuer,
        sub: plan.victim.sub,
        username: plan.victim.username,
        foreignIp: world.attacker.ip,
      },
      victimLines,
    );
    truthPath = join(o.out, "ground-truth.json");
    writeFileSync(truthPath, JSON.stringify(truth, null, 2) + "\n");
  }
  const seconds = Math.max(1e-6, (clock() - began) / 1000);
  const st = files.stats;
  return {
    out: o.out,
    files: st.files,
    lines: st.lines,
    bytes: st.bytes,
    rawBytes: st.rawBytes,
    seconds: Math.round(seconds * 1000) / 1000,
    linesPerSecond: Math.round(st.lines / seconds),
    megabytesPerSecond: Math.round((st.rawBytes / 1e6 / seconds) * 10) / 10,
    droppedLines: out.dropped,
    groundTruth: truthPath,
  };
}
