import { isoTime } from "../../trace/index.js";
import type { TimelineEvent, TraceLink, TraceToken } from "../../trace/index.js";
import type { IncidentExportData } from "./export-data.js";

/**
 * An incident's saved traces overlap: the same token traced twice, a sub trace that finds the
 * events a jti trace found. Every export shows one merged view, so an event or a token is
 * listed once however many traces found it, with the traces that found it kept beside it.
 */

/** A timeline event once, with the saved traces (ids) that found it. */
export interface MergedEvent {
  event: TimelineEvent;
  traceIds: string[];
}

export interface MergedTraces {
  /** By time, then event id. */
  timeline: MergedEvent[];
  /** By jti, in the order first found. */
  tokens: TraceToken[];
  /** By from, to and type, in the order first found. */
  links: TraceLink[];
}

/** The first token's facts, with what it does not know filled in from the other. */
function fillToken(a: TraceToken, b: TraceToken): TraceToken {
  return {
    ...a,
    iss: a.iss ?? b.iss,
    sub: a.sub ?? b.sub,
    clientId: a.clientId ?? b.clientId,
    kind: a.kind === "unknown" ? b.kind : a.kind,
    issuedAtMs: a.issuedAtMs ?? b.issuedAtMs,
    exp: a.exp ?? b.exp,
    parent: a.parent ?? b.parent,
    depth: Math.min(a.depth, b.depth),
  };
}

/**
 * Merges the saved traces' results: events deduplicated by event id (an event one trace proves
 * and another only suggests counts as proven — a log line naming the token is the stronger
 * fact), tokens by jti, links by their two ends and type.
 */
export function mergeTraces(data: IncidentExportData): MergedTraces {
  const events = new Map<number, MergedEvent>();
  const tokens = new Map<string, TraceToken>();
  const links = new Map<string, TraceLink>();
  for (const { saved, result } of data.traces) {
    for (const e of result.timeline) {
      const seen = events.get(e.id);
      if (seen === undefined) {
        events.set(e.id, { event: e, traceIds: [saved.id] });
        continue;
      }
      if (!seen.traceIds.includes(saved.id)) seen.traceIds.push(saved.id);
      if (seen.event.match.confidence === "candidate" && e.match.confidence === "proven")
        seen.event = e;
    }
    for (const t of result.tokens) {
      const seen = tokens.get(t.jti);
      tokens.set(t.jti, seen === undefined ? t : fillToken(seen, t));
    }
    for (const l of result.links) {
      const key = `${l.from}\u0000${l.to}\u0000${l.type}`;
      if (!links.has(key)) links.set(key, l);
    }
  }
  const timeline = [...events.values()].sort(
    (a, b) => a.event.timeMs - b.event.timeMs || a.event.id - b.event.id,
  );
  return { timeline, tokens: [...tokens.values()], links: [...links.values()] };
}

/**
 * The tokens linked to the case that no saved trace found (linked from the inspector, never
 * traced): the MISP event and the heads-up e-mail list them beside the traced ones.
 */
export function untracedLinkedTokens(
  data: IncidentExportData,
  merged: MergedTraces,
): IncidentExportData["incident"]["tokens"] {
  const traced = new Set(merged.tokens.map((t) => t.jti));
  return data.incident.tokens.filter((t) => t.jti === null || !traced.has(t.jti));
}

/** The columns of the "linked to the case" table, in both reports. */
export const LINKED_TOKEN_COLUMNS = ["jti", "Subject", "Client", "Issuer", "Workflow", "Exp"];

/** A linked token as one row of that table (null: not known). */
export function linkedTokenRow(
  t: IncidentExportData["incident"]["tokens"][number],
): (string | null)[] {
  return [
    t.jti,
    t.sub,
    t.clientId,
    t.iss,
    t.workflow,
    t.exp === null ? null : isoTime(t.exp * 1000),
  ];
}
