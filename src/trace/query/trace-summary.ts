import type { TimelineEvent, TraceSummary } from "./trace-result.js";

/** Most objects a summary lists. */
export const SUMMARY_OBJECTS = 1000;

/** The summary of a timeline: where, what and when, proven events' objects first. */
export function summarise(timeline: readonly TimelineEvent[], tokens: number): TraceSummary {
  const sites = new Set<string>();
  const components = new Set<string>();
  const actions: Record<string, number> = {};
  const objects = new Set<string>();
  const later: string[] = [];
  let proven = 0;
  let first: number | null = null;
  let last: number | null = null;
  for (const e of timeline) {
    if (e.match.confidence === "proven") proven++;
    if (e.site !== null) sites.add(e.site);
    components.add(e.component);
    actions[e.action] = (actions[e.action] ?? 0) + 1;
    if (first === null || e.timeMs < first) first = e.timeMs;
    if (last === null || e.timeMs > last) last = e.timeMs;
    if (e.object === null) continue;
    if (e.match.confidence === "proven") objects.add(e.object);
    else later.push(e.object);
  }
  for (const o of later) objects.add(o);
  const list = [...objects];
  return {
    events: { proven, candidate: timeline.length - proven },
    tokens,
    sites: [...sites].sort(),
    components: [...components].sort(),
    actions,
    firstSeenMs: first,
    lastSeenMs: last,
    objects: list.slice(0, SUMMARY_OBJECTS),
    objectsTruncated: list.length > SUMMARY_OBJECTS,
  };
}
