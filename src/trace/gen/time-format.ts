/**
 * Timestamp layouts of every format, built by hand from epoch milliseconds: this is the hot path
 * of a generator that writes hundreds of thousands of lines a second, so no Date objects and no
 * Intl per line. Formats without a UTC offset (IAM's Spring prefix, HTCondor, ARC, dCache
 * billing, XRootD) are written in UTC, which is how the parsers read them, so times agree across
 * components; formats with an offset carry the site's local time.
 */
export const DAY_MS = 86_400_000;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** The calendar strings of one UTC day, computed once per day. */
export interface DayParts {
  /** 2024-09-03 */
  iso: string;
  /** 2024.09.03 */
  dots: string;
  /** 20240903 */
  compact: string;
  yyyy: string;
  yy: string;
  mm: string;
  dd: string;
  mon: string;
  weekday: string;
}

const dayCache = new Map<number, DayParts>();

const p2 = (n: number) => (n < 10 ? "0" + n : String(n));
const p3 = (n: number) => (n < 10 ? "00" + n : n < 100 ? "0" + n : String(n));

/** Calendar parts of the UTC day with the given day number (ms / DAY_MS). */
export function dayParts(dayNumber: number): DayParts {
  let parts = dayCache.get(dayNumber);
  if (parts === undefined) {
    const d = new Date(dayNumber * DAY_MS);
    const yyyy = String(d.getUTCFullYear());
    const mm = p2(d.getUTCMonth() + 1);
    const dd = p2(d.getUTCDate());
    parts = {
      iso: `${yyyy}-${mm}-${dd}`,
      dots: `${yyyy}.${mm}.${dd}`,
      compact: `${yyyy}${mm}${dd}`,
      yyyy,
      yy: yyyy.slice(2),
      mm,
      dd,
      mon: MONTHS[d.getUTCMonth()]!,
      weekday: WEEKDAYS[d.getUTCDay()]!,
    };
    dayCache.set(dayNumber, parts);
  }
  return parts;
}

/** Every HH:MM:SS of a day and every .mmm, built once: formatting is then two look-ups. */
const HMS: string[] = Array.from(
  { length: 86400 },
  (_, s) => `${p2(Math.floor(s / 3600))}:${p2(Math.floor(s / 60) % 60)}:${p2(s % 60)}`,
);
const MS3: string[] = Array.from({ length: 1000 }, (_, i) => p3(i));

/** HH:MM:SS of the time of day. */
function hms(ms: number): string {
  return HMS[Math.floor((ms - Math.floor(ms / DAY_MS) * DAY_MS) / 1000)]!;
}

const frac = (ms: number) => MS3[((ms % 1000) + 1000) % 1000]!;
const day = (ms: number) => dayParts(Math.floor(ms / DAY_MS));

/** `2024-09-03 10:11:12.345` (Spring Boot, UTC). */
export function springTime(ms: number): string {
  return `${day(ms).iso} ${hms(ms)}.${frac(ms)}`;
}

/** `2024-09-03T10:11:12.345Z` (StoRM, XRootD monitoring). */
export function isoUtc(ms: number): string {
  return `${day(ms).iso}T${hms(ms)}.${frac(ms)}Z`;
}

/** `09/03/24 10:11:12` (HTCondor, UTC). */
export function condorTime(ms: number): string {
  const d = day(ms);
  return `${d.mm}/${d.dd}/${d.yy} ${hms(ms)}`;
}

/** `2024-09-03 10:11:12` (ARC jobs log, UTC). */
export function arcTime(ms: number): string {
  return `${day(ms).iso} ${hms(ms)}`;
}

/** `2024.09.03 10:11:12` (dCache billing, UTC). */
export function billingTime(ms: number): string {
  return `${day(ms).dots} ${hms(ms)}`;
}

/** `240903 10:11:12` (XRootD log, UTC). */
export function xrootdTime(ms: number): string {
  const d = day(ms);
  return `${d.yy}${d.mm}${d.dd} ${hms(ms)}`;
}

const offsets = new Map<number, string>();

/** `+0200` for 120 minutes east of UTC. */
function offsetText(offsetMin: number): string {
  let text = offsets.get(offsetMin);
  if (text === undefined) {
    const a = Math.abs(offsetMin);
    text = `${offsetMin < 0 ? "-" : "+"}${p2(Math.floor(a / 60))}${p2(a % 60)}`;
    offsets.set(offsetMin, text);
  }
  return text;
}

/** `Tue, 03 Sep 2024 12:11:12 +0200` (FTS, the site's local time). */
export function ftsTime(ms: number, offsetMin: number): string {
  const local = ms + offsetMin * 60_000;
  const d = day(local);
  return `${d.weekday}, ${d.dd} ${d.mon} ${d.yyyy} ${hms(local)} ${offsetText(offsetMin)}`;
}

/** `2024-09-03T12:11:12.345+0200` (dCache access log, the site's local time). */
export function isoOffset(ms: number, offsetMin: number): string {
  const local = ms + offsetMin * 60_000;
  return `${day(local).iso}T${hms(local)}.${frac(local)}${offsetText(offsetMin)}`;
}

const dstCache = new Map<number, [number, number]>();
let dstYearStart = 0;
let dstYearEnd = -1;
let dstRange: [number, number] = [0, 0];

/** Last Sunday of a month at 01:00 UTC: where the EU changes clocks. */
function lastSunday(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0);
  const weekday = new Date(lastDay).getUTCDay();
  return lastDay - weekday * DAY_MS + 3_600_000;
}

/** Minutes east of UTC in Central European (Summer) Time at that instant: +120 or +60. */
export function cetOffsetMin(ms: number): number {
  if (ms < dstYearStart || ms >= dstYearEnd) {
    const year = new Date(ms).getUTCFullYear();
    let range = dstCache.get(year);
    if (range === undefined) {
      range = [lastSunday(year, 2), lastSunday(year, 9)];
      dstCache.set(year, range);
    }
    dstYearStart = Date.UTC(year, 0, 1);
    dstYearEnd = Date.UTC(year + 1, 0, 1);
    dstRange = range;
  }
  return ms >= dstRange[0] && ms < dstRange[1] ? 120 : 60;
}
