import { TttError } from "../../core/errors.js";
import type { Worker } from "node:worker_threads";
import type { WatchSpec } from "../alerts/event-watch.js";
import type { IssuedExps } from "../alerts/exp-table.js";
import { addFormatTallies } from "./ingest.summary.js";
import type { FileJob, FlushSegment } from "./parse-run.js";
import { startWorker } from "./start-worker.js";
import type { WorkerMessage } from "./worker-protocol.js";

type Done = Extract<WorkerMessage, { type: "done" }>;

/**
 * The worker's live data is small (one segment, parser state); an old generation capped at 256
 * MB makes V8 collect sooner instead of growing the heap (measured: the process's peak memory on
 * 10M lines fell from 522 MB). The young generation is 32 MB: the worker sets the pace of an
 * ingest, and with 8 MB it spent 3.2–3.4 s of a generated day in GC (1,200 scavenges, 110
 * mark-compacts of what they promoted), with 32 MB 2.2–2.3 s, for 24 MB more at the peak
 * (`--trace-gc`, two runs each, bench/RESULTS.md 2026-11-27).
 */
const LIMITS = { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: 256 };
/**
 * With two workers or more, 16 MB each: the writer no longer waits for one worker, and two
 * read the 10M-line week as fast with 16 MB (41.96 s) as with 32 (42.05–42.94 s), the process
 * peaking at 420 MB against 437–457 (bench/RESULTS.md, 2026-11-27).
 */
const SHARED_LIMITS = { ...LIMITS, maxYoungGenerationSizeMb: 16 };

/** Starts the parse worker (parse-worker.ts) on its files. */
function startParseWorker(jobs: readonly FileJob[], opts: WorkerOptions): Worker {
  const resourceLimits = opts.shared === true ? SHARED_LIMITS : LIMITS;
  const workerData = {
    jobs,
    watch: opts.watch ?? null,
    reportIssued: opts.reportIssued === true,
  };
  return startWorker(import.meta.url, "parse-worker", workerData, resourceLimits);
}

/** How a parse worker runs besides its files. */
export interface WorkerOptions {
  /** The alert watch (alerts/event-watch.ts), or none. */
  watch?: WatchSpec | null | undefined;
  /** One of several workers: a smaller young generation (SHARED_LIMITS). */
  shared?: boolean | undefined;
  /** Stops the worker (another one failed). */
  stop?: AbortSignal | undefined;
  /** Its Done carries the exps of the tokens issued in its files (parseInWorkers' first phase). */
  reportIssued?: boolean | undefined;
}

/**
 * Runs the jobs through the parse worker (parse-worker.ts) and writes each segment it sends with
 * `write`, acknowledging it afterwards, so the worker parses segment n+1 while segment n is
 * written. A failure on either side, or `stop` (another worker failed), stops both: a segment
 * being written finishes first (its transaction is whole either way), none is written after,
 * and then it rejects, so the caller never goes on while this one still writes.
 */
export function parseInWorker(
  jobs: readonly FileJob[],
  write: FlushSegment,
  onProgress: (p: { bytes: number; lines: number; file: string }) => void,
  opts: WorkerOptions = {},
): Promise<Done> {
  const { stop } = opts;
  return new Promise<Done>((resolve, reject) => {
    const worker = startParseWorker(jobs, opts);
    let writing: Promise<void> = Promise.resolve();
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      void worker.terminate();
      const error = err instanceof Error ? err : new Error(String(err));
      void writing.then(() => reject(error));
    };
    const stopped = () => fail(new Error("stopped: another parse worker failed"));
    if (stop?.aborted === true) stopped();
    stop?.addEventListener("abort", stopped, { once: true });
    worker.on("message", (m: WorkerMessage) => {
      switch (m.type) {
        case "segment": {
          if (failed) break; // what the worker sent after a failure is not written
          writing = writing
            .then(() => (failed ? undefined : write(m.batch, m.checkpoints, m.bad)))
            .then(() => {
              if (failed) return;
              // The segment is written: its text buffer goes back to the worker for reuse.
              const buffer = m.batch.data.bytes.buffer as ArrayBuffer;
              worker.postMessage({ type: "ack", buffer }, [buffer]);
            }, fail);
          break;
        }
        case "progress":
          onProgress(m);
          break;
        case "done":
          void writing.then(async () => {
            if (failed) return;
            failed = true; // settled: the exit that follows is expected
            stop?.removeEventListener("abort", stopped);
            // its memory is given back before the next workers start (parseInWorkers' phases)
            await worker.terminate();
            resolve(m);
          });
          break;
        case "error":
          fail(
            m.code === undefined
              ? new Error(`ingest worker: ${m.message}`)
              : new TttError(m.code, m.status ?? 500, m.message),
          );
          break;
      }
    });
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (code !== 0 && !failed) fail(new Error(`ingest worker exited with code ${code}`));
    });
  });
}

/** A file to parse and its size on disk (what the workers' shares are balanced by). */
export interface SizedJob {
  job: FileJob;
  size: number;
}

/**
 * Parses the jobs with `n` parse workers and merges what they counted. Each file is read by
 * exactly one worker, so checkpoints and parser state never mix; segments from all of them are
 * written as they come (one connection on SQLite, so one at a time).
 *
 * With two workers or more and the alert watch on, IAM's logs are read first (shared out like
 * the rest: one IAM file is one worker's while the others wait), and the other files after, with
 * the exps of the tokens issued in IAM's logs handed to every worker (`WatchSpec.issued`): a
 * dCache line that uses a token after its exp is flagged whichever worker read its issuance,
 * as with one worker reading IAM's logs first (issuerFirst).
 */
export async function parseInWorkers(
  jobs: readonly SizedJob[],
  n: number,
  write: FlushSegment,
  onProgress: (p: { bytes: number; lines: number; file: string }) => void,
  watch: WatchSpec | null = null,
): Promise<Done> {
  const issuers = jobs.filter((j) => isIssuerLog(j.job));
  const sites = jobs.filter((j) => !isIssuerLog(j.job));
  const start = { bytes: 0, lines: 0 };
  if (n <= 1 || watch === null || issuers.length === 0 || sites.length === 0)
    return (await parseShares(jobs, n, write, onProgress, { watch }, start)).done;
  const first = await parseShares(
    issuers,
    n,
    write,
    onProgress,
    { watch, reportIssued: true },
    start,
  );
  const issued = first.done.issued ?? undefined;
  const rest = await parseShares(
    sites,
    n,
    write,
    onProgress,
    { watch: { ...watch, issued } },
    first.reached,
  );
  return { ...mergeDone([first.done, rest.done]), issued: null };
}

/**
 * Splits the jobs over `n` workers, files whole, balanced by size on disk. Progress counts on
 * from `before` (an earlier phase's); `reached` is where it ended.
 */
async function parseShares(
  jobs: readonly SizedJob[],
  n: number,
  write: FlushSegment,
  onProgress: (p: { bytes: number; lines: number; file: string }) => void,
  opts: Pick<WorkerOptions, "watch" | "reportIssued">,
  before: { bytes: number; lines: number },
): Promise<{ done: Done; reached: { bytes: number; lines: number } }> {
  const shares: FileJob[][] = Array.from(
    { length: Math.max(1, Math.min(n, jobs.length)) },
    () => [],
  );
  const load = shares.map(() => 0);
  for (const { job, size } of [...jobs].sort((a, b) => b.size - a.size)) {
    const i = load.indexOf(Math.min(...load));
    shares[i]?.push(job);
    load[i] = (load[i] ?? 0) + size;
  }
  for (const share of shares) share.sort(issuerFirst);
  const seen = shares.map(() => ({ bytes: 0, lines: 0 }));
  const reached = () => ({
    bytes: seen.reduce((s, x) => s + x.bytes, before.bytes),
    lines: seen.reduce((s, x) => s + x.lines, before.lines),
  });
  // The first failure stops the other workers, and is thrown once all of them have stopped.
  const stop = new AbortController();
  const errors: Error[] = [];
  const settled = await Promise.allSettled(
    shares.map((share, i) =>
      parseInWorker(
        share,
        write,
        (p) => {
          seen[i] = { bytes: p.bytes, lines: p.lines };
          onProgress({ ...reached(), file: p.file });
        },
        { ...opts, shared: shares.length > 1, stop: stop.signal },
      ).catch((err: unknown) => {
        errors.push(err instanceof Error ? err : new Error(String(err)));
        stop.abort();
        throw err;
      }),
    ),
  );
  if (errors[0] !== undefined) throw errors[0];
  const results = settled.map((r) => (r as PromiseFulfilledResult<Done>).value);
  // the last progress message may lag: the lines counted are exact
  const lines = before.lines + results.reduce((s, r) => s + r.counters.lines, 0);
  return { done: mergeDone(results), reached: { bytes: reached().bytes, lines } };
}

/**
 * IAM's logs first (then in the order the files were found): a token's issuance, read before
 * the site lines that use it, lets the alert watch check those uses against its exp.
 */
export function issuerFirst(a: FileJob, b: FileJob): number {
  const ia = isIssuerLog(a) ? 0 : 1;
  const ib = isIssuerLog(b) ? 0 : 1;
  return ia - ib || a.fileId - b.fileId;
}

function isIssuerLog(job: FileJob): boolean {
  return job.format.startsWith("iam");
}

function mergeDone(results: readonly Done[]): Done {
  const out: Done = {
    type: "done",
    counters: { lines: 0, ignored: 0, alreadyIngested: 0, pendingPartialLines: 0, byFormat: {} },
    badTotal: 0,
    badByReason: {},
    badReport: [],
    issued: null,
  };
  const issued: IssuedExps[] = [];
  for (const r of results) {
    out.counters.lines += r.counters.lines;
    out.counters.ignored += r.counters.ignored;
    out.counters.alreadyIngested += r.counters.alreadyIngested;
    out.counters.pendingPartialLines += r.counters.pendingPartialLines;
    addFormatTallies(out.counters.byFormat, r.counters.byFormat);
    out.badTotal += r.badTotal;
    for (const [reason, c] of Object.entries(r.badByReason))
      out.badByReason[reason] = (out.badByReason[reason] ?? 0) + c;
    out.badReport.push(...r.badReport);
    if (r.issued !== null) issued.push(r.issued);
  }
  if (issued.length > 0) out.issued = concatIssued(issued);
  return out;
}

function concatIssued(parts: readonly IssuedExps[]): IssuedExps {
  const total = parts.reduce((s, p) => s + p.keys.length, 0);
  const keys = new Float64Array(total);
  const exps = new Uint32Array(total);
  let at = 0;
  for (const p of parts) {
    keys.set(p.keys, at);
    exps.set(p.exps, at);
    at += p.keys.length;
  }
  return { keys, exps };
}
