import type { LogFormat } from "../parsers/parser.js";

/** Per format: what a run read. */
export interface FormatTally {
  files: number;
  lines: number;
  events: number;
  bad: number;
}

/**
 * The end of every ingest (`ttt ingest --json`, POST /api/v1/ingest): `events` counts events
 * stored by this run; `lines` the lines it read (not those an earlier run took);
 * `alreadyIngested` the files with nothing new.
 */
export interface IngestSummary {
  runId: number;
  files: number;
  lines: number;
  events: number;
  bad: number;
  /** Alerts this run raised (banned identities seen, tokens used after exp). */
  alerts: number;
  ignored: number;
  alreadyIngested: number;
  byFormat: Partial<Record<LogFormat, FormatTally>>;
  badByReason: Record<string, number>;
  /**
   * Files not read at all, with why: "empty", "unknown_format", "duplicate" (same content as
   * `sameAs`, which this run read instead), "unreadable" (its beginning could not be read:
   * gone since it was listed, no permission, a corrupt .gz; `message` says which), or
   * "other_site" (an account bound to a site sent a log already known as another site's).
   */
  skippedFiles: Array<{ file: string; reason: string; sameAs?: string; message?: string }>;
  /** A line without its newline at the end of a file that may still grow: read next time. */
  pendingPartialLines: number;
  /**
   * Files read again from their start (`--reread`): the events an earlier run had stored from
   * each and the alerts they had raised, deleted before it was read, and the format it had then.
   */
  reread: Array<{
    file: string;
    eventsDeleted: number;
    alertsDeleted: number;
    formatBefore: string;
  }>;
  badLines: Array<{
    file: string;
    reason: string;
    message: string;
    count: number;
    lines: number[];
    samples: string[];
  }>;
  seconds: number;
}

export function emptySummary(runId: number): IngestSummary {
  return {
    runId,
    files: 0,
    lines: 0,
    events: 0,
    bad: 0,
    alerts: 0,
    ignored: 0,
    alreadyIngested: 0,
    byFormat: {},
    badByReason: {},
    skippedFiles: [],
    pendingPartialLines: 0,
    reread: [],
    badLines: [],
    seconds: 0,
  };
}

/** Adds per-format tallies into a summary's (runs merged, parse counters added). */
export function addFormatTallies(
  into: IngestSummary["byFormat"],
  from: IngestSummary["byFormat"],
): void {
  for (const [format, t] of Object.entries(from) as Array<[LogFormat, FormatTally]>) {
    const sum = (into[format] ??= { files: 0, lines: 0, events: 0, bad: 0 });
    sum.files += t.files;
    sum.lines += t.lines;
    sum.events += t.events;
    sum.bad += t.bad;
  }
}
