import {
  ALERT_KINDS,
  ALERT_STATES,
  type Alert,
  type AlertFilters,
  type AlertKind,
  type AlertState,
} from "../api/trace.js";
import { parseIsoTime } from "../components/iso-time.js";
import { searchOf } from "./trace-params.js";

/** The alerts page's filters live in the URL (?since=&kind=&ban=&site=&state=&limit=), like a trace. */

const opt = (s: string | null) => (s === null || s.trim() === "" ? undefined : s.trim());

export function alertFiltersFromSearch(sp: URLSearchParams): AlertFilters {
  const kind = sp.get("kind");
  const state = sp.get("state");
  const limit = Number(sp.get("limit"));
  return {
    since: opt(sp.get("since")),
    kind: ALERT_KINDS.includes(kind as AlertKind) ? (kind as AlertKind) : undefined,
    ban: opt(sp.get("ban")),
    site: opt(sp.get("site")),
    state: ALERT_STATES.includes(state as AlertState) ? (state as AlertState) : undefined,
    limit: Number.isInteger(limit) && limit >= 1 && limit <= 10_000 ? limit : undefined,
  };
}

export function alertSearchOf(f: AlertFilters): string {
  const sp = new URLSearchParams();
  if (f.since) sp.set("since", f.since);
  if (f.kind) sp.set("kind", f.kind);
  if (f.ban) sp.set("ban", f.ban);
  if (f.site) sp.set("site", f.site);
  if (f.state) sp.set("state", f.state);
  if (f.limit !== undefined) sp.set("limit", String(f.limit));
  const s = sp.toString();
  return s === "" ? "" : `?${s}`;
}

/** What is wrong with the filters, or null (the server accepts an ISO time with zone or a date). */
export function sinceIssue(since: string | undefined): string | null {
  if (since === undefined || parseIsoTime(since, { dateOnly: true }) !== null) return null;
  return "Since: expected an ISO 8601 time with its zone, e.g. 2024-09-03T02:00:00Z, or a date.";
}

/**
 * A trace of what an alert saw: its token with derived tokens when the line names one, else its
 * subject, address or path.
 */
export function alertTraceHref(a: Alert): string | null {
  const pick = (): [by: "jti" | "sub" | "ip" | "path", value: string] | null => {
    if (a.jti) return ["jti", a.jti];
    if (a.sub) return ["sub", a.sub];
    if (a.clientIp) return ["ip", a.clientIp];
    if (a.object?.startsWith("/")) return ["path", a.object];
    return null;
  };
  const p = pick();
  if (p === null) return null;
  const [by, value] = p;
  const iss = (by === "jti" || by === "sub") && a.iss ? a.iss : undefined;
  return `/trace${searchOf({ by, value, iss, withDerived: by === "jti" }, null)}`;
}
