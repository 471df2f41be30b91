/**
 * Small, allocation-light helpers shared by the StoRM, XRootD and EOS parsers: `&`-joined
 * key=value records, safe percent-decoding, IP literals and the timestamp shapes those logs
 * write. Everything is index based (no regex on the hot path) because ingest runs over tens of
 * millions of lines, and nothing throws on mangled input.
 */

/** Longer lines are refused: one runaway line must not stall an ingest of millions. */
export const MAX_LINE_CHARS = 64 * 1024;

/** A time read from a line: UTC ms, the offset the log wrote (null if none) and where it ended. */
export interface TimeAt {
  ms: number;
  tzOffsetMin: number | null;
  end: number;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True for "", whitespace-only lines: those are skipped, never counted as bad. */
export function isBlank(line: string): boolean {
  if (line.length === 0) return true;
  if (line.charCodeAt(0) > 32) return false;
  return line.trim().length === 0;
}

/**
 * Percent-decodes when the value looks encoded; a malformed escape (which makes
 * decodeURIComponent throw) keeps the raw text, since a log line must never abort a parse.
 */
export function safeDecode(value: string): string {
  if (value.indexOf("%") < 0) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function isKeyChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46
  );
}

/**
 * A fixed set of wanted keys of an `&`-joined record, read in one pass: each key is hashed while
 * it is scanned and looked up in a small open-addressing table, so the dozens of keys a record
 * carries that nobody wants cost no allocation. A value runs to the next `&` that starts a
 * `key=` (key of letters, digits, `_`, `.`), so a path may keep a literal `&` that does not;
 * the last occurrence of a key wins. `spans` is scratch overwritten by every scan (JavaScript
 * runs one scan at a time), so no state crosses lines.
 */
export class KeyTable {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly spans: Int32Array;
  private hash = 0;

  constructor(private readonly keys: readonly string[]) {
    let size = 16;
    while (size < keys.length * 4) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size);
    this.spans = new Int32Array(keys.length * 2);
    keys.forEach((k, id) => {
      let h = 0;
      for (let i = 0; i < k.length; i++) h = (Math.imul(h, 31) + k.charCodeAt(i)) | 0;
      let slot = h & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = id + 1;
    });
  }

  private lookup(line: string, pos: number, eq: number, h: number): number {
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const v = this.slots[slot]!;
      if (v === 0) return -1;
      const k = this.keys[v - 1]!;
      if (k.length === eq - pos && line.startsWith(k, pos)) return v - 1;
    }
  }

  /** Index just past the key characters from i; their hash is left in `hash`. */
  private keyEnd(line: string, i: number): number {
    let h = 0;
    let c = line.charCodeAt(i);
    while (isKeyChar(c)) {
      h = (Math.imul(h, 31) + c) | 0;
      c = line.charCodeAt(++i);
    }
    this.hash = h;
    return i;
  }

  /** Reads the record that starts with a key at `start`; false when no `key=` is there. */
  scan(line: string, start: number): boolean {
    this.spans.fill(-1);
    let pos = start;
    let eq = this.keyEnd(line, start);
    if (eq === start || line.charCodeAt(eq) !== 61) return false;
    for (;;) {
      const h = this.hash;
      let amp = line.indexOf("&", eq + 1);
      let nextEq = -1;
      for (; amp >= 0; amp = line.indexOf("&", amp + 1)) {
        const k = this.keyEnd(line, amp + 1);
        if (k > amp + 1 && line.charCodeAt(k) === 61) {
          nextEq = k;
          break;
        }
      }
      const id = this.lookup(line, pos, eq, h);
      if (id >= 0) {
        this.spans[id * 2] = eq + 1;
        this.spans[id * 2 + 1] = amp < 0 ? line.length : amp;
      }
      if (nextEq < 0) return true;
      pos = amp + 1;
      eq = nextEq;
    }
  }

  /** The value of key `id` (its index in the constructor's list) in the last scan, or null. */
  get(line: string, id: number): string | null {
    const s = this.spans[id * 2]!;
    return s < 0 ? null : line.slice(s, this.spans[id * 2 + 1]);
  }
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Two digits at i as a number, -1 when either is not a digit (or past the end). */
function two(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Civil UTC time to ms, NaN for impossible values (month 13, 30 Feb, hour 24). */
export function civilUtcMs(y: number, mo: number, d: number, h: number, mi: number, s: number) {
  if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) {
    return NaN;
  }
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (MONTH_DAYS[mo - 1] ?? 0) + (leap ? 1 : 0)) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** `HH:MM:SS[.frac|,frac]` at i: adds it to `dayMs`; null when malformed or impossible. */
function clockAt(s: string, i: number, y: number, mo: number, d: number): TimeAt | null {
  const h = two(s, i);
  const mi = two(s, i + 3);
  const sec = two(s, i + 6);
  if (h < 0 || mi < 0 || sec < 0 || s.charCodeAt(i + 2) !== 58 || s.charCodeAt(i + 5) !== 58) {
    return null;
  }
  const base = civilUtcMs(y, mo, d, h, mi, sec);
  if (Number.isNaN(base)) return null;
  let end = i + 8;
  let ms = 0;
  const sep = s.charCodeAt(end);
  if ((sep === 46 || sep === 44) && digit(s, end + 1) >= 0) {
    end++;
    let scale = 100;
    while (digit(s, end) >= 0) {
      ms += digit(s, end) * scale;
      scale /= 10;
      end++;
    }
    ms = Math.floor(ms);
  }
  return { ms: base + ms, tzOffsetMin: null, end };
}

/**
 * ISO-8601 time starting at i: `YYYY-MM-DD[T| ]HH:MM:SS[.frac][Z|±HH[:]MM|±HH]`. Returns the
 * end index so callers check what follows; null when the text is not such a time or the date is
 * impossible (callers report bad_timestamp).
 */
export function isoTimeAt(s: string, i: number): TimeAt | null {
  const y = two(s, i) * 100 + two(s, i + 2);
  const mo = two(s, i + 5);
  const d = two(s, i + 8);
  const t = s.charCodeAt(i + 10);
  if (two(s, i) < 0 || two(s, i + 2) < 0 || mo < 0 || d < 0) return null;
  if (s.charCodeAt(i + 4) !== 45 || s.charCodeAt(i + 7) !== 45) return null;
  if (t !== 84 && t !== 116 && t !== 32) return null;
  const r = clockAt(s, i + 11, y, mo, d);
  if (r === null) return null;
  const z = s.charCodeAt(r.end);
  if (z === 90 || z === 122) {
    r.tzOffsetMin = 0;
    r.end++;
  } else if (z === 43 || z === 45) {
    const oh = two(s, r.end + 1);
    if (oh < 0) return r;
    let om = 0;
    let end = r.end + 3;
    if (s.charCodeAt(end) === 58 && two(s, end + 1) >= 0) {
      om = two(s, end + 1);
      end += 3;
    } else if (two(s, end) >= 0) {
      om = two(s, end);
      end += 2;
    }
    if (oh > 14 || om > 59) return null;
    const off = (z === 45 ? -1 : 1) * (oh * 60 + om);
    r.tzOffsetMin = off;
    r.ms -= off * 60000;
    r.end = end;
  }
  return r;
}

/** XRootD's own log stamp `yymmdd HH:MM:SS[.frac]` (20yy, local clock read as UTC). */
export function xrdTimeAt(s: string, i: number): TimeAt | null {
  const yy = two(s, i);
  const mo = two(s, i + 2);
  const d = two(s, i + 4);
  if (yy < 0 || mo < 0 || d < 0 || s.charCodeAt(i + 6) !== 32) return null;
  return clockAt(s, i + 7, 2000 + yy, mo, d);
}

/**
 * Epoch seconds at i (9 to 11 digits, optional fraction), as collectors stamp records. Bounded
 * length so a stray number (a pid, a byte count) is not taken for a time.
 */
export function epochTimeAt(s: string, i: number): TimeAt | null {
  let end = i;
  let sec = 0;
  while (digit(s, end) >= 0) sec = sec * 10 + digit(s, end++);
  if (end - i < 9 || end - i > 11) return null;
  let ms = 0;
  if (s.charCodeAt(end) === 46 && digit(s, end + 1) >= 0) {
    end++;
    let scale = 100;
    while (digit(s, end) >= 0) {
      ms += digit(s, end++) * scale;
      scale /= 10;
    }
  }
  const total = sec * 1000 + Math.floor(ms);
  if (total > 253402300799999) return null;
  return { ms: total, tzOffsetMin: 0, end }; // an instant: no zone applies
}

/** Unsigned decimal integer (up to 15 digits), or NaN: for counters and epoch fields. */
export function uint(text: string): number {
  const n = text.length;
  if (n === 0 || n > 15) return NaN;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

function isIpv4(s: string): boolean {
  let parts = 0;
  let v = -1;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (v < 0 || v > 255) return false;
      parts++;
      v = -1;
    } else if (c >= 48 && c <= 57) {
      v = v < 0 ? c - 48 : v * 10 + (c - 48);
      if (v > 999) return false;
    } else return false;
  }
  return parts === 4;
}

function isIpv6(s: string): boolean {
  if (s.length < 2 || s.length > 64 || s.indexOf(":") < 0) return false;
  const zone = s.indexOf("%");
  const n = zone < 0 ? s.length : zone;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const hex = (c >= 48 && c <= 58) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
    if (!hex && c !== 46) return false;
  }
  return true;
}

/**
 * The address as an IP literal (IPv6 without brackets), or null for a host name or anything
 * else: names are never resolved, so a name stays a name and callers keep it apart.
 */
export function ipLiteral(raw: string): string | null {
  const s =
    raw.charCodeAt(0) === 91 && raw.charCodeAt(raw.length - 1) === 93 ? raw.slice(1, -1) : raw;
  return isIpv4(s) || isIpv6(s) ? s : null;
}

/** Splits a group list on commas, colons or whitespace, dropping empties; null when none. */
export function splitGroups(raw: string, colon: boolean): string[] | null {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= raw.length; i++) {
    const c = i < raw.length ? raw.charCodeAt(i) : 44;
    if (c === 44 || c === 32 || c === 9 || (colon && c === 58)) {
      if (i > start) out.push(raw.slice(start, i));
      start = i + 1;
    }
  }
  return out.length > 0 ? out : null;
}

/**
 * The `user.pid:fd@host` trace id XRootD and EOS print for a client, split; null when the text
 * is not one. The host may be a name or an IP.
 */
export function traceId(td: string): { user: string; host: string } | null {
  const at = td.lastIndexOf("@");
  const colon = td.lastIndexOf(":", at);
  const dot = td.lastIndexOf(".", colon);
  if (at < 0 || colon < 0 || dot <= 0 || at === td.length - 1) return null;
  if (Number.isNaN(uint(td.slice(dot + 1, colon))) || Number.isNaN(uint(td.slice(colon + 1, at)))) {
    return null;
  }
  return { user: td.slice(0, dot), host: td.slice(at + 1) };
}
