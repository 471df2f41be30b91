import { csvField, eventSentence, flatEvent, isoTime } from "../../trace/index.js";
import type { IncidentExportData } from "./export-data.js";
import { mergeTraces } from "./merge-traces.js";

/**
 * An incident's merged timeline for analysts, in the shapes their tools load: CSV for a
 * spreadsheet, JSON Lines for Timesketch (with the action log interleaved, so what responders
 * did sits beside what the logs show), and the whole export snapshot as JSON for scripts.
 *
 * The CSV follows RFC 4180 (header row, CRLF, fields quoted when they hold a comma, a quote, CR
 * or LF, quotes doubled). Log values are attacker-influenced: a text field starting with =, +,
 * -, @, tab or CR gets a leading single quote so a spreadsheet shows it as text instead of
 * running it as a formula (OWASP, "CSV Injection"), as the trace CSV does.
 */

const CSV_COLUMNS = [
  "time",
  "confidence",
  "via",
  "token_jti",
  "site",
  "component",
  "action",
  "outcome",
  "iss",
  "sub",
  "jti",
  "client_ip",
  "object",
  "file",
  "line",
  "trace_id",
] as const;

/** One row per merged event; trace_id lists the saved traces that found it, space-separated. */
export function renderIncidentTimelineCsv(data: IncidentExportData): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const { event: e, traceIds } of mergeTraces(data).timeline) {
    const f = flatEvent(e);
    lines.push(
      [
        csvField(isoTime(e.timeMs)),
        ...[f.confidence, f.via, f.token_jti, f.site, f.component, f.action, f.outcome].map(
          csvField,
        ),
        ...[f.iss, f.sub, f.jti, f.client_ip, f.object, e.source.file].map(csvField),
        String(e.source.line),
        csvField(traceIds.join(" ")),
      ].join(","),
    );
  }
  return lines.map((l) => `${l}\r\n`).join("");
}

/** The whole snapshot, pretty-printed: what the other formats were rendered from. */
export function renderIncidentJson(data: IncidentExportData): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

type SketchRecord = Record<string, string | number>;

/** Copies the non-null fields into the record. */
function withFields(
  record: SketchRecord,
  fields: Record<string, string | number | null>,
): SketchRecord {
  for (const [k, v] of Object.entries(fields)) if (v !== null) record[k] = v;
  return record;
}

/**
 * JSON Lines for Timesketch: each line has the required `message`, `datetime` (ISO 8601, UTC)
 * and `timestamp_desc`, plus `timestamp` (epoch microseconds) and flat fields. Events say
 * "Event Recorded", as in the trace export; action-log lines say "Incident action". Lines are
 * in time order, events before actions at the same instant. Null fields are left out.
 */
export function renderIncidentTimesketch(data: IncidentExportData): string {
  const incidentId = data.incident.id;
  const lines: Array<{ ms: number; record: SketchRecord }> = [];
  for (const { event: e, traceIds } of mergeTraces(data).timeline) {
    const record = withFields(
      {
        message: eventSentence(e),
        datetime: isoTime(e.timeMs),
        timestamp: e.timeMs * 1000,
        timestamp_desc: "Event Recorded",
      },
      {
        ...flatEvent(e),
        source_file: e.source.file,
        source_line: e.source.line,
        reason: e.match.reason,
        trace_id: traceIds.join(" "),
        incident_id: incidentId,
      },
    );
    lines.push({ ms: e.timeMs, record });
  }
  for (const a of data.incident.actions) {
    const ms = Date.parse(a.at);
    const record = withFields(
      {
        message: `[${a.kind}] ${a.text} (by ${a.actor})`.replace(/[\r\n]+/g, " "),
        datetime: isoTime(ms),
        timestamp: ms * 1000,
        timestamp_desc: "Incident action",
      },
      { actor: a.actor, action_kind: a.kind, ref: a.ref, incident_id: incidentId },
    );
    lines.push({ ms, record });
  }
  // Array.prototype.sort is stable: events keep their place before actions of the same time.
  lines.sort((a, b) => a.ms - b.ms);
  return lines.map((l) => `${JSON.stringify(l.record)}\n`).join("");
}
