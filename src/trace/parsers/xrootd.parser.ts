import { blankEvent, type ParsedEvent } from "../events/trace-event.js";
import {
  MAX_LINE_CHARS,
  type TimeAt,
  epochTimeAt,
  isBlank,
  isoTimeAt,
  KeyTable,
  safeDecode,
  splitGroups,
  traceId,
  uint,
  xrdTimeAt,
} from "./kv.js";
import {
  IGNORED,
  bad,
  events,
  type FormatModule,
  type LineParser,
  type LineResult,
} from "./parser.js";

/**
 * XRootD token evidence. Two line kinds, both `token.mapped` (XRootD logs no jti, so a match to
 * an issued token is a candidate by iss+sub+time only):
 *
 * (a) XrdSciTokens debug lines
 *     `<yymmdd HH:MM:SS[.frac]|YYYY-MM-DD[ T]HH:MM:SS…> <thread> scitokens_Access: New valid token mapped_username=<u>, subject=<sub>, issuer=<iss>[, groups=<g,…>][, authorizations=<path:ops;…>]`
 *     and the same text after "Cached token" (a later use of a cached token; details.cached).
 *     A client trace id `user.pid:fd@host` before the message is kept as details.td.
 * (b) Monitoring token records `[<time>] [prefix …] &Uc=<dictid>&s=<sub>&n=<user>&o=<iss>&r=<role>&g=<groups>`
 *     as a collector dumps them. The record itself has no time, so a leading ISO, XRootD or
 *     epoch-seconds stamp (optionally in brackets) is required, else bad "missing_timestamp".
 *     Values are percent-decoded when encoded (XRootD itself writes them raw).
 * Every other XRootD line is ignored.
 */

const NEW_TOKEN = "New valid token ";
const CACHED_TOKEN = "Cached token ";
const MAPPED = "mapped_username=";

/**
 * Reads a leading timestamp: XRootD's `yymmdd HH:MM:SS`, ISO, or epoch seconds, optionally
 * inside `[...]`. Returns null when the line does not start with a digit (no time at all),
 * "bad" when it does but the stamp is malformed or impossible.
 */
function leadingTime(line: string): TimeAt | "bad" | null {
  const start = line.charCodeAt(0) === 91 ? 1 : 0;
  const c = line.charCodeAt(start);
  if (!(c >= 48 && c <= 57)) return null;
  const t =
    line.charCodeAt(start + 4) === 45
      ? isoTimeAt(line, start)
      : line.charCodeAt(start + 6) === 32 && line.charCodeAt(start + 9) === 58
        ? xrdTimeAt(line, start)
        : epochTimeAt(line, start);
  if (t === null) return "bad";
  const after = line.charCodeAt(t.end);
  // The stamp must end the token: at `]` when bracketed, else at a space, tab, `&` or the end.
  const ends =
    start === 1
      ? after === 93
      : after === 32 || after === 9 || after === 38 || t.end === line.length;
  if (!ends) return "bad";
  if (start === 1) t.end++;
  return t;
}

/** A `user.pid:fd@host` token between `from` and `to`, without a trailing ':'; or null. */
function findTraceId(line: string, from: number, to: number): string | null {
  const at = line.indexOf("@", from);
  if (at < 0 || at >= to) return null;
  const s = line.lastIndexOf(" ", at) + 1;
  let e = line.indexOf(" ", at);
  if (e < 0 || e > to) e = to;
  if (s < from) return null;
  let td = line.slice(s, e);
  if (td.endsWith(":")) td = td.slice(0, -1);
  return traceId(td) === null ? null : td;
}

/** Index of the next `, <word>=` separator of the debug line's key list, or -1. */
function nextCommaKey(s: string, from: number): number {
  let i = s.indexOf(", ", from);
  while (i >= 0) {
    let j = i + 2;
    while (j < s.length) {
      const c = s.charCodeAt(j);
      if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) break;
      j++;
    }
    if (j > i + 2 && s.charCodeAt(j) === 61) return i;
    i = s.indexOf(", ", i + 1);
  }
  return -1;
}

function orNull(v: string | null): string | null {
  return v === null || v.length === 0 ? null : v;
}

function debugLine(line: string, msgStart: number, keysStart: number, cached: boolean) {
  const t = leadingTime(line);
  if (t === null) return bad("missing_timestamp", "XRootD token line without a leading time");
  if (t === "bad") return bad("bad_timestamp", "XRootD token line with a malformed time");
  let user: string | null = null;
  let sub: string | null = null;
  let iss: string | null = null;
  let groups: string | null = null;
  let authz: string | null = null;
  let pos = keysStart;
  while (pos < line.length) {
    const eq = line.indexOf("=", pos);
    if (eq < 0) break;
    const key = line.slice(pos, eq);
    // authorizations (path:ops;path:ops) is last and may hold anything: take the rest.
    const next = key === "authorizations" ? -1 : nextCommaKey(line, eq + 1);
    const value = line.slice(eq + 1, next < 0 ? line.length : next).trim();
    if (key === "mapped_username") user = value;
    else if (key === "subject") sub = value;
    else if (key === "issuer") iss = value;
    else if (key === "groups") groups = value;
    else if (key === "authorizations") authz = value;
    if (next < 0) break;
    pos = next + 2;
  }
  if (sub === null) return bad("missing_field", "token line without subject=");
  if (iss === null) return bad("missing_field", "token line without issuer=");
  const ev: ParsedEvent = blankEvent("xrootd", t.ms, "token.mapped");
  ev.tzOffsetMin = t.tzOffsetMin;
  ev.outcome = "success";
  ev.mappedUser = orNull(user);
  ev.sub = orNull(sub);
  ev.iss = orNull(iss);
  ev.groups = groups === null ? null : splitGroups(groups, false);
  const details: Record<string, string | number | boolean | null> = { record: "debug" };
  if (authz !== null) details["authorizations"] = authz;
  const td = findTraceId(line, t.end, msgStart);
  if (td !== null) details["td"] = td;
  if (cached) details["cached"] = true;
  ev.details = details;
  return events(ev);
}

/** The token record's keys: Uc, s(ubject), n(ame), o(rg = issuer), r(ole), g(roups). */
const RECORD = new KeyTable(["Uc", "s", "n", "o", "r", "g"]);

function field(line: string, id: number): string | null {
  const v = RECORD.get(line, id);
  return v === null ? null : safeDecode(v.trim());
}

function monitoringRecord(line: string, uc: number): LineResult {
  const t = leadingTime(line);
  if (t === "bad") return bad("bad_timestamp", "token record with a malformed time");
  if (t === null || t.end > uc) {
    return bad("missing_timestamp", "token record without a leading ISO or epoch time");
  }
  RECORD.scan(line, uc + 1);
  const dictid = field(line, 0);
  const sub = field(line, 1);
  const user = field(line, 2);
  const org = field(line, 3);
  const role = field(line, 4);
  const groups = field(line, 5);
  if (dictid === null || dictid.length === 0)
    return bad("missing_field", "token record without Uc");
  if (Number.isNaN(uint(dictid))) return bad("bad_field", "Uc (dictid) is not a number");
  if (sub === null) return bad("missing_field", "token record without s (subject)");
  const ev: ParsedEvent = blankEvent("xrootd", t.ms, "token.mapped");
  ev.tzOffsetMin = t.tzOffsetMin;
  ev.outcome = "success";
  ev.corr = "dictid:" + dictid;
  ev.sub = orNull(sub);
  ev.mappedUser = orNull(user);
  ev.iss = orNull(org);
  ev.groups = groups === null ? null : splitGroups(groups, false);
  const details: Record<string, string | number | boolean | null> = {
    record: "monitoring",
    role: orNull(role),
  };
  const td = findTraceId(line, t.end, uc);
  if (td !== null) details["td"] = td;
  ev.details = details;
  return events(ev);
}

/** Parses one XRootD log or monitoring line; pure and stateless. */
export function parseXrootdLine(line: string): LineResult {
  if (line.length > MAX_LINE_CHARS) {
    return bad("line_too_long", `line longer than ${MAX_LINE_CHARS}`);
  }
  if (isBlank(line)) return IGNORED;
  const mapped = line.indexOf(MAPPED);
  if (mapped >= 0) {
    if (line.startsWith(NEW_TOKEN, mapped - NEW_TOKEN.length)) {
      return debugLine(line, mapped - NEW_TOKEN.length, mapped, false);
    }
    if (line.startsWith(CACHED_TOKEN, mapped - CACHED_TOKEN.length)) {
      return debugLine(line, mapped - CACHED_TOKEN.length, mapped, true);
    }
  }
  const uc = line.indexOf("&Uc=");
  if (uc >= 0) return monitoringRecord(line, uc);
  return IGNORED;
}

function create(): LineParser {
  return { format: "xrootd", parseLine: (line) => parseXrootdLine(line), saveState: () => null };
}

/** XrdSciTokens' wording and the token record's `&Uc=` appear in no other supported format. */
function sniff(line: string): boolean {
  return (
    line.indexOf(NEW_TOKEN + MAPPED) >= 0 ||
    line.indexOf(CACHED_TOKEN + MAPPED) >= 0 ||
    line.indexOf("&Uc=") >= 0
  );
}

/** XRootD: SciTokens mappings from the debug log and the monitoring stream's token records. */
export const xrootdFormat: FormatModule = { format: "xrootd", component: "xrootd", create, sniff };
