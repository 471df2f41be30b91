import type { ParsedEvent } from "../events/trace-event.js";
import { detectFormat, formatModule, initialParserState } from "../parsers/index.js";
import type { LineResult, LogFormat } from "../parsers/parser.js";
import type { BadLines } from "./bad-lines.js";
import type { CheckpointsRepository } from "./checkpoints.repository.js";
import type { IngestSummary } from "./ingest.summary.js";
import { LineSplitter } from "./line-splitter.js";
import { FINGERPRINT_BYTES, type LogSource } from "./log-source.js";
import type { SegmentBuilder } from "./segment-builder.js";
import type { CheckpointUpdate } from "./segments.repository.js";

/** What ingestFile shares with the run it belongs to. */
export interface FileRun {
  builder: SegmentBuilder;
  bad: BadLines;
  summary: IngestSummary;
  checkpoints: CheckpointsRepository;
  now: () => string;
  host: string | null;
  format: LogFormat | undefined;
  full(): boolean;
  commit(): Promise<void>;
  markCheckpoint(c: CheckpointUpdate): void;
  progress(bytes: number, file: string): void;
}

const PARSER_ERROR = "parser_error";

/**
 * One file: identify it (checkpoint by content), pick its format, read from where the last run
 * stopped, and feed every line to the parser. Commits happen between chunks when the segment is
 * full, with this file's position at that moment, so a crash never loses or repeats a line.
 */
export async function ingestFile(run: FileRun, source: LogSource): Promise<void> {
  const { summary } = run;
  summary.files++;
  const head = await source.head();
  if (head.length === 0) {
    summary.skippedFiles.push({ file: source.path, reason: "empty" });
    return;
  }
  let cp = await run.checkpoints.find(source.path, head);
  const format = run.format ?? (cp?.format as LogFormat | undefined) ?? detectFormat(head);
  if (format === null) {
    summary.skippedFiles.push({ file: source.path, reason: "unknown_format" });
    return;
  }
  if (cp === null) {
    cp = await run.checkpoints.create({
      path: source.path,
      head,
      format,
      site: source.site,
      now: run.now(),
    });
  } else if (cp.fpLen < Math.min(head.length, FINGERPRINT_BYTES)) {
    await run.checkpoints.refingerprint(cp.fileId, head);
  }
  const module = formatModule(format);
  const parser = module.create(cp.parserState ?? initialParserState(format, source.path));
  const tally = (summary.byFormat[format] ??= { files: 0, lines: 0, events: 0, bad: 0 });
  tally.files++;
  const fileId = cp.fileId;
  const site = source.site;
  const host = run.host;
  const splitter = new LineSplitter(cp.bytesDone, cp.linesDone);
  const linesBefore = summary.lines;

  const addEvents = (list: readonly ParsedEvent[], lineNo: number) => {
    for (const e of list) run.builder.add(e, site, host, fileId, lineNo);
    tally.events += list.length;
  };
  const sink = (line: string | null, lineNo: number) => {
    summary.lines++;
    tally.lines++;
    if (line === null) {
      tally.bad++;
      run.bad.add(fileId, source.path, lineNo, "line_too_long", "line longer than 64 KiB", null);
      return;
    }
    let r: LineResult;
    try {
      r = parser.parseLine(line, lineNo);
    } catch (err) {
      r = { kind: "bad", reason: PARSER_ERROR, message: `parser failed: ${String(err)}` };
    }
    if (r.kind === "events") addEvents(r.events, lineNo);
    else if (r.kind === "ignored") summary.ignored++;
    else {
      tally.bad++;
      run.bad.add(fileId, source.path, lineNo, r.reason, r.message, line);
    }
  };
  const checkpoint = (): CheckpointUpdate => ({
    fileId,
    format,
    bytesDone: splitter.offset,
    linesDone: splitter.lineNo,
    parserState: parser.saveState(),
  });

  const stream = source.open(cp.bytesDone, (n) => run.progress(n, source.path));
  for await (const chunk of stream) {
    splitter.push(chunk as Buffer, sink);
    if (run.full()) {
      run.markCheckpoint(checkpoint());
      await run.commit();
    }
  }
  if (source.complete) splitter.finish(sink);
  else if (splitter.pendingBytes > 0) summary.pendingPartialLines++;
  if (summary.lines === linesBefore && cp.bytesDone > 0) summary.alreadyIngested++;
  run.markCheckpoint(checkpoint());
}
