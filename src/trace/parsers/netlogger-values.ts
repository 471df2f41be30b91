import { IGNORED, bad, type LineResult } from "./parser.js";

/**
 * Value readers shared by the HTCondor, ARC and dCache parsers (the NetLogger ones first, hence the
 * name): line guards, calendar-checked timestamps, socket addresses. Hand-written scanners rather
 * than regular expressions, because they run on every one of tens of millions of lines and must
 * neither backtrack nor throw on mangled input.
 */

/** Longer lines are refused: no real record of these formats comes close (64 KiB). */
export const MAX_LINE_CHARS = 65_536;

/**
 * The checks every parser makes before reading a line, so that overlong, empty and binary lines
 * are classified the same way in every format. Returns the verdict, or null to go on parsing.
 */
export function preflight(line: string): LineResult | null {
  if (line.length > MAX_LINE_CHARS) {
    return bad("line_too_long", `line has ${line.length} characters (limit ${MAX_LINE_CHARS})`);
  }
  if (line.length === 0 || (isSpace(line.charCodeAt(0)) && line.trim().length === 0)) {
    return IGNORED;
  }
  if (line.indexOf("\u0000") !== -1) return bad("binary_data", "line contains NUL bytes");
  return null;
}

/** Whether `c` may start a whitespace-only line (what String#trim removes). */
function isSpace(c: number): boolean {
  return c <= 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x3000) || c === 0xfeff;
}

/** Drops a UTF-8 byte-order mark that an editor or collector left on the first line. */
export function stripBom(line: string): string {
  return line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
}

/** Reads exactly `count` ASCII digits at `pos`; -1 when any is missing or not a digit. */
export function digitsAt(s: string, pos: number, count: number): number {
  if (pos + count > s.length) return -1;
  let n = 0;
  for (let i = pos; i < pos + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** True when `s` is a non-empty run of ASCII digits between `start` and `end`. */
export function allDigits(s: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Wall-clock fields to epoch ms as if they were UTC; NaN for an impossible date or time (Feb 30,
 * hour 24, second 60 …) so that callers can report `bad_timestamp` instead of silently rolling over
 * like `Date.UTC` does.
 */
export function civilToMs(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): number {
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59) return NaN;
  if (s < 0 || s > 59 || ms < 0 || ms > 999) return NaN;
  const dim = DAYS_IN_MONTH[mo - 1] ?? 0;
  if (d > dim) return NaN;
  if (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

/** Fractional seconds (`.123`, `,5`, `.123456789`) at `pos` as milliseconds, and where they end. */
export function readFraction(s: string, pos: number): { ms: number; end: number } {
  const sep = s.charCodeAt(pos);
  if (sep !== 46 && sep !== 44) return { ms: 0, end: pos };
  let i = pos + 1;
  let ms = 0;
  let scale = 100;
  while (i < s.length) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    ms += c * scale;
    scale /= 10;
    i++;
  }
  if (i === pos + 1) return { ms: 0, end: pos };
  return { ms: Math.floor(ms), end: i };
}

/** A parsed timestamp: UTC epoch ms, the written offset (null if none) and where the text ended. */
export interface ParsedTime {
  ms: number;
  tzOffsetMin: number | null;
  end: number;
}

/**
 * ISO-like `YYYY-MM-DD[T ]HH:MM:SS[.frac][Z|±HH:MM|±HHMM|±HH]` starting at `pos`. Without an
 * offset the wall clock is read as UTC and `tzOffsetMin` is null. Returns null when the text is
 * not such a timestamp or names an impossible instant.
 */
export function parseIsoTime(s: string, pos: number): ParsedTime | null {
  const y = digitsAt(s, pos, 4);
  const mo = digitsAt(s, pos + 5, 2);
  const d = digitsAt(s, pos + 8, 2);
  const h = digitsAt(s, pos + 11, 2);
  const mi = digitsAt(s, pos + 14, 2);
  const sec = digitsAt(s, pos + 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return null;
  const sep = s.charCodeAt(pos + 10);
  if (s.charCodeAt(pos + 4) !== 45 || s.charCodeAt(pos + 7) !== 45) return null;
  if ((sep !== 84 && sep !== 32) || s.charCodeAt(pos + 13) !== 58) return null;
  if (s.charCodeAt(pos + 16) !== 58) return null;
  let end = pos + 19;
  let ms = 0;
  const fc = s.charCodeAt(end);
  if ((fc === 46 || fc === 44) && digitsAt(s, end + 1, 1) >= 0) {
    const frac = readFraction(s, end);
    ms = frac.ms;
    end = frac.end;
  }
  const local = civilToMs(y, mo, d, h, mi, sec, ms);
  if (Number.isNaN(local)) return null;
  const oc = s.charCodeAt(end);
  if (oc === 90) return { ms: local, tzOffsetMin: 0, end: end + 1 }; // Z
  if (oc !== 43 && oc !== 45) return { ms: local, tzOffsetMin: null, end };
  const hh = digitsAt(s, end + 1, 2);
  if (hh < 0 || hh > 23) return null;
  end += 3;
  let mm = 0;
  if (s.charCodeAt(end) === 58) {
    mm = digitsAt(s, end + 1, 2);
    end += 3;
  } else if (digitsAt(s, end, 2) >= 0) {
    mm = digitsAt(s, end, 2);
    end += 2;
  }
  if (mm < 0 || mm > 59) return null;
  const tz = (oc === 45 ? -1 : 1) * (hh * 60 + mm);
  return { ms: local - tz * 60_000, tzOffsetMin: tz, end };
}

/** `HH:MM:SS` at `pos`, or null. */
export function readClock(s: string, pos: number): { h: number; mi: number; s: number } | null {
  const h = digitsAt(s, pos, 2);
  const mi = digitsAt(s, pos + 3, 2);
  const sec = digitsAt(s, pos + 6, 2);
  if (h < 0 || mi < 0 || sec < 0) return null;
  if (s.charCodeAt(pos + 2) !== 58 || s.charCodeAt(pos + 5) !== 58) return null;
  return { h, mi, s: sec };
}

/**
 * The address part of how middleware prints a peer: `1.2.3.4:5678`, `[2001:db8::1]:5678`,
 * Java's `host/1.2.3.4:5678`, HTCondor's sinful `<1.2.3.4:9618?addrs=…>`, or a bare address.
 * IPv6 comes back without brackets. Null for an empty or `(null)` value.
 */
export function addressOf(raw: string): string | null {
  const colon = raw.indexOf(":");
  if (colon > 0 && colon === raw.lastIndexOf(":") && isIpv4Start(raw.charCodeAt(0))) {
    const head = raw.slice(0, colon); // the common `1.2.3.4:port`
    if (head.indexOf("/") === -1 && head.indexOf(" ") === -1) return head;
  }
  let s = raw.trim();
  if (s.charCodeAt(0) === 60) {
    const close = s.indexOf(">");
    s = s.slice(1, close === -1 ? s.length : close);
  }
  const q = s.indexOf("?");
  if (q !== -1) s = s.slice(0, q);
  const slash = s.indexOf("/");
  if (slash !== -1) s = s.slice(slash + 1);
  if (s.charCodeAt(0) === 91) {
    const close = s.indexOf("]");
    s = close === -1 ? s.slice(1) : s.slice(1, close);
  } else {
    const first = s.indexOf(":");
    if (first !== -1) {
      const last = s.lastIndexOf(":");
      if (first === last) s = s.slice(0, first);
      else if (countChar(s, 58) === 8) s = s.slice(0, last); // Java's full IPv6 + port
    }
  }
  if (s.length === 0 || s === "(null)" || s === "unknown") return null;
  return s;
}

function isIpv4Start(c: number): boolean {
  return c >= 48 && c <= 57;
}

function countChar(s: string, code: number): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === code) n++;
  return n;
}

/** Percent-decodes a URL path when it can be decoded; malformed escapes are kept as written. */
export function decodePath(path: string): string {
  if (path.indexOf("%") === -1) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * dCache's CDC session from a transaction id: `door:cell@domain:AAZx:1564991268926000` →
 * `door:cell@domain:AAZx`. Access-log lines and billing initiators both carry transactions, so
 * reducing both to the session gives one join key (`session:<session>`) across the two files.
 * A value without a trailing `:<digits>` is returned as it is.
 */
export function sessionFromTransaction(tx: string): string {
  const colon = tx.lastIndexOf(":");
  if (colon <= 0 || !allDigits(tx, colon + 1, tx.length)) return tx;
  return tx.slice(0, colon);
}
