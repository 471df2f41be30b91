import {
  MAX_TIME_MS,
  MIN_TIME_MS,
  blankEvent,
  type Outcome,
  type ParsedEvent,
} from "../events/trace-event.js";
import {
  IGNORED,
  bad,
  events,
  type FormatModule,
  type LineParser,
  type LineResult,
} from "./parser.js";

/** Longer lines are refused: one runaway line must not stall an ingest of millions. */
export const MAX_LINE_CHARS = 64 * 1024;

/** What the Spring Boot log prefix of an IAM line gave; `timeMs` is NaN for an impossible date. */
export interface SpringPrefix {
  timeMs: number;
  tzOffsetMin: number | null;
  /** Index of the message (after the logger name and its colon). */
  msgStart: number;
}

// `yyyy-MM-dd[T ]HH:mm:ss` is read by position; the rest — [.,frac] [offset] level [pid] [---]
// [app] [thread] … logger : — by a sticky regex whose parts each start on a distinct character,
// so the match is linear (no nested quantifier can backtrack).
const SPRING_REST =
  /(?:[.,](\d{1,9}))?(Z|[+-]\d\d(?::?\d\d)?| [+-]\d\d:?\d\d)? +(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL) +(?:\d{1,10} +)?(?:--- +)?(?:\[[^\]]{0,256}\] *){0,4}[\w.$-]{1,256} *: ?/y;
const ISO_TIME =
  /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?(Z|[+-]\d\d(?::?\d\d)?)?$/;
const DIGITS = /^\d{1,16}$/;
const MAX_MS = 253402300800000; // 10000-01-01
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Civil time to UTC ms, NaN for impossible dates (month 13, Feb 30) so callers can say bad_timestamp. */
function civilToUtcMs(y: number, mo: number, d: number, h: number, mi: number, s: number) {
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return NaN;
  const leap = mo === 2 && (y % 4 === 0 && y % 100 !== 0 ? true : y % 400 === 0);
  if (d > (MONTH_DAYS[mo - 1] ?? 0) + (leap ? 1 : 0)) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function fractionMs(frac: string | undefined): number {
  return frac === undefined ? 0 : Number((frac + "00").slice(0, 3));
}

/** Offset text (Z, +02, +0200, +02:00) to minutes east of UTC; NaN when out of range. */
function offsetMin(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  if (raw === "Z") return 0;
  const text = raw.charCodeAt(0) === 32 ? raw.slice(1) : raw;
  const h = Number(text.slice(1, 3));
  const m = text.length > 3 ? Number(text.slice(text.length - 2)) : 0;
  if (h > 14 || m > 59) return NaN;
  return (text.charCodeAt(0) === 45 ? -1 : 1) * (h * 60 + m);
}

/** Reads the Spring Boot prefix variants IAM writes (shared with the exchange parser). */
export function parseSpringPrefix(line: string): SpringPrefix | null {
  if (line.length < 20) return null;
  const y = digits(line, 0, 4);
  const mo = digits(line, 5, 2);
  const d = digits(line, 8, 2);
  const h = digits(line, 11, 2);
  const mi = digits(line, 14, 2);
  const s = digits(line, 17, 2);
  const sep = line.charCodeAt(10);
  if ((y | mo | d | h | mi | s) < 0 || (sep !== 84 && sep !== 32)) return null;
  if (line.charCodeAt(4) !== 45 || line.charCodeAt(7) !== 45) return null;
  if (line.charCodeAt(13) !== 58 || line.charCodeAt(16) !== 58) return null;
  SPRING_REST.lastIndex = 19;
  const m = SPRING_REST.exec(line);
  if (m === null) return null;
  const tz = offsetMin(m[2]);
  const base = civilToUtcMs(y, mo, d, h, mi, s);
  const timeMs = base + fractionMs(m[1]) - (tz ?? 0) * 60000;
  return { timeMs, tzOffsetMin: tz, msgStart: SPRING_REST.lastIndex };
}

/** The decimal number of `len` ASCII digits at `at`, or -1. */
function digits(line: string, at: number, len: number): number {
  let n = 0;
  for (let i = at; i < at + len; i++) {
    const c = line.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** An ISO time string (with or without offset) as UTC ms, or null. */
function isoMs(text: string): { ms: number; tz: number | null } | null {
  const m = ISO_TIME.exec(text);
  if (m === null) return null;
  const tz = offsetMin(m[8]);
  const base = civilToUtcMs(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  const ms = base + fractionMs(m[7]) - (tz ?? 0) * 60000;
  return Number.isFinite(ms) ? { ms, tz } : null;
}

function str(v: unknown): string | null {
  return typeof v === "string" && v.length > 0 ? v : null;
}

function obj(v: unknown): Record<string, unknown> | null {
  return typeof v === "object" && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : null;
}

/** A claim time (epoch s, epoch ms, digit string, or Jackson's ISO Date) as epoch seconds. */
function epochSec(v: unknown): number | null {
  let n = typeof v === "number" ? v : typeof v === "string" && DIGITS.test(v) ? Number(v) : NaN;
  if (Number.isNaN(n) && typeof v === "string") {
    const t = isoMs(v);
    if (t !== null) return Math.floor(t.ms / 1000);
  }
  if (!Number.isFinite(n) || n < 0) return null;
  if (n > 1e11) n = n / 1000; // epoch ms
  return Math.floor(n);
}

function stringList(v: unknown): string[] | null {
  if (!Array.isArray(v)) return null;
  for (const g of v) if (typeof g !== "string") return null;
  return v as string[];
}

function spaced(v: unknown): string | null {
  if (typeof v === "string") return v.length > 0 ? v : null;
  const list = stringList(v);
  return list !== null && list.length > 0 ? list.join(" ") : null;
}

interface Mapping {
  action: string;
  tokenType: string | null;
  outcome: Outcome;
}

const KNOWN = new Map<string, Mapping>([
  ["AccessTokenIssuedEvent", { action: "token.issued", tokenType: "access", outcome: "success" }],
  ["RefreshTokenIssuedEvent", { action: "token.issued", tokenType: "refresh", outcome: "success" }],
  ["IdTokenIssuedEvent", { action: "token.issued", tokenType: "id", outcome: "success" }],
  ["AccessTokenRefreshedEvent", { action: "token.refreshed", tokenType: null, outcome: "success" }],
  ["IntrospectionEvent", { action: "token.introspected", tokenType: null, outcome: "unknown" }],
  ["RevocationEvent", { action: "token.revoked", tokenType: null, outcome: "success" }],
  ["AccountSuspendedEvent", { action: "account.suspended", tokenType: null, outcome: "success" }],
  [
    "AccountUnsuspendedEvent",
    { action: "account.unsuspended", tokenType: null, outcome: "success" },
  ],
]);

const CLASS_NAME = /^[A-Za-z]\w*$/;
const CATEGORY_PREFIX: Record<string, string> = {
  TOKEN: "token",
  ACCOUNT: "account",
  AUTHENTICATION: "auth",
};

/** Other TOKEN/ACCOUNT/AUTHENTICATION events: a dotted action built from the class name. */
function genericMapping(name: string, category: string): Mapping | null {
  const prefix = CATEGORY_PREFIX[category];
  if (prefix === undefined || name.length > 100 || !CLASS_NAME.test(name)) return null;
  const failed = name.includes("Fail");
  const base = name.replace(/^Iam/, "").replace(/Event$/, "");
  if (prefix === "auth" && (failed || base.includes("Success"))) {
    return { action: "auth.login", tokenType: null, outcome: failed ? "failure" : "success" };
  }
  const issued = /^(\w*?)TokenIssued$/.exec(base);
  if (prefix === "token" && issued !== null) {
    const kind = issued[1]!.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
    return { action: "token.issued", tokenType: kind || null, outcome: "success" };
  }
  const lead =
    prefix === "auth" ? /^Auth(entication)?/ : prefix === "token" ? /^Token/ : /^Account/;
  const words = base
    .replace(lead, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1.$2")
    .toLowerCase();
  const action = words.length > 0 ? `${prefix}.${words}` : prefix;
  return { action, tokenType: null, outcome: failed ? "failure" : "success" };
}

function put(details: Record<string, string | number | boolean | null>, k: string, v: unknown) {
  if (typeof v === "string" ? v.length > 0 : typeof v === "number" || typeof v === "boolean") {
    details[k] = v as string | number | boolean;
  }
}

/** Fills the token fields from a claim set (payload, older `body`, or an introspection response). */
function fillClaims(
  ev: ParsedEvent,
  claims: Record<string, unknown>,
  details: ParsedEvent["details"],
) {
  ev.iss = str(claims.iss);
  ev.sub = str(claims.sub);
  ev.jti = str(claims.jti);
  ev.clientId = str(claims.client_id) ?? str(claims.azp);
  ev.tokenExp = epochSec(claims.exp);
  ev.groups = stringList(claims["wlcg.groups"]) ?? stringList(claims.groups);
  if (details === null) return;
  put(details, "scope", spaced(claims.scope));
  put(details, "aud", spaced(claims.aud));
}

/**
 * Maps one IAM audit JSON object (starting at `from` in `line`) to an event. Exported so the
 * IAM main-log parser handles audit entries mixed into the same file exactly like iam-audit.
 */
export function parseIamAuditJson(
  line: string,
  from: number,
  prefix: SpringPrefix | null,
): LineResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.slice(from));
  } catch {
    return bad("bad_json", "the audit JSON does not parse");
  }
  const json = obj(parsed);
  const type = json === null ? null : str(json["@type"]);
  if (json === null || type === null) return bad("missing_field", "audit JSON without @type");
  const name = type.slice(Math.max(type.lastIndexOf("."), type.lastIndexOf("$")) + 1);
  const category = typeof json.category === "string" ? json.category : "";
  const map = KNOWN.get(name) ?? genericMapping(name, category);
  if (map === null) return IGNORED;

  let timeMs = NaN;
  const prefixMs = prefix === null ? NaN : prefix.timeMs;
  let tz = prefix !== null && Number.isFinite(prefixMs) ? prefix.tzOffsetMin : null;
  const ts = json.timestamp;
  if (typeof ts === "number" || (typeof ts === "string" && DIGITS.test(ts))) {
    timeMs = Number(ts);
    tz ??= 0; // epoch milliseconds: an instant, not a wall-clock time
  } else if (typeof ts === "string") {
    const t = isoMs(ts);
    if (t !== null) {
      timeMs = t.ms;
      tz = t.tz; // the offset of the time taken; without one it is a wall-clock time
    }
  }
  // Out of the plausible range (seconds where IAM writes milliseconds, a mangled year): the
  // Spring Boot prefix's time, when the line has one.
  if (!(timeMs >= MIN_TIME_MS && timeMs < MAX_TIME_MS) && Number.isFinite(prefixMs)) {
    timeMs = prefixMs;
    tz = prefix?.tzOffsetMin ?? null;
  } else if (!(timeMs >= 0 && timeMs < MAX_MS)) {
    timeMs = prefixMs;
    tz = prefix?.tzOffsetMin ?? null;
  }
  if (!Number.isFinite(timeMs)) return bad("bad_timestamp", "no usable time in prefix or JSON");

  const ev = blankEvent("iam", timeMs, map.action);
  ev.tzOffsetMin = tz;
  ev.outcome = map.outcome;
  const details: Record<string, string | number | boolean | null> = {};
  if (map.tokenType !== null) details.tokenType = map.tokenType;
  const claims = obj(json.payload) ?? obj(json.body) ?? obj(json.response);
  if (claims !== null) fillClaims(ev, claims, details);
  if (details.scope === undefined) put(details, "scope", spaced(json.scopes));
  if (typeof claims?.active === "boolean") details.active = claims.active;
  put(details, "refreshTokenJti", str(json.refreshTokenJti));
  put(details, "grantType", str(json.grantType));
  put(details, "subject", str(json.subject));
  put(details, "principal", str(json.principal));
  const account = obj(json.account);
  if (category === "ACCOUNT" || name.startsWith("Account")) {
    const uuid = str(account?.uuid);
    const accountName = str(account?.name) ?? str(json.account);
    ev.objectKind = uuid !== null || accountName !== null ? "account" : null;
    ev.object = uuid ?? accountName;
    ev.sub ??= uuid; // an IAM user's sub is the account uuid
    put(details, "accountName", accountName);
  }
  ev.details = Object.keys(details).length > 0 ? details : null;
  return events(ev);
}

/** True for a line holding nothing but whitespace (those are skipped, never bad). */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
  }
  return true;
}

function parseAuditLine(line: string): LineResult {
  if (line.length > MAX_LINE_CHARS) return bad("line_too_long", "line longer than 64 KiB");
  if (isBlank(line)) return IGNORED;
  const prefix = parseSpringPrefix(line);
  const start = prefix === null ? 0 : prefix.msgStart;
  const brace = line.indexOf("{", start);
  if (brace < 0) {
    return prefix === null
      ? bad("unknown_line", "neither a Spring Boot prefix nor audit JSON")
      : bad("missing_json", "no JSON object after the log prefix");
  }
  if (prefix === null && !isBlank(line.slice(0, brace))) {
    return bad("unknown_line", "text before the JSON is not a Spring Boot log prefix");
  }
  return parseIamAuditJson(line, brace, prefix);
}

function create(): LineParser {
  return { format: "iam-audit", parseLine: parseAuditLine, saveState: () => null };
}

function sniff(line: string): boolean {
  const brace = line.indexOf("{");
  return brace >= 0 && line.includes('"@type"', brace) && line.includes('"category"', brace);
}

/** IAM's audit log (logger AUDIT): the issuer's record of every token it minted or refreshed. */
export const iamAuditFormat: FormatModule = {
  format: "iam-audit",
  component: "iam",
  create,
  sniff,
};
