import type { Component, ParsedEvent } from "../events/trace-event.js";

/** Every log format TTT reads; `--format` takes these names. */
export const LOG_FORMATS = [
  "iam-audit",
  "iam-exchange",
  "fts",
  "condor-audit",
  "arc-jobs",
  "dcache-access",
  "dcache-billing",
  "storm-access",
  "xrootd",
  "eos-report",
] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * What one line gave. `events` (possibly none: a line of the right format that records nothing
 * about tokens or access, e.g. an FTS line about something else, is `ignored`), or `bad` with a
 * stable reason code (snake_case, e.g. `bad_timestamp`, `bad_json`, `missing_field`,
 * `unknown_line`, `line_too_long`) and a short human message naming what is wrong.
 */
export type LineResult =
  | { kind: "events"; events: ParsedEvent[] }
  | { kind: "ignored" }
  | { kind: "bad"; reason: string; message: string };

/**
 * A parser for one format. Pure: no I/O, no clock. It may keep state across lines (HTCondor joins
 * lines by connection id, IAM pairs an exchange line with the next issued token); that state must
 * survive a checkpoint, so `saveState()` returns plain JSON and a parser made with that value
 * continues exactly where the first one stopped. State must stay bounded (evict the oldest).
 */
export interface LineParser {
  readonly format: LogFormat;
  /** `line` has no trailing newline (nor `\r`). `lineNo` is 1-based within the file. */
  parseLine(line: string, lineNo: number): LineResult;
  /** Called at the end of a file that will not grow (or before a checkpoint): emit what is pending. */
  saveState(): unknown;
}

/** Builds a parser, optionally resuming from a saved state (validated; a bad state is ignored). */
export type ParserFactory = (state?: unknown) => LineParser;

/** Shared result constants so hot paths do not allocate. */
export const IGNORED: LineResult = Object.freeze({ kind: "ignored" });

export function bad(reason: string, message: string): LineResult {
  return { kind: "bad", reason, message };
}

export function events(...list: ParsedEvent[]): LineResult {
  return { kind: "events", events: list };
}

/**
 * One format's module: its parser factory and a cheap sniff of a single (non-empty) line, used to
 * detect the format of a file from its first lines. A sniff must be specific: it returns true only
 * for lines that could not belong to another format in LOG_FORMATS.
 */
export interface FormatModule {
  readonly format: LogFormat;
  readonly component: Component;
  readonly create: ParserFactory;
  sniff(line: string): boolean;
}
