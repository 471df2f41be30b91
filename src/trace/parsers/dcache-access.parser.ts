import { blankEvent, type ParsedEvent } from "../events/trace-event.js";
import { NetLoggerFields, NetLoggerKeys, splitNetLogger } from "./netlogger.js";
import {
  addressOf,
  decodePath,
  parseIsoTime,
  preflight,
  sessionFromTransaction,
  stripBom,
} from "./netlogger-values.js";
import {
  IGNORED,
  bad,
  events,
  type FormatModule,
  type LineParser,
  type LineResult,
} from "./parser.js";

type Details = Record<string, string | number | boolean | null>;

const WEBDAV_REQUEST = "org.dcache.webdav.request";
const XROOTD_LOGIN = "org.dcache.xrootd.login";

/**
 * dCache door access logs (`<domain>.access`, NetLogger `key=value`). dCache is the one storage
 * hop that logs the token's jti, so these lines prove which token touched which path.
 *
 * Accepted: any order of keys, quoted values with `\"` `\\` `\n` `\r` escapes, absent keys. `ts`
 * is ISO 8601 with `+HHMM`, `+HH:MM` or `Z` (an offset-less ts is read as UTC).
 * - `event=org.dcache.webdav.request` → `storage.<request.method lower-case>` (storage.get, .put,
 *   .copy, .delete, .propfind …; `storage.request` when the method is missing or odd).
 * - `event=org.dcache.xrootd.login` → `storage.login`.
 * - any other `event=…` carrying a `session` (or `transaction`) and either a `user.*` key or a
 *   `path`/`request.path` → `storage.<last dotted part of the event name>`; otherwise ignored.
 *
 * Facts: `user.sub=<sub>@<op>` and `user.jti=<jti>@<op>` are split at the LAST `@` (op = the
 * gPlazma OIDC provider alias, kept in details.op — the line has no issuer, so iss stays null);
 * when comma-joined the first is used and all are kept in details.subjects / details.jtis
 * (events/also-named.ts reads the others back for the index, look-ups and alerts).
 * corr is `session:<session>`, where the session is dCache's CDC session
 * (`door:<cell>@<domain>:<id>`); without a `session` key it is derived from `transaction` by
 * dropping the trailing `:<transfer number>` — the same value the billing parser takes from a
 * mover record's initiator, so both files join. clientIp is `socket.remote` (or the older
 * `host.remote`) without its port; object is the path of `request.url` (scheme, host, query
 * dropped, percent-decoded) or `path`/`request.path`; mappedUser is `user.mapped`; outcome is
 * success for 2xx/3xx (or `ok`), failure for any other `response.code`, unknown without one.
 * details: method, status, reason, duration (ms), transaction, userAgent, dn, op, subjects,
 * jtis, every `tpc.*` key as logged, and event (for events other than the two above).
 *
 * Bad lines: no/unparsable `ts` → bad_timestamp; not key=value → unknown_line; an unterminated
 * quote → bad_quoting; no `event` → missing_field.
 */
export const dcacheAccessFormat: FormatModule = {
  format: "dcache-access",
  component: "dcache",
  create: () => new DcacheAccessParser(),
  sniff(line: string): boolean {
    const s = stripBom(line);
    const head = s.startsWith("ts=") || (s.startsWith("level=") && s.indexOf(" ts=") !== -1);
    return head && s.indexOf(" event=org.dcache.") !== -1;
  },
};

/** The keys this parser reads, by index; other `user.*` and `tpc.*` keys are kept as extras. */
const KEY_NAMES = [
  "ts",
  "event",
  "session",
  "request.method",
  "request.url",
  "socket.remote",
  "host.remote",
  "user-agent",
  "user.dn",
  "user.sub",
  "user.jti",
  "user.mapped",
  "duration",
  "response.reason",
  "response.code",
  "transaction",
  "path",
  "request.path",
  "user",
] as const;
const TS = 0;
const EVENT = 1;
const SESSION = 2;
const METHOD = 3;
const REQUEST_URL = 4;
const SOCKET_REMOTE = 5;
const HOST_REMOTE = 6;
const USER_AGENT = 7;
const USER_DN = 8;
const USER_SUB = 9;
const USER_JTI = 10;
const USER_MAPPED = 11;
const DURATION = 12;
const REASON = 13;
const CODE = 14;
const TRANSACTION = 15;
const PATH = 16;
const REQUEST_PATH = 17;
const USER = 18;
const KEYS = new NetLoggerKeys(KEY_NAMES, ["tpc.", "user."]);
const USER_OR_PATH = [PATH, REQUEST_PATH, USER, USER_DN, USER_SUB, USER_JTI, USER_MAPPED];

class DcacheAccessParser implements LineParser {
  readonly format = "dcache-access" as const;
  /** Reused for every line: the tokenizer fills it, nothing of it outlives the call. */
  private readonly fields = new NetLoggerFields(KEYS);

  parseLine(raw: string): LineResult {
    const early = preflight(raw);
    if (early !== null) return early;
    try {
      return this.parse(stripBom(raw));
    } catch (err) {
      return bad("parse_error", err instanceof Error ? err.message : String(err));
    }
  }

  saveState(): unknown {
    return null;
  }

  private parse(line: string): LineResult {
    const f = this.fields;
    const err = splitNetLogger(line, f);
    if (err === "bad_quoting") return bad("bad_quoting", "a quoted value is not terminated");
    if (err !== null) return bad("unknown_line", "not a NetLogger key=value line");
    const ts = f.get(TS);
    if (ts === undefined) return bad("bad_timestamp", "no ts= key");
    const time = parseIsoTime(ts, 0);
    if (time === null || time.end !== ts.length) {
      return bad("bad_timestamp", `unparsable ts=${ts.slice(0, 40)}`);
    }
    const event = f.get(EVENT);
    if (event === undefined || event.length === 0) return bad("missing_field", "no event= key");

    let action: string;
    if (event === WEBDAV_REQUEST) {
      action = "storage." + methodName(f.get(METHOD));
    } else if (event === XROOTD_LOGIN) {
      action = "storage.login";
    } else {
      if (f.get(SESSION) === undefined && f.get(TRANSACTION) === undefined) return IGNORED;
      if (!hasUserOrPath(f)) return IGNORED;
      action = "storage." + shortName(event);
    }
    const e = blankEvent("dcache", time.ms, action);
    e.tzOffsetMin = time.tzOffsetMin;
    fill(e, f, event);
    return events(e);
  }
}

/** The HTTP method as a lower-case verb; `request` when absent or not a plain token. */
function methodName(method: string | undefined): string {
  if (method === undefined || method.length === 0 || method.length > 32) return "request";
  for (let i = 0; i < method.length; i++) {
    const c = method.charCodeAt(i) | 0x20;
    if ((c < 97 || c > 122) && c !== 0x2d) return "request";
  }
  return method.toLowerCase();
}

/** `org.dcache.xrootd.request` → `request`; odd characters make it `event`. */
function shortName(event: string): string {
  const name = event.slice(event.lastIndexOf(".") + 1).toLowerCase();
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;
    if (!ok) return "event";
  }
  return name.length === 0 ? "event" : name;
}

function hasUserOrPath(f: NetLoggerFields): boolean {
  for (const k of USER_OR_PATH) if (f.get(k) !== undefined) return true;
  for (let i = 0; i < f.extra.length; i += 2) if (f.extra[i]?.startsWith("user.")) return true;
  return false;
}

/** Copies what the line carries into the event; absent keys leave fields null. */
function fill(e: ParsedEvent, f: NetLoggerFields, event: string): void {
  const details: Details = {};
  if (event !== WEBDAV_REQUEST && event !== XROOTD_LOGIN) details.event = event;

  const session = sessionOf(f);
  if (session !== null) e.corr = "session:" + session;
  const remote = f.get(SOCKET_REMOTE) ?? f.get(HOST_REMOTE);
  if (remote !== undefined) e.clientIp = addressOf(remote);

  const subs = f.get(USER_SUB);
  if (subs !== undefined && subs.length > 0) {
    const first = firstOf(subs);
    const at = first.lastIndexOf("@");
    e.sub = at > 0 ? first.slice(0, at) : first;
    if (at > 0) details.op = first.slice(at + 1);
    if (first.length !== subs.length) details.subjects = subs;
  }
  const jtis = f.get(USER_JTI);
  if (jtis !== undefined && jtis.length > 0) {
    const first = firstOf(jtis);
    const at = first.lastIndexOf("@");
    e.jti = at > 0 ? first.slice(0, at) : first;
    if (at > 0 && details.op === undefined) details.op = first.slice(at + 1);
    if (first.length !== jtis.length) details.jtis = jtis;
  }
  const mapped = f.get(USER_MAPPED);
  if (mapped !== undefined && mapped.length > 0) e.mappedUser = mapped;
  copy(f.get(USER_DN), details, "dn");

  const path = pathOf(f);
  if (path !== null) {
    e.objectKind = "path";
    e.object = path;
  }
  if (event === WEBDAV_REQUEST) copy(f.get(METHOD), details, "method");

  const code = f.get(CODE);
  if (code !== undefined && code.length > 0) {
    const n = Number(code);
    details.status = Number.isInteger(n) ? n : code;
    e.outcome = outcomeOf(code, n);
  }
  copy(f.get(REASON), details, "reason");
  const duration = f.get(DURATION);
  if (duration !== undefined && duration.length > 0) {
    const n = Number(duration);
    details.duration = Number.isFinite(n) ? n : duration;
  }
  copy(f.get(TRANSACTION), details, "transaction");
  copy(f.get(USER_AGENT), details, "userAgent");
  const extra = f.extra;
  for (let i = 0; i + 1 < extra.length; i += 2) {
    const key = extra[i] ?? "";
    if (key.startsWith("tpc.")) details[key] = extra[i + 1] ?? null;
  }
  e.details = details;
}

function copy(v: string | undefined, details: Details, as: string): void {
  if (v !== undefined && v.length > 0) details[as] = v;
}

function firstOf(list: string): string {
  const comma = list.indexOf(",");
  return comma === -1 ? list : list.slice(0, comma);
}

function outcomeOf(code: string, n: number): ParsedEvent["outcome"] {
  if (Number.isInteger(n)) return n >= 200 && n < 400 ? "success" : "failure";
  const lower = code.toLowerCase();
  return lower === "ok" || lower === "success" ? "success" : "failure";
}

/** The CDC session; from `transaction` (`<session>:<number>`) when the line has no session key. */
function sessionOf(f: NetLoggerFields): string | null {
  const session = f.get(SESSION);
  if (session !== undefined && session.length > 0) return session;
  const tx = f.get(TRANSACTION);
  if (tx === undefined || tx.length === 0) return null;
  return sessionFromTransaction(tx);
}

/** The path of `request.url` (scheme, host, query and fragment dropped), else `path`. */
function pathOf(f: NetLoggerFields): string | null {
  const url = f.get(REQUEST_URL);
  if (url !== undefined && url.length > 0) return urlPath(url);
  const p = f.get(PATH) ?? f.get(REQUEST_PATH);
  return p !== undefined && p.length > 0 ? decodePath(p) : null;
}

function urlPath(url: string): string {
  let start = 0;
  const scheme = url.indexOf("://");
  if (scheme !== -1 && scheme < 16) {
    const slash = url.indexOf("/", scheme + 3);
    if (slash === -1) return "/";
    start = slash;
  }
  let end = url.length;
  const q = url.indexOf("?", start);
  if (q !== -1) end = q;
  const h = url.indexOf("#", start);
  if (h !== -1 && h < end) end = h;
  const path = url.slice(start, end);
  return path.length === 0 ? "/" : decodePath(path);
}
