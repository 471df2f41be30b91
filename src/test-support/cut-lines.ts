import assert from "node:assert/strict";
import type { LineResult } from "../trace/parsers/parser.js";

/**
 * Feeds every prefix of `line` (every `step` characters) to `parse` and checks each answer is a
 * handled one: events with a finite time, ignored, or a bad line with a reason of its own. A
 * parser that threw inside (its catch-all answers `parse_error`) or made an event without a
 * time fails the test, naming the cut.
 */
export function assertCutsHandled(
  line: string,
  step: number,
  parse: (prefix: string) => LineResult,
): void {
  for (let cut = 1; cut < line.length; cut += step) {
    const r = parse(line.slice(0, cut));
    const where = `cut at ${cut}: ${JSON.stringify(line.slice(0, cut))}`;
    if (r.kind === "bad") assert.notEqual(r.reason, "parse_error", `${where}: ${r.message}`);
    else if (r.kind === "events")
      for (const e of r.events) assert.ok(Number.isFinite(e.timeMs), `${where}: no time`);
    else assert.equal(r.kind, "ignored", where);
  }
}
