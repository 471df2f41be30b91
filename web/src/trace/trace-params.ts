import { TRACE_BY, type TraceBy, type TraceParams } from "../api/trace.js";
import { parseIsoTime } from "../components/iso-time.js";

/**
 * The trace query lives in the URL (by, value, iss, withDerived, from, to, site, limit, and the
 * incident being worked on), so a trace is linkable, survives a reload and the back button
 * returns to the previous one. Pure functions: URL ↔ params, and the client-side checks.
 */

export const TIME_HINT =
  "an ISO 8601 time with its zone, e.g. 2024-09-03T02:00:00Z or 2024-09-03T04:00+02:00, or a date (UTC midnight)";

const isBy = (s: string | null): s is TraceBy => TRACE_BY.includes(s as TraceBy);
const opt = (s: string | null) => (s === null || s.trim() === "" ? undefined : s.trim());

/** The trace asked for by the URL, or null when it names none (no by or no value). */
export function paramsFromSearch(sp: URLSearchParams): TraceParams | null {
  const by = sp.get("by");
  const value = opt(sp.get("value"));
  if (!isBy(by) || value === undefined) return null;
  const limit = Number(sp.get("limit"));
  return {
    by,
    value,
    iss: opt(sp.get("iss")),
    withDerived: sp.get("withDerived") === "true",
    from: opt(sp.get("from")),
    to: opt(sp.get("to")),
    site: opt(sp.get("site")),
    limit: Number.isInteger(limit) && limit > 0 ? limit : undefined,
  };
}

/** The URL search of a trace, with the incident being worked on kept. */
export function searchOf(p: TraceParams, incident: string | null): string {
  const sp = new URLSearchParams();
  sp.set("by", p.by);
  sp.set("value", p.value);
  if (p.iss) sp.set("iss", p.iss);
  if (p.withDerived) sp.set("withDerived", "true");
  if (p.from) sp.set("from", p.from);
  if (p.to) sp.set("to", p.to);
  if (p.site) sp.set("site", p.site);
  if (p.limit !== undefined) sp.set("limit", String(p.limit));
  if (incident) sp.set("incident", incident);
  return `?${sp.toString()}`;
}

/** A field and what is wrong with it, in words a responder can act on. */
export interface ParamIssue {
  field: "value" | "from" | "to" | "limit";
  message: string;
}

/** The checks the server makes too, done first so a typo never costs a round trip. */
export function checkParams(p: {
  value: string;
  from?: string | undefined;
  to?: string | undefined;
  limit?: number | undefined;
}): ParamIssue[] {
  const issues: ParamIssue[] = [];
  if (p.value.trim() === "") issues.push({ field: "value", message: "Enter what to trace." });
  const from = p.from ? parseIsoTime(p.from, { dateOnly: true }) : null;
  const to = p.to ? parseIsoTime(p.to, { dateOnly: true }) : null;
  if (p.from && from === null)
    issues.push({ field: "from", message: `From: expected ${TIME_HINT}.` });
  if (p.to && to === null) issues.push({ field: "to", message: `To: expected ${TIME_HINT}.` });
  if (from !== null && to !== null && from > to)
    issues.push({ field: "from", message: "From must not be after To." });
  if (p.limit !== undefined && !(Number.isInteger(p.limit) && p.limit >= 1 && p.limit <= 100_000))
    issues.push({ field: "limit", message: "Max events: a whole number from 1 to 100,000." });
  return issues;
}

/**
 * Where a pivot from the current trace goes: a new trace by that field, keeping the derived
 * tokens flag, the time window and the incident (the site and the issuer are the old trace's
 * own narrowing and are dropped, except the issuer of a token or subject pivot).
 */
export function pivotSearch(
  current: TraceParams | null,
  by: TraceBy,
  value: string,
  iss: string | null,
  incident: string | null,
): string {
  return searchOf(
    {
      by,
      value,
      iss: (by === "jti" || by === "sub") && iss ? iss : undefined,
      withDerived: current?.withDerived ?? by === "jti",
      from: current?.from,
      to: current?.to,
    },
    incident,
  );
}
