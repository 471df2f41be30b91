import { authorize, type Actor } from "../../accounts/index.js";
import type { Clock } from "../../core/clock.js";
import type { TxRunner } from "../../store/index.js";
import type { LogFormat } from "../parsers/parser.js";
import type { CheckpointsRepository } from "./checkpoints.repository.js";
import { resolveJobs } from "./file-ingest.js";
import { emptySummary, type IngestSummary } from "./ingest.summary.js";
import type { LogSource } from "./log-source.js";
import { ParseRun, type FlushSegment } from "./parse-run.js";
import { parseInWorker } from "./parse-in-worker.js";
import type { IngestRepos } from "./runs.repository.js";
import type { SegmentsRepository } from "./segments.repository.js";

export interface IngestDeps {
  tx: TxRunner<IngestRepos>;
  checkpoints: CheckpointsRepository;
  segments: SegmentsRepository;
  clock: Clock;
}

export interface IngestOptions {
  /** Skip detection: read every file as this format. */
  format?: LogFormat | undefined;
  host?: string | undefined;
  /** "cli" or "api": recorded with the run. */
  origin: string;
  /**
   * Parse local files in a worker thread while this one writes (default: when they add up to
   * 16 MiB or more, where the worker's start-up pays for itself).
   */
  worker?: boolean | undefined;
}

/** Told as the run goes, for a progress bar: bytes read from disk and lines so far. */
export type ProgressListener = (p: { bytes: number; lines: number; file: string }) => void;

const WORKER_FROM_BYTES = 16 * 1024 * 1024;

/**
 * Ingests logs: identifies each file against its checkpoint, then parses line by line and writes
 * events in segments of 100,000, each in one transaction with the checkpoints it advanced. Bad
 * lines are counted, never fatal. Memory stays bounded whatever the file sizes.
 */
export class IngestService {
  constructor(private readonly deps: IngestDeps) {}

  async ingest(
    actor: Actor,
    sources: readonly LogSource[],
    options: IngestOptions,
    onProgress?: ProgressListener,
  ): Promise<IngestSummary> {
    authorize(actor, "trace:ingest");
    const started = performance.now();
    const now = () => this.deps.clock.now().toISOString();
    const runId = await this.deps.tx.write((r) => r.runs.start(options.origin, actor.name, now()));
    const summary = emptySummary(runId);
    const jobs = await resolveJobs(
      this.deps.checkpoints,
      sources,
      { format: options.format, host: options.host ?? null, now: now() },
      summary,
    );
    const write: FlushSegment = async (batch, checkpoints, bad) => {
      summary.events += await this.deps.segments.commit({
        runId,
        batch,
        checkpoints,
        bad,
        now: now(),
      });
    };
    let bytes = 0;
    const tick = (n: number, file: string, lines: number) => {
      bytes += n;
      onProgress?.({ bytes, lines, file });
    };
    const diskBytes = sources.reduce((n, s) => n + (s.sizeOnDisk ?? 0), 0);
    const local = jobs.every((j) => j.job.file !== null);
    const useWorker =
      local && jobs.length > 0 && (options.worker ?? diskBytes >= WORKER_FROM_BYTES);
    if (useWorker) {
      const out = await parseInWorker(
        jobs.map((j) => j.job),
        write,
        (p) => onProgress?.(p),
      );
      Object.assign(summary, out.counters, {
        bad: out.badTotal,
        badByReason: out.badByReason,
        badLines: out.badReport,
      });
    } else {
      const run = new ParseRun(write, (n, file) => tick(n, file, run.counters.lines));
      for (const { job, source } of jobs) await run.file(job, (s, d) => source.open(s, d));
      await run.flush();
      Object.assign(summary, run.counters, {
        bad: run.bad.total,
        badByReason: run.bad.byReason,
        badLines: run.bad.report(),
      });
    }
    summary.seconds = Math.round((performance.now() - started) / 10) / 100;
    await this.deps.tx.write(async (r) => {
      await r.runs.finish(runId, summary, now());
      await r.audit.append({
        at: now(),
        actor: actor.name,
        action: "trace.ingest",
        target: `ingest-run:${runId}`,
        after: { ...summary, badLines: undefined },
      });
    });
    return summary;
  }
}
