import type {
  Evidence,
  TimelineEvent,
  TraceQuery,
  TraceResult,
  TraceSummary,
} from "../trace-result.js";
import { isoTime } from "./event-fields.js";
import { cell, textTable } from "./text-table.js";

/**
 * The trace for a terminal: tokens, links, the proven timeline, then the candidates in a table
 * of their own with the reason each is only a candidate — a reader must never take a candidate
 * for an event the logs tie to the token — and a summary. Plain padded columns, no colours, so
 * it reads the same in a pager, a log file or a ticket.
 */

const OBJECTS_SHOWN = 20;

function orDash(v: string | number | null): string {
  return v === null ? "-" : String(v);
}

/** A jti short enough for a column: 8 characters and an ellipsis. */
function shortJti(jti: string | null): string {
  if (jti === null) return "-";
  return jti.length > 8 ? `${jti.slice(0, 8)}…` : jti;
}

function evidenceList(evidence: readonly Evidence[]): string {
  return evidence.length === 0 ? "-" : evidence.map((e) => `${e.file}:${e.line}`).join(", ");
}

function queryLine(q: TraceQuery, tookMs: number): string {
  const opts: string[] = [];
  if (q.iss !== null) opts.push(`iss ${q.iss}`);
  if (q.withDerived) opts.push("with derived tokens");
  if (q.fromMs !== null) opts.push(`from ${isoTime(q.fromMs)}`);
  if (q.toMs !== null) opts.push(`to ${isoTime(q.toMs)}`);
  if (q.site !== null) opts.push(`site ${q.site}`);
  const scope = opts.length > 0 ? ` (${opts.join(", ")})` : "";
  return cell(`Trace by ${q.by} ${q.value}${scope}, ${tookMs} ms`);
}

function section(title: string, headers: readonly string[], rows: string[][]): string[] {
  return ["", title, ...(rows.length === 0 ? ["  (none)"] : textTable(headers, rows))];
}

function tokenSection(r: TraceResult): string[] {
  const rows = r.tokens.map((t) => [
    t.jti,
    t.kind,
    String(t.depth),
    orDash(t.parent),
    t.issuedAtMs === null ? "-" : isoTime(t.issuedAtMs),
    t.exp === null ? "-" : isoTime(t.exp * 1000),
    orDash(t.sub),
  ]);
  const headers = ["JTI", "KIND", "DEPTH", "PARENT", "ISSUED", "EXP", "SUB"];
  return section(`Tokens (${r.tokens.length})`, headers, rows);
}

function linkSection(r: TraceResult): string[] {
  const rows = r.links.map((l) => [
    `${l.from} → ${l.to}`,
    l.type,
    l.confidence,
    l.rule,
    evidenceList(l.evidence),
  ]);
  const headers = ["FROM → TO", "TYPE", "CONFIDENCE", "RULE", "EVIDENCE"];
  return section(`Links (${r.links.length})`, headers, rows);
}

const EVENT_HEADERS = ["TIME", "CONF", "VIA", "SITE", "COMPONENT", "ACTION", "OBJECT", "IP"];

function eventRow(e: TimelineEvent): string[] {
  return [
    isoTime(e.timeMs),
    e.match.confidence,
    e.match.via,
    orDash(e.site),
    e.component,
    e.action,
    orDash(e.object),
    orDash(e.clientIp),
    shortJti(e.match.jti ?? e.jti),
    `${e.source.file}:${e.source.line}`,
  ];
}

function timelineSections(r: TraceResult): string[] {
  const proven = r.timeline.filter((e) => e.match.confidence === "proven");
  const candidates = r.timeline.filter((e) => e.match.confidence === "candidate");
  const out = section(
    `Timeline: proven events (${proven.length})`,
    [...EVENT_HEADERS, "JTI", "SOURCE"],
    proven.map(eventRow),
  );
  out.push(
    ...section(
      `Candidates (${candidates.length}), not proven: same identity, time and address or path, ` +
        "but no log line names the token",
      [...EVENT_HEADERS, "JTI", "SOURCE", "REASON"],
      candidates.map((e) => [...eventRow(e), e.match.reason]),
    ),
  );
  if (r.truncated)
    out.push(
      "",
      "Timeline truncated at the limit: some events are not listed (the summary counts them all).",
    );
  return out;
}

function summarySection(s: TraceSummary, truncated: boolean): string[] {
  const list = (xs: readonly string[]) => (xs.length === 0 ? "-" : xs.join(", "));
  const actions = Object.entries(s.actions)
    .sort(([a, n], [b, m]) => m - n || (a < b ? -1 : a > b ? 1 : 0))
    .map(([a, n]) => `${a} ${n}`);
  const objects = `${s.objects.length}${s.objectsTruncated ? "+ (list capped)" : ""}`;
  const rows: Array<[string, string]> = [
    ["events", `${s.events.proven} proven, ${s.events.candidate} candidate`],
    ["tokens", String(s.tokens)],
    ["sites", list(s.sites)],
    ["components", list(s.components)],
    ["actions", list(actions)],
    ["first seen", s.firstSeenMs === null ? "-" : isoTime(s.firstSeenMs)],
    ["last seen", s.lastSeenMs === null ? "-" : isoTime(s.lastSeenMs)],
    ["objects", objects],
  ];
  const out = ["", "Summary", ...rows.map(([k, v]) => cell(`  ${k.padEnd(11)} ${v}`))];
  for (const o of s.objects.slice(0, OBJECTS_SHOWN)) out.push(cell(`    ${o}`));
  if (s.objects.length > OBJECTS_SHOWN) out.push(`    … ${s.objects.length - OBJECTS_SHOWN} more`);
  if (truncated) out.push("  (timeline truncated)");
  return out;
}

export function renderTraceTable(result: TraceResult): string {
  const lines = [
    queryLine(result.query, result.tookMs),
    ...tokenSection(result),
    ...linkSection(result),
    ...timelineSections(result),
    ...summarySection(result.summary, result.truncated),
  ];
  return `${lines.join("\n")}\n`;
}
