import type { Readable } from "node:stream";
import { canonicalIp } from "../events/ip-address.js";
import { scrubTokens } from "../events/token-scrub.js";
import { MAX_TIME_MS, MIN_TIME_MS, type ParsedEvent } from "../events/trace-event.js";
import { formatModule, initialParserState } from "../parsers/index.js";
import type { LineResult, LogFormat } from "../parsers/parser.js";
import { EventWatch, type WatchSpec } from "../alerts/event-watch.js";
import type { IssuedExps } from "../alerts/exp-table.js";
import { BadLines } from "./bad-lines.js";
import type { FormatTally } from "./ingest.summary.js";
import { LineSplitter } from "./line-splitter.js";
import type { ContentCheck } from "./log-source.js";
import { SegmentBuilder, type SegmentBatch } from "./segment-builder.js";
import { parseTimeZone, type TimeZone } from "./time-zone.js";
import type { BadTallyRow, CheckpointUpdate } from "./segments.repository.js";

/** Events per segment (one transaction). Bigger segments mean fewer postings rows per key. */
export const SEGMENT_EVENTS = 10_000;

/** One file to read, as resolved against its checkpoint (plain data: it crosses to a worker). */
export interface FileJob {
  fileId: number;
  /** The path recorded (relative for directories). */
  path: string;
  /** The file on disk, when there is one (the parse worker opens it). */
  file: string | null;
  format: LogFormat;
  site: string | null;
  host: string | null;
  startOffset: number;
  startLine: number;
  parserState: unknown;
  /** The zone of times the log writes without an offset (time-zone.ts); null: read as UTC. */
  timeZone: string | null;
  /** Content that cannot grow (gzip): a last line without newline is complete. */
  complete: boolean;
  /** The start of the content as identified: reading checks it again (a rotation meanwhile). */
  same: ContentCheck | null;
}

/** What a run counted besides events (which the writer counts) and bad lines (BadLines). */
export interface ParseCounters {
  lines: number;
  ignored: number;
  alreadyIngested: number;
  pendingPartialLines: number;
  byFormat: Partial<Record<LogFormat, FormatTally>>;
}

/** A full segment with the checkpoints it advances and the bad-line tallies changed so far. */
export type FlushSegment = (
  batch: SegmentBatch,
  checkpoints: CheckpointUpdate[],
  bad: BadTallyRow[],
) => Promise<void>;

const PARSER_ERROR = "parser_error";

function rangeText(ms: number): string {
  const d = new Date(ms);
  const when = Number.isNaN(d.getTime()) ? `${ms} ms` : d.toISOString();
  return `${when} is not between 1990 and 2100`;
}

/** A file that could not be read to its end (see ParseRun.file). */
export const READ_ERROR = "read_error";

/** What went wrong reading a file, for a person: the system's code and message. */
export function readError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const text = err instanceof Error ? err.message : String(err);
  return typeof code === "string" && !text.includes(code) ? `${code}: ${text}` : text;
}

/**
 * Parses files into segments, with no I/O of its own: streams come in, full segments go out to
 * `flushSegment` together with each file's position at that moment, so a crash between segments
 * never loses or repeats a line. The same code runs in the ingest worker and in-process.
 */
export class ParseRun {
  readonly builder: SegmentBuilder;
  readonly bad = new BadLines();
  readonly counters: ParseCounters = {
    lines: 0,
    ignored: 0,
    alreadyIngested: 0,
    pendingPartialLines: 0,
    byFormat: {},
  };
  readonly #pending = new Map<number, CheckpointUpdate>();
  readonly #zones = new Map<string, TimeZone>();

  readonly #watch: EventWatch | null;

  constructor(
    private readonly flushSegment: FlushSegment,
    private readonly onBytes: (n: number, file: string) => void = () => undefined,
    watch: WatchSpec | null = null,
  ) {
    this.#watch = watch === null ? null : new EventWatch(watch);
    this.builder = new SegmentBuilder(this.#watch);
  }

  /** The exps of the tokens issued in what this run read (IAM's logs), for other workers. */
  issuedExps(): IssuedExps | null {
    return this.#watch?.issued.entries() ?? null;
  }

  async file(
    job: FileJob,
    open: (start: number, onDisk: (n: number) => void) => Readable,
  ): Promise<void> {
    const { counters, builder, bad } = this;
    const parser = formatModule(job.format).create(
      job.parserState ?? initialParserState(job.format, job.path),
    );
    const tally = (counters.byFormat[job.format] ??= { files: 0, lines: 0, events: 0, bad: 0 });
    tally.files++;
    const { fileId, site, host, path } = job;
    const splitter = new LineSplitter(job.startOffset, job.startLine);
    const linesBefore = counters.lines;
    const zone = job.timeZone === null ? null : this.#zone(job.timeZone);
    const addEvents = (list: readonly ParsedEvent[], lineNo: number) => {
      for (const e of list) {
        if (zone !== null && e.tzOffsetMin === null) {
          const t = zone.resolve(e.timeMs);
          e.timeMs = t.ms;
          e.tzOffsetMin = t.offsetMin;
        }
        if (e.clientIp !== null) e.clientIp = canonicalIp(e.clientIp);
        scrubTokens(e);
        builder.add(e, site, host, fileId, lineNo);
      }
      tally.events += list.length;
    };
    const sink = (line: string | null, lineNo: number) => {
      counters.lines++;
      tally.lines++;
      if (line === null) {
        tally.bad++;
        bad.add(fileId, path, lineNo, "line_too_long", "line longer than 64 KiB", null);
        return;
      }
      let r: LineResult;
      try {
        r = parser.parseLine(line, lineNo);
      } catch (err) {
        r = { kind: "bad", reason: PARSER_ERROR, message: `parser failed: ${String(err)}` };
      }
      if (r.kind === "events") {
        const t = r.events.find((e) => !(e.timeMs >= MIN_TIME_MS && e.timeMs < MAX_TIME_MS));
        if (t === undefined) return addEvents(r.events, lineNo);
        r = {
          kind: "bad",
          reason: "bad_timestamp",
          message: `time out of range: ${rangeText(t.timeMs)}`,
        };
      }
      if (r.kind === "ignored") counters.ignored++;
      else {
        tally.bad++;
        bad.add(fileId, path, lineNo, r.reason, r.message, line);
      }
    };
    let committed = job.startOffset;
    const checkpoint = (): CheckpointUpdate => {
      const update = {
        fileId,
        path,
        fromBytes: committed,
        format: job.format,
        bytesDone: splitter.offset,
        linesDone: splitter.lineNo,
        parserState: parser.saveState(),
      };
      committed = splitter.offset;
      return update;
    };
    // Only reading is guarded: a failed segment write (a conflict, a full disk) fails the run.
    let chunks: AsyncIterator<Buffer> | null = null;
    try {
      for (;;) {
        let next: IteratorResult<Buffer>;
        try {
          chunks ??= open(job.startOffset, (n) => this.onBytes(n, path))[
            Symbol.asyncIterator
          ]() as AsyncIterator<Buffer>;
          next = await chunks.next();
        } catch (err) {
          // An upload's stream failing (the client went away, the size limit) fails its request.
          if (job.file === null) throw err;
          // A local file could not be read to its end: a truncated or corrupt .gz (logrotate
          // still compressing it), a file deleted or unreadable mid-run. One bad entry, not the
          // end of the ingest: the lines read before are kept, the checkpoint stays after the
          // last whole one (a cut-off last line is not parsed), and the next run reads on.
          tally.bad++;
          bad.add(fileId, path, splitter.lineNo + 1, READ_ERROR, readError(err), null);
          this.#pending.set(fileId, checkpoint());
          return;
        }
        if (next.done === true) break;
        splitter.push(next.value, sink);
        if (builder.size >= SEGMENT_EVENTS) {
          this.#pending.set(fileId, checkpoint());
          await this.flush();
        }
      }
    } finally {
      await chunks?.return?.().catch(() => undefined);
    }
    if (job.complete) splitter.finish(sink);
    else if (splitter.pendingBytes > 0) counters.pendingPartialLines++;
    if (counters.lines === linesBefore && job.startOffset > 0) counters.alreadyIngested++;
    this.#pending.set(fileId, checkpoint());
    if (builder.size >= SEGMENT_EVENTS || this.#pending.size >= 500) await this.flush();
  }

  /** One zone object per name for the run: each keeps its cache of offsets. */
  #zone(name: string): TimeZone {
    let zone = this.#zones.get(name);
    if (zone === undefined) this.#zones.set(name, (zone = parseTimeZone(name)));
    return zone;
  }

  /** Writes what is collected (also with no events: checkpoints and bad lines still move). */
  async flush(): Promise<void> {
    const checkpoints = [...this.#pending.values()];
    this.#pending.clear();
    await this.flushSegment(this.builder.take(), checkpoints, this.bad.dirty());
  }
}
