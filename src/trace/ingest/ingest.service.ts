import { authorize, type Actor } from "../../accounts/index.js";
import type { Clock } from "../../core/clock.js";
import type { TxRunner } from "../../store/index.js";
import type { LogFormat } from "../parsers/parser.js";
import { BadLines } from "./bad-lines.js";
import type { CheckpointsRepository } from "./checkpoints.repository.js";
import { emptySummary, type IngestSummary } from "./ingest.summary.js";
import { ingestFile, type FileRun } from "./file-ingest.js";
import type { LogSource } from "./log-source.js";
import type { IngestRepos } from "./runs.repository.js";
import { SegmentBuilder } from "./segment-builder.js";
import type { CheckpointUpdate, SegmentsRepository } from "./segments.repository.js";

/** Events per segment (one transaction). Bigger segments mean fewer postings rows per key. */
export const SEGMENT_EVENTS = 100_000;

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
}

/** Told as the run goes, for a progress bar: bytes read from disk and lines so far. */
export type ProgressListener = (p: { bytes: number; lines: number; file: string }) => void;

/**
 * Ingests logs: detects each file's format, resumes at its checkpoint, parses line by line and
 * writes events in segments of 100,000, each segment in one transaction with the checkpoints it
 * advanced. Bad lines are counted, never fatal. Memory stays bounded whatever the file size.
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
    const bad = new BadLines();
    const builder = new SegmentBuilder();
    const pending = new Map<number, CheckpointUpdate>();
    let bytes = 0;
    const commit = async () => {
      summary.events += await this.deps.segments.commit({
        runId,
        builder,
        checkpoints: [...pending.values()],
        bad: bad.dirty(),
        now: now(),
      });
      pending.clear();
    };
    const run: FileRun = {
      builder,
      bad,
      summary,
      checkpoints: this.deps.checkpoints,
      now,
      host: options.host ?? null,
      format: options.format,
      full: () => builder.size >= SEGMENT_EVENTS,
      commit,
      markCheckpoint: (c) => pending.set(c.fileId, c),
      progress: (n, file) => {
        bytes += n;
        onProgress?.({ bytes, lines: summary.lines, file });
      },
    };
    for (const source of sources) {
      await ingestFile(run, source);
      if (run.full() || pending.size >= 500) await commit();
    }
    await commit();
    summary.bad = bad.total;
    summary.badByReason = bad.byReason;
    summary.badLines = bad.report();
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
