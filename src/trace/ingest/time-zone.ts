import { ValidationError } from "../../core/errors.js";

/**
 * The zone a site's logs write their wall-clock times in (`ttt ingest --tz`). Formats without a
 * UTC offset (HTCondor's AuditLog, ARC's jobs log, dCache billing, FTS's legacy prefix, XRootD's
 * `yymmdd` prefix, ISO times without an offset) are read as UTC unless a zone is given; with one,
 * their times become the UTC instants the site's clock meant and the offset of that zone at that
 * moment is kept beside them, as for formats that write it.
 *
 * A wall-clock time the zone skips (the hour clocks jump forward) is read with the offset from
 * before the jump, and one the zone repeats (the hour clocks go back) as its first occurrence:
 * the "compatible" disambiguation of TC39's Temporal, which mainstream date libraries share.
 */
export interface TimeZone {
  /** The zone's canonical name (`Europe/Zurich`) or fixed offset (`+02:00`). */
  readonly name: string;
  /** UTC epoch ms of a wall-clock time written as if it were UTC, and the offset applied. */
  resolve(wallClockMs: number): { ms: number; offsetMin: number };
}

const FIXED = /^(?:UTC)?([+-])(\d{2}):?(\d{2})$/;
const BUCKET_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
const CACHE_MAX = 50_000;

/** Parses a zone: an IANA name (any case) or a fixed offset `±HH:MM`; a ValidationError else. */
export function parseTimeZone(text: string): TimeZone {
  const fixed = FIXED.exec(text);
  if (fixed !== null) {
    const minutes = Number(fixed[2]) * 60 + Number(fixed[3]);
    if (Number(fixed[3]) > 59 || minutes > 14 * 60) {
      throw new ValidationError(`time zone ${text}: offsets run from -14:00 to +14:00`);
    }
    const offsetMin = fixed[1] === "-" ? -minutes : minutes;
    return fixedZone(offsetMin);
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: text,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    throw new ValidationError(
      `time zone ${JSON.stringify(text)} is unknown: give an IANA name such as Europe/Zurich or an offset such as +01:00`,
    );
  }
  return new IanaZone(format);
}

/** True when `text` is a zone parseTimeZone accepts (for schemas at the edges). */
export function isTimeZone(text: string): boolean {
  try {
    parseTimeZone(text);
    return true;
  } catch {
    return false;
  }
}

function fixedZone(offsetMin: number): TimeZone {
  const sign = offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(offsetMin);
  const name = `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return { name, resolve: (ms) => ({ ms: ms - offsetMin * 60_000, offsetMin }) };
}

const pad = (n: number): string => String(n).padStart(2, "0");

/**
 * An IANA zone, through the platform's time-zone data. One answer per quarter hour of wall-clock
 * time is cached, so a log's lines cost a Map look-up, not a formatting — but only for quarter
 * hours whose first and last second resolve alike: a change off the quarter hour (St John's
 * changed at 00:01 until 2011) is resolved line by line.
 */
class IanaZone implements TimeZone {
  readonly name: string;
  readonly #cache = new Map<number, number>();

  constructor(private readonly format: Intl.DateTimeFormat) {
    this.name = format.resolvedOptions().timeZone;
  }

  resolve(wallClockMs: number): { ms: number; offsetMin: number } {
    const bucket = Math.floor(wallClockMs / BUCKET_MS);
    let offsetMin = this.#cache.get(bucket);
    if (offsetMin === undefined) {
      const start = this.#offsetFor(bucket * BUCKET_MS);
      if (start !== this.#offsetFor((bucket + 1) * BUCKET_MS - 1000)) {
        const exact = this.#offsetFor(wallClockMs - (((wallClockMs % 1000) + 1000) % 1000));
        return { ms: wallClockMs - exact * 60_000, offsetMin: exact };
      }
      offsetMin = start;
      if (this.#cache.size >= CACHE_MAX) this.#cache.clear();
      this.#cache.set(bucket, offsetMin);
    }
    return { ms: wallClockMs - offsetMin * 60_000, offsetMin };
  }

  /** The offset (minutes) that maps this wall-clock time to its instant, "compatible" rule. */
  #offsetFor(wallClockMs: number): number {
    const before = this.#offsetAt(wallClockMs - DAY_MS);
    const after = this.#offsetAt(wallClockMs + DAY_MS);
    // Try the earlier instant first (the larger offset): a repeated hour gives its first pass.
    const tries = before >= after ? [before, after] : [after, before];
    for (const o of tries) if (this.#offsetAt(wallClockMs - o * 60_000) === o) return o;
    // Skipped by a jump forward: the offset in force before the jump.
    return before;
  }

  /** The zone's offset (minutes east of UTC) at a UTC instant. */
  #offsetAt(utcMs: number): number {
    const f: Record<string, number> = {};
    for (const p of this.format.formatToParts(utcMs)) {
      if (p.type !== "literal") f[p.type] = Number(p.value);
    }
    const y = f.year ?? 1970;
    const wall = Date.UTC(y, (f.month ?? 1) - 1, f.day ?? 1, f.hour ?? 0, f.minute, f.second);
    return Math.round((wall - (utcMs - (((utcMs % 1000) + 1000) % 1000))) / 60_000);
  }
}
