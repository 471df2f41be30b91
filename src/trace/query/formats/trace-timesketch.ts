import type { TraceResult } from "../trace-result.js";
import { eventSentence, flatEvent, isoTime } from "./event-fields.js";

/**
 * The timeline as JSON Lines for Timesketch's importer, so a trace can be laid next to other
 * evidence in an investigation. Each line carries the three fields Timesketch requires —
 * `message`, `datetime` (ISO 8601, UTC) and `timestamp_desc` (what the time means: here, when
 * the middleware recorded the event) — and `timestamp` (epoch microseconds, which Timesketch
 * sorts by), then the event's facts as flat fields, which Timesketch
 * indexes for search. Null fields are left out.
 */
export function renderTraceTimesketch(result: TraceResult): string {
  let out = "";
  for (const e of result.timeline) {
    const record: Record<string, string | number> = {
      message: eventSentence(e),
      datetime: isoTime(e.timeMs),
      timestamp: e.timeMs * 1000,
      timestamp_desc: "Event Recorded",
    };
    const fields: Record<string, string | number | null> = {
      ...flatEvent(e),
      source_file: e.source.file,
      source_line: e.source.line,
      reason: e.match.reason,
    };
    for (const [k, v] of Object.entries(fields)) if (v !== null) record[k] = v;
    out += `${JSON.stringify(record)}\n`;
  }
  return out;
}
