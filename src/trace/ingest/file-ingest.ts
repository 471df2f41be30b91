import { detectFormat } from "../parsers/index.js";
import type { LogFormat } from "../parsers/parser.js";
import type { CheckpointsRepository } from "./checkpoints.repository.js";
import type { IngestSummary } from "./ingest.summary.js";
import { FINGERPRINT_BYTES, contentCheck, type LogSource } from "./log-source.js";
import { safeSample } from "./bad-lines.js";
import { readError, type FileJob } from "./parse-run.js";

export interface ResolveOptions {
  format: LogFormat | undefined;
  host: string | null;
  /** `--tz` as given (a valid zone, time-zone.ts), or null to keep the file's own. */
  timeZone: string | null;
  /** The caller says the files will not grow (`--final`): their last line counts as complete. */
  final: boolean;
  /** Forget what earlier runs stored from these files and read them from their start. */
  reread: boolean;
  /**
   * The site the acting account is bound to (site-binding.ts), or null: a bound account may not
   * take over another site's file, which its content or (under 64 bytes) its name would match.
   */
  boundSite: string | null;
  now: string;
}

/**
 * Resolves every source, RESOLVE_CHUNK at a time: their heads are read, then their look-ups and
 * new checkpoint rows go in one transaction (one commit per chunk, not per file: a directory of
 * daily files has hundreds), and the heads are let go, so memory does not grow with the number
 * of files (16 KiB each: a year of many sites' files would otherwise hold gigabytes).
 * Sources with the same content (the same path twice, overlapping directories, `x.1` beside
 * `x.1.gz`) resolve to one checkpoint; reading each would store its events twice, so only the
 * longest is read and the others are reported as duplicates of it.
 */
export async function resolveJobs(
  checkpoints: CheckpointsRepository,
  sources: readonly LogSource[],
  opts: ResolveOptions,
  summary: IngestSummary,
): Promise<Array<{ job: FileJob; source: LogSource }>> {
  const jobs: Array<{ job: FileJob; source: LogSource }> = [];
  const byFile = new Map<number, number>();
  const dropped: Array<{ path: string; fileId: number }> = [];
  for (let at = 0; at < sources.length; at += RESOLVE_CHUNK) {
    const readable = await readHeads(sources.slice(at, at + RESOLVE_CHUNK), summary);
    await checkpoints.inTransaction(async (repo) => {
      for (const { source, head } of readable) {
        const job = await resolveJob(repo, source, head, opts, summary);
        if (job === null) continue;
        const seen = byFile.get(job.fileId);
        if (seen === undefined) {
          byFile.set(job.fileId, jobs.length);
          jobs.push({ job, source });
          continue;
        }
        const kept = jobs[seen]!;
        const longer = (await lengthOf(source)) > (await lengthOf(kept.source));
        if (longer) jobs[seen] = { job, source };
        dropped.push({ path: (longer ? kept : { source }).source.path, fileId: job.fileId });
      }
    });
  }
  // Named only now, after the loop: a copy dropped for a longer one may itself be dropped later.
  for (const d of dropped) {
    const sameAs = jobs[byFile.get(d.fileId)!]!.source.path;
    summary.skippedFiles.push({ file: d.path, reason: "duplicate", sameAs });
  }
  return jobs;
}

/** Sources resolved per transaction: at most this many 16 KiB heads are held at once. */
export const RESOLVE_CHUNK = 256;

/**
 * The heads of `sources`. A file whose beginning cannot be read (deleted since it was listed,
 * unreadable, a corrupt .gz) is skipped with the reason, and the others are read.
 */
async function readHeads(
  sources: readonly LogSource[],
  summary: IngestSummary,
): Promise<Array<{ source: LogSource; head: Buffer }>> {
  const readable: Array<{ source: LogSource; head: Buffer }> = [];
  for (const source of sources) {
    try {
      readable.push({ source, head: await source.head() });
    } catch (err) {
      // An upload's stream failing (a corrupt gzip, the client gone, the limit) fails its request.
      if (source.file === null) throw err;
      summary.files++;
      summary.skippedFiles.push({
        file: source.path,
        reason: "unreadable",
        message: safeSample(readError(err)),
      });
    }
  }
  return readable;
}

/**
 * Identifies a file by its content against the checkpoints, picks its format (the one given,
 * the one it had, or detected), and says where reading starts. Null when the file is skipped
 * (empty, or of no known format), which the summary records.
 */
async function resolveJob(
  checkpoints: CheckpointsRepository,
  source: LogSource,
  head: Buffer,
  opts: ResolveOptions,
  summary: IngestSummary,
): Promise<FileJob | null> {
  summary.files++;
  if (head.length === 0) {
    summary.skippedFiles.push({ file: source.path, reason: "empty" });
    return null;
  }
  let cp = await checkpoints.find(source.path, head);
  if (cp !== null && opts.boundSite !== null && cp.site !== null && cp.site !== opts.boundSite) {
    summary.skippedFiles.push({
      file: source.path,
      reason: "other_site",
      message: `its content is already known as a log of site ${cp.site}`,
    });
    return null;
  }
  if (cp !== null && opts.reread) {
    // Read anew: the format is the one given or detected now, not the one it was read with.
    const deleted = await checkpoints.forget(cp.fileId);
    summary.reread.push({
      file: source.path,
      eventsDeleted: deleted.events,
      alertsDeleted: deleted.alerts,
      formatBefore: cp.format,
    });
    const format = opts.format ?? detectFormat(head) ?? cp.format;
    cp = { ...cp, format, bytesDone: 0, linesDone: 0, parserState: null };
    await checkpoints.restart(cp.fileId, cp.format);
  }
  const format = opts.format ?? (cp?.format as LogFormat | undefined) ?? detectFormat(head);
  if (format === null) {
    summary.skippedFiles.push({ file: source.path, reason: "unknown_format" });
    return null;
  }
  if (cp === null) {
    // A new file of a run that names no site reads on with its directory's (cron after rotation).
    const sibling =
      source.site === null ? await checkpoints.originOfSiblings(source.path, format) : null;
    const site = source.site ?? sibling?.site ?? null;
    cp = await checkpoints.create({
      path: source.path,
      head,
      format,
      site,
      host: opts.host ?? sibling?.host ?? null,
      timeZone: opts.timeZone ?? (await checkpoints.zoneOfSiblings(source.path, site, format)),
      now: opts.now,
    });
  } else {
    if (cp.fpLen < Math.min(head.length, FINGERPRINT_BYTES))
      await checkpoints.refingerprint(cp.fileId, head);
    // A run that names no site or host reads on with the file's own (as with --tz below).
    const site = source.site ?? cp.site;
    const host = opts.host ?? cp.host;
    if (site !== cp.site || host !== cp.host) {
      await checkpoints.setOrigin(cp.fileId, site, host);
      cp = { ...cp, site, host };
    }
    if (opts.timeZone !== null && opts.timeZone !== cp.timeZone) {
      await checkpoints.setTimeZone(cp.fileId, opts.timeZone);
      cp = { ...cp, timeZone: opts.timeZone };
    }
    if (cp.bytesDone > 0 && (await readToTheEnd(source, cp.bytesDone))) {
      // Nothing new: not even opened (a week of .gz files would otherwise be decompressed again).
      summary.alreadyIngested++;
      const tally = (summary.byFormat[format] ??= { files: 0, lines: 0, events: 0, bad: 0 });
      tally.files++;
      return null;
    }
  }
  return {
    fileId: cp.fileId,
    path: source.path,
    file: source.file,
    format,
    site: cp.site,
    host: cp.host,
    startOffset: cp.bytesDone,
    startLine: cp.linesDone,
    parserState: cp.parserState,
    timeZone: cp.timeZone,
    complete: source.complete || opts.final,
    same: contentCheck(head),
  };
}

/** Bytes of content (decompressed when known), for choosing the longest of duplicate sources. */
async function lengthOf(source: LogSource): Promise<number> {
  return (await source.contentLength())?.bytes ?? source.sizeOnDisk ?? 0;
}

/** True when an earlier run read the whole content (by size; for gzip by its trailer). */
async function readToTheEnd(source: LogSource, bytesDone: number): Promise<boolean> {
  const length = await source.contentLength();
  if (length === null) return false;
  return length.modulo32 ? bytesDone % 2 ** 32 === length.bytes : bytesDone === length.bytes;
}
