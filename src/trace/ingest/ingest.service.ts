import { authorize, type Actor } from "../../accounts/index.js";
import { bindSources } from "./site-binding.js";
import type { Clock } from "../../core/clock.js";
import { TttError } from "../../core/errors.js";
import type { TxRunner } from "../../store/index.js";
import type { LogFormat } from "../parsers/parser.js";
import type { CheckpointsRepository } from "./checkpoints.repository.js";
import { resolveJobs } from "./file-ingest.js";
import { addFormatTallies, emptySummary, type IngestSummary } from "./ingest.summary.js";
import type { LogSource } from "./log-source.js";
import { ParseRun, type FlushSegment, type ParseCounters } from "./parse-run.js";
import { issuerFirst, parseInWorkers } from "./parse-in-worker.js";
import type { AlertsService } from "../alerts/alerts.service.js";
import { segmentAlerts } from "../alerts/segment-alerts.js";
import type { IngestRepos } from "./runs.repository.js";
import type { SegmentsRepository } from "./segments.repository.js";
import { parseTimeZone } from "./time-zone.js";

export interface IngestDeps {
  tx: TxRunner<IngestRepos>;
  checkpoints: CheckpointsRepository;
  segments: SegmentsRepository;
  clock: Clock;
  /** Alerts on banned identities and expired tokens in what is ingested (issue 8). */
  alerts?: AlertsService | undefined;
  /** `site` accounts not bound to a site may not ingest (TTT_REQUIRE_SITE_BINDING). */
  requireSiteBinding?: boolean | undefined;
  /** Parse workers when a run does not say (IngestOptions.workers); default 2. */
  parseWorkers?: number | undefined;
}

export interface IngestOptions {
  /** Skip detection: read every file as this format. */
  format?: LogFormat | undefined;
  host?: string | undefined;
  /**
   * The zone of times written without a UTC offset (time-zone.ts), kept with each file's
   * checkpoint: a file read once with a zone keeps it when it grows. Default: that kept zone; for
   * a new file the zone of the latest file of its format, site and directory; else UTC.
   */
  timeZone?: string | undefined;
  /**
   * The files will not grow (rotated, archived): a last line without a newline is read too, as
   * for gzip. Default: a plain file may still be written, so such a line waits for the next run.
   */
  final?: boolean | undefined;
  /**
   * Read the files again from their start: what earlier runs stored from them (events, bad
   * lines) is deleted first, and the format, site, host and zone given now apply. For a file
   * read with the wrong format or site. Needs "trace:reread" (admin, responder).
   */
  reread?: boolean | undefined;
  /** "cli" or "api": recorded with the run. */
  origin: string;
  /**
   * Parse local files in a worker thread while this one writes (default: when they add up to
   * 16 MiB or more, where the worker's start-up pays for itself).
   */
  worker?: boolean | undefined;
  /**
   * How many parse workers (default: IngestDeps.parseWorkers). On the 2-core machine one worker
   * set the pace while the SQLite writer idled half the time: two read the 10M-line week in
   * 42–45 s instead of 53–60 s, the process peaking at 419–442 MB (one worker: 386–436). Into
   * PostgreSQL one peaked at 496 MB (183 s), two at 555–583 MB (158–184 s), so the PostgreSQL
   * store's default is one (bench/RESULTS.md, 2026-11-27). `--workers 1` for a host
   * short of memory. IAM's logs are read first (parseInWorkers).
   */
  workers?: number | undefined;
}

/** Told as the run goes, for a progress bar: bytes read from disk and lines so far. */
export type ProgressListener = (p: { bytes: number; lines: number; file: string }) => void;

const WORKER_FROM_BYTES = 16 * 1024 * 1024;
const PARSE_WORKERS = 2;

/**
 * Ingests logs: identifies each file against its checkpoint, then parses line by line and writes
 * events in segments of 10,000 (SEGMENT_EVENTS), each in one transaction with the checkpoints it advanced. Bad
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
    if (options.reread === true) authorize(actor, "trace:reread");
    sources = bindSources(actor, sources, this.deps.requireSiteBinding === true);
    const started = performance.now();
    const zone = options.timeZone === undefined ? null : parseTimeZone(options.timeZone).name;
    const now = () => this.deps.clock.now().toISOString();
    const runId = await this.deps.tx.write((r) => r.runs.start(options.origin, actor.name, now()));
    const summary = emptySummary(runId);
    try {
      const jobs = await resolveJobs(
        this.deps.checkpoints,
        sources,
        {
          format: options.format,
          host: options.host ?? null,
          timeZone: zone,
          final: options.final === true,
          reread: options.reread === true,
          boundSite: actor.site,
          now: now(),
        },
        summary,
      );
      const alerts = (await this.deps.alerts?.prepare()) ?? null;
      const files = new Map(jobs.map((j) => [j.job.fileId, j.job.path]));
      const write: FlushSegment = async (batch, checkpoints, bad) => {
        const at = now();
        const done = await this.deps.segments.commit({
          runId,
          batch,
          checkpoints,
          bad,
          now: at,
          alertsFor:
            alerts === null
              ? undefined
              : (segmentId) => segmentAlerts(batch, segmentId, alerts.matcher, files, at),
        });
        summary.events += done.events;
        summary.alerts += done.alerts.length;
        this.deps.alerts?.raised(done.alerts);
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
        const out = await parseInWorkers(
          jobs.map((j) => ({ job: j.job, size: j.source.sizeOnDisk ?? 0 })),
          options.workers ?? this.deps.parseWorkers ?? PARSE_WORKERS,
          write,
          (p) => onProgress?.(p),
          alerts?.spec ?? null,
        );
        addCounters(summary, out.counters);
        Object.assign(summary, {
          bad: out.badTotal,
          badByReason: out.badByReason,
          badLines: out.badReport,
        });
      } else {
        const run = new ParseRun(
          write,
          (n, file) => tick(n, file, run.counters.lines),
          alerts?.spec ?? null,
        );
        const ordered = [...jobs].sort((a, b) => issuerFirst(a.job, b.job));
        for (const { job, source } of ordered)
          await run.file(job, (s, d) => source.open(s, d, job.same));
        await run.flush();
        addCounters(summary, run.counters);
        Object.assign(summary, {
          bad: run.bad.total,
          badByReason: run.bad.byReason,
          badLines: run.bad.report(),
        });
      }
    } catch (err) {
      // A run that stops part-way (another run on the same file, an upload over the limit, the
      // worker failing) keeps the segments it committed: they are merged like a finished run's,
      // and the run is recorded, with why it stopped, in trace_runs and the audit log.
      await this.deps.segments.compact().catch(() => undefined);
      const failed = {
        code: err instanceof TttError ? err.code : "internal",
        message: err instanceof Error ? err.message : String(err),
      };
      await this.#finish(actor, runId, summary, started, failed).catch(() => undefined);
      throw err;
    }
    // merge this run's postings into key blocks: look-ups read one row per group, not per segment
    await this.deps.segments.compact();
    await this.#finish(actor, runId, summary, started, null);
    return summary;
  }

  /** Records the run (its summary and, for a run that stopped, why) and audits it. */
  async #finish(
    actor: Actor,
    runId: number,
    summary: IngestSummary,
    started: number,
    failed: { code: string; message: string } | null,
  ): Promise<void> {
    summary.seconds = Math.round((performance.now() - started) / 10) / 100;
    const at = this.deps.clock.now().toISOString();
    const record = failed === null ? summary : { ...summary, failed };
    await this.deps.tx.write(async (r) => {
      await r.runs.finish(runId, record, at);
      await r.audit.append({
        at,
        actor: actor.name,
        action: "trace.ingest",
        target: `ingest-run:${runId}`,
        after: { ...record, badLines: undefined },
      });
    });
  }
}

/** Adds what the parse run counted to what resolving the files counted (skips, already read). */
function addCounters(summary: IngestSummary, c: ParseCounters): void {
  summary.lines += c.lines;
  summary.ignored += c.ignored;
  summary.alreadyIngested += c.alreadyIngested;
  summary.pendingPartialLines += c.pendingPartialLines;
  addFormatTallies(summary.byFormat, c.byFormat);
}
