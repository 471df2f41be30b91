import { blankEvent, type Outcome } from "../events/trace-event.js";
import {
  IGNORED,
  bad,
  events,
  type FormatModule,
  type LineParser,
  type LineResult,
} from "./parser.js";

const MAX_LINE_CHARS = 64 * 1024;

// `INFO    Tue, 03 Sep 2024 10:11:12 +0200; ` (current) and `INFO    Tue Sep 03 10:11:12 2024; `
// (older releases, local time without offset). Both anchored, no nested quantifiers.
const DAYS = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const MONTHS = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const PREFIX = new RegExp(
  `^[A-Z]{3,8} *${DAYS}, (\\d{1,2}) ${MONTHS} (\\d{4}) (\\d\\d):(\\d\\d):(\\d\\d) ([+-]\\d\\d):?(\\d\\d); ?`,
);
const LEGACY = new RegExp(
  `^[A-Z]{3,8} *${DAYS} ${MONTHS} +(\\d{1,2}) (\\d\\d):(\\d\\d):(\\d\\d) (\\d{4}); ?`,
);
/** A level and something date-like before `; `: the line is FTS, only its date is wrong. */
const LOOSE = /^[A-Z]{3,8} *[A-Z][a-z]{2}[, ][^;]{4,40}; ?/;
const MONTH_NUM: Record<string, number> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};
const WEEKDAY: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const TOKEN_ID = /^[\w-]{1,128}$/;
const ISSUER = /^\S{1,2048}$/;
const DIGITS = /^\d{1,12}$/;

/** Civil time as if UTC; NaN when impossible or when the weekday the log printed disagrees. */
function localMs(y: number, mo: number, d: number, h: number, mi: number, s: number, wd: number) {
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || (h | mi | s) < 0) return NaN;
  if (h > 23 || mi > 59 || s > 59) return NaN;
  const leap = mo === 2 && (y % 4 === 0 && y % 100 !== 0 ? true : y % 400 === 0);
  if (d > (MONTH_DAYS[mo - 1] ?? 0) + (leap ? 1 : 0)) return NaN;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return (Math.floor(ms / 86400000) + 4) % 7 === wd ? ms : NaN; // 1970-01-01 was a Thursday
}

interface Head {
  timeMs: number;
  tzOffsetMin: number | null;
  msgStart: number;
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

// Offsets of the separators in `Tue, 03 Sep 2024 10:11:12 +0200;` from the weekday.
const FIXED: readonly (readonly [number, number])[] = [
  [3, 44],
  [4, 32],
  [7, 32],
  [11, 32],
  [16, 32],
  [19, 58],
  [22, 58],
  [25, 32],
  [31, 59],
];

/** The canonical current prefix read by position (the hot path); null lets the regexes try. */
function fastHead(line: string): Head | null {
  let i = 0;
  while (i < 8 && line.charCodeAt(i) >= 65 && line.charCodeAt(i) <= 90) i++;
  if (i < 3) return null;
  while (line.charCodeAt(i) === 32) i++;
  if (line.length < i + 32) return null;
  for (const [off, code] of FIXED) if (line.charCodeAt(i + off) !== code) return null;
  const sign = line.charCodeAt(i + 26);
  const oh = digits(line, i + 27, 2);
  const om = digits(line, i + 29, 2);
  if ((sign !== 43 && sign !== 45) || oh < 0 || om < 0) return null;
  const tz = oh > 14 || om > 59 ? NaN : (sign === 45 ? -1 : 1) * (oh * 60 + om);
  const wd = WEEKDAY[line.slice(i, i + 3)] ?? -1;
  const mo = MONTH_NUM[line.slice(i + 8, i + 11)] ?? 0;
  const y = digits(line, i + 12, 4);
  const d = digits(line, i + 5, 2);
  const h = digits(line, i + 17, 2);
  const local = localMs(y, mo, d, h, digits(line, i + 20, 2), digits(line, i + 23, 2), wd);
  const msgStart = i + 32 + (line.charCodeAt(i + 32) === 32 ? 1 : 0);
  return { timeMs: local - tz * 60000, tzOffsetMin: tz, msgStart };
}

function readHead(line: string): Head | null {
  const fast = fastHead(line);
  if (fast !== null) return fast;
  let m = PREFIX.exec(line);
  if (m !== null) {
    const sign = m[8]!.charCodeAt(0) === 45 ? -1 : 1;
    const oh = Number(m[8]!.slice(1));
    const om = Number(m[9]);
    const tz = oh > 14 || om > 59 ? NaN : sign * (oh * 60 + om);
    const wd = WEEKDAY[m[1]!] ?? -1;
    const local = localMs(+m[4]!, MONTH_NUM[m[3]!] ?? 0, +m[2]!, +m[5]!, +m[6]!, +m[7]!, wd);
    return { timeMs: local - tz * 60000, tzOffsetMin: tz, msgStart: m[0].length };
  }
  m = LEGACY.exec(line);
  if (m === null) return null;
  const wd = WEEKDAY[m[1]!] ?? -1;
  const ms = localMs(+m[7]!, MONTH_NUM[m[2]!] ?? 0, +m[3]!, +m[4]!, +m[5]!, +m[6]!, wd);
  return { timeMs: ms, tzOffsetMin: null, msgStart: m[0].length };
}

interface TokenMessage {
  phrase: string;
  action: string;
  outcome: Outcome;
}

/** Token daemon messages (TokenExchangeExecutor, TokenRefreshExecutor, the exchange service). */
const TOKEN_MESSAGES: readonly TokenMessage[] = [
  { phrase: "Starting token-exchange:", action: "token.exchange.started", outcome: "unknown" },
  { phrase: "Obtained exchanged token:", action: "token.exchanged", outcome: "success" },
  { phrase: "Storing exchanged token:", action: "token.exchange.stored", outcome: "success" },
  { phrase: "Starting token-refresh:", action: "token.refresh.started", outcome: "unknown" },
  { phrase: "Obtained refreshed access token:", action: "token.refreshed", outcome: "success" },
  { phrase: "Failed to refresh access token:", action: "token.refresh.failed", outcome: "failure" },
  {
    phrase: "Failed to obtain refresh token:",
    action: "token.exchange.failed",
    outcome: "failure",
  },
];

const LOGIN = " logged in via oauth2";

/** The value of ` key=value` (space-delimited) in [from, limit), or null when absent/empty. */
function keyValue(line: string, key: string, from: number, limit: number): string | null {
  let at = line.indexOf(key, from);
  while (at > 0 && line.charCodeAt(at - 1) !== 32) at = line.indexOf(key, at + 1);
  if (at < 0 || at >= limit) return null;
  const start = at + key.length;
  let end = line.indexOf(" ", start);
  if (end < 0 || end > limit) end = limit;
  return end > start ? line.slice(start, end) : null;
}

// Token material FTS prints next to errors: abbreviated tokens (abcde...vwxyz), JWTs, key=value.
const SECRETS =
  /(?:access|refresh)_token=\S*|eyJ[\w-]*\.[\w-]*(?:\.[\w-]*)?|[\w-]{3,}\.\.\.[\w-]{3,}/g;
const MAX_ERROR_CHARS = 1024;

/** Where the quoted error (`response: '…'` or `error: '…'`) of a failure line starts, or -1. */
function errorStart(line: string, from: number): number {
  const at = line.indexOf("response: '", from);
  if (at >= 0) return at;
  return line.indexOf("error: '", from);
}

/** The quoted error, capped (before scrubbing, which keeps the regex cheap) and scrubbed. */
function errorText(line: string, at: number): string | null {
  const start = line.indexOf("'", at) + 1;
  const last = line.lastIndexOf("'");
  const raw = line.slice(start, last >= start ? last : line.length).slice(0, MAX_ERROR_CHARS);
  const clean = raw.replace(SECRETS, "<redacted>");
  return clean.length > 0 ? clean : null;
}

function tokenEvent(line: string, head: Head, msg: TokenMessage, at: number): LineResult {
  const from = at + msg.phrase.length;
  const errAt = msg.outcome === "failure" ? errorStart(line, from) : -1;
  const limit = errAt >= 0 ? errAt : line.length;
  const ev = blankEvent("fts", head.timeMs, msg.action);
  ev.tzOffsetMin = head.tzOffsetMin;
  ev.outcome = msg.outcome;
  const rawId = keyValue(line, "token_id=", from, limit);
  const tokenId = rawId !== null && TOKEN_ID.test(rawId) ? rawId : null;
  const issuer = keyValue(line, "issuer=", from, limit);
  const exp = keyValue(line, "expiration_time=", from, limit);
  ev.corr = tokenId === null ? null : `token_id:${tokenId}`;
  ev.iss = issuer !== null && ISSUER.test(issuer) ? issuer : null;
  ev.tokenExp = exp !== null && DIGITS.test(exp) ? Number(exp) : null;
  const details: Record<string, string | null> = { tokenId };
  if (msg.outcome === "failure") details.error = errAt >= 0 ? errorText(line, errAt) : null;
  ev.details = details;
  return events(ev);
}

function parseFtsLine(line: string): LineResult {
  if (line.length > MAX_LINE_CHARS) return bad("line_too_long", "line longer than 64 KiB");
  if (line.length === 0) return IGNORED;
  const c0 = line.charCodeAt(0);
  if ((c0 === 32 || c0 === 9) && line.trim().length === 0) return IGNORED;
  const head = readHead(line);
  if (head === null) {
    return LOOSE.test(line)
      ? bad("bad_timestamp", "FTS line with an unreadable date")
      : bad("unknown_line", "no FTS level and date prefix");
  }
  if (!Number.isFinite(head.timeMs)) return bad("bad_timestamp", "impossible date in FTS prefix");
  const start = head.msgStart;
  if (line.includes("token", start)) {
    for (const msg of TOKEN_MESSAGES) {
      const at = line.indexOf(msg.phrase, start);
      if (at >= 0) return tokenEvent(line, head, msg, at);
    }
  }
  const login = line.indexOf(LOGIN, start);
  if (login > start && login + LOGIN.length === line.length) {
    const sub = line.slice(start, login).trim();
    if (sub.length === 0) return IGNORED;
    const ev = blankEvent("fts", head.timeMs, "auth.login");
    ev.tzOffsetMin = head.tzOffsetMin;
    ev.outcome = "success";
    ev.sub = sub;
    return events(ev);
  }
  return IGNORED;
}

function create(): LineParser {
  return { format: "fts", parseLine: parseFtsLine, saveState: () => null };
}

function sniff(line: string): boolean {
  return PREFIX.test(line) || LEGACY.test(line);
}

/**
 * FTS3 server and REST logs. The token daemon's token_id (a hash prefix of the submitted access
 * token) is the only key that ties an FTS exchange and its refreshes together, so it becomes
 * `corr`. Token fragments printed beside it are never copied.
 */
export const ftsFormat: FormatModule = { format: "fts", component: "fts", create, sniff };
