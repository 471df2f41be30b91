import type { TraceResult } from "../trace-result.js";
import { renderTraceCsv } from "./trace-csv.js";
import { renderTraceEcs } from "./trace-ecs.js";
import { renderTraceJson } from "./trace-json.js";
import { renderTraceTable } from "./trace-table.js";
import { renderTraceTimesketch } from "./trace-timesketch.js";

/**
 * The ways a trace result is written out: a table for the terminal, the full JSON, and the
 * per-event exports analysts load elsewhere (CSV for spreadsheets, JSON Lines for Timesketch and
 * for Elastic Common Schema). One entry point so the CLI and the API offer the same formats.
 */
export const TRACE_FORMATS = ["table", "json", "csv", "timesketch", "ecs"] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export function renderTrace(result: TraceResult, format: TraceFormat): string {
  switch (format) {
    case "table":
      return renderTraceTable(result);
    case "json":
      return renderTraceJson(result);
    case "csv":
      return renderTraceCsv(result);
    case "timesketch":
      return renderTraceTimesketch(result);
    case "ecs":
      return renderTraceEcs(result);
  }
}
