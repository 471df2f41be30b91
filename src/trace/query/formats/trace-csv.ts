import type { TraceResult } from "../trace-result.js";
import { csvField, flatEvent, isoTime, type FlatEvent } from "./event-fields.js";

/**
 * The timeline as CSV (RFC 4180: header row, CRLF line ends, fields quoted when they hold a
 * comma, a quote, CR or LF, quotes doubled), one row per event, so an analyst can sort and
 * filter it in a spreadsheet. Log values are attacker-influenced (paths, client ids, subjects):
 * a text field starting with =, +, -, @, tab or CR gets a leading single quote so a spreadsheet
 * shows it as text instead of running it as a formula (OWASP, "CSV Injection"). The numeric
 * line column is written as a number, unguarded.
 */

const FLAT_COLUMNS = [
  "confidence",
  "via",
  "token_jti",
  "site",
  "host",
  "component",
  "action",
  "outcome",
  "iss",
  "sub",
  "jti",
  "client_id",
  "mapped_user",
  "object_kind",
  "object",
  "client_ip",
  "corr",
] as const satisfies readonly (keyof FlatEvent)[];

/** The header, in column order. */
const TRACE_CSV_COLUMNS = ["time", ...FLAT_COLUMNS, "file", "line", "reason"] as const;

export function renderTraceCsv(result: TraceResult): string {
  const lines = [TRACE_CSV_COLUMNS.join(",")];
  for (const e of result.timeline) {
    const flat = flatEvent(e);
    lines.push(
      [
        csvField(isoTime(e.timeMs)),
        ...FLAT_COLUMNS.map((c) => csvField(flat[c])),
        csvField(e.source.file),
        String(e.source.line),
        csvField(e.match.reason),
      ].join(","),
    );
  }
  return lines.map((l) => `${l}\r\n`).join("");
}
