import type { TraceResult } from "../trace-result.js";

/**
 * The whole result as pretty JSON: the same shape the API returns, so a saved file can be read
 * back by scripts or compared with a later run. Ends with a newline, as a text file should.
 */
export function renderTraceJson(result: TraceResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
