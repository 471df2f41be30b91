import { blankEvent } from "../events/trace-event.js";
import { IGNORED_RECORD, readBillingRecord, type BillingRecord } from "./dcache-billing-record.js";
import {
  addressOf,
  civilToMs,
  digitsAt,
  preflight,
  readClock,
  readFraction,
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

/**
 * dCache billing files (`billing-YYYY.MM.DD`, default StringTemplate layouts). Billing carries no
 * jti; it is read for what moved where, and joins to the access log (which has the jti) through
 * the door session in a mover record's initiator.
 *
 * Accepted layouts (fields as dCache's default `billing.text.format.*` writes them):
 * - mover (pool) record → `storage.transfer`:
 *   `<date> [pool:<pool>[@<domain>]:transfer] [<pnfsid>,<size>] [<path>] <storage-class>
 *   <transferred> <connection-ms> <created true|false> {<protocol info>} [<initiator>]
 *   {<rc>:"<message>"}` — the initiator `door:<cell>@<domain>:<session-id>:<transfer-no>` gives
 *   corr `session:door:<cell>@<domain>:<session-id>` (the access log's session value); the client
 *   IP comes from the protocol info (`Http-1.1:<ip>:<port>:…`, `Xrootd-5.0:<ip>:…`, IPv4, Java's
 *   8-group IPv6 or `[v6]`). Pool-to-pool records (initiator `pool:…`, or a `[p2p=true]`
 *   group that some sites add after the initiator) are ignored.
 * - door record → `storage.request`:
 *   `<date> [door:<cell>@<domain>:request] ["<owner>":<uid>:<gid>:<client[,relay…]>]
 *   [<pnfsid>,<size>] [<path>] <storage-class> <transaction-ms> <queued-ms> {<rc>:"<message>"}`
 *   (no session in the default layout, so no corr).
 * - every other record type (remove, store, restore, pool hits…) and `#` header lines: ignored.
 *
 * Dates: `MM.dd HH:mm:ss` (dCache's default, no year) or a full `yyyy.MM.dd HH:mm:ss[:SSS|.SSS]`
 * (also `yyyy-MM-dd`). Wall clock read as UTC (billing writes local time without an offset).
 * The parser has no clock, so the year of a short date comes from the state: create the parser
 * with `{year: 2024}` (take it from the file name `billing-2024.07.31`). Without one, short-date
 * records are `bad` with reason `missing_year` rather than silently dated to a guessed year; a
 * full-date record sets the year for the lines after it. A month going from 12 to 1 advances the
 * year (files concatenated across New Year). State `{year, month}` is saved and restored.
 */
export const dcacheBillingFormat: FormatModule = {
  format: "dcache-billing",
  component: "dcache",
  create: (state?: unknown) => new DcacheBillingParser(readState(state)),
  sniff(line: string): boolean {
    const s = stripBom(line);
    if (s.startsWith("## ")) return s.indexOf("$cellType$") !== -1;
    const d = dateAt(s);
    if (d === null) return false;
    return s.startsWith(" [pool:", d.end) || s.startsWith(" [door:", d.end);
  },
};

/** The saved state: the year short dates belong to and the last month seen (for New Year). */
export interface BillingState {
  year: number | null;
  month: number | null;
}

function readState(state: unknown): BillingState {
  if (typeof state !== "object" || state === null) return { year: null, month: null };
  const s = state as Record<string, unknown>;
  const year = s.year;
  const month = s.month;
  const okYear = Number.isInteger(year) && (year as number) >= 1970 && (year as number) <= 9999;
  if (!okYear) return { year: null, month: null };
  const okMonth = Number.isInteger(month) && (month as number) >= 1 && (month as number) <= 12;
  return { year: year as number, month: okMonth ? (month as number) : null };
}

interface BillingDate {
  year: number; // -1 when the line has none
  month: number;
  day: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  end: number;
}

/** The record date at the start of the line, or null when the line does not start with one. */
function dateAt(line: string): BillingDate | null {
  let year = -1;
  let month: number;
  let day: number;
  let pos: number;
  if (line.charCodeAt(2) === 46 && line.charCodeAt(5) === 32) {
    month = digitsAt(line, 0, 2);
    day = digitsAt(line, 3, 2);
    pos = 6;
  } else {
    const sep = line.charCodeAt(4);
    const t = line.charCodeAt(10);
    if ((sep !== 46 && sep !== 45) || line.charCodeAt(7) !== sep || (t !== 32 && t !== 84)) {
      return null;
    }
    year = digitsAt(line, 0, 4);
    month = digitsAt(line, 5, 2);
    day = digitsAt(line, 8, 2);
    pos = 11;
    if (year < 0) return null;
  }
  const clock = readClock(line, pos);
  if (month < 0 || day < 0 || clock === null) return null;
  let end = pos + 8;
  let ms = 0;
  if (line.charCodeAt(end) === 58 && digitsAt(line, end + 1, 3) >= 0) {
    ms = digitsAt(line, end + 1, 3);
    end += 4;
  } else {
    const frac = readFraction(line, end);
    ms = frac.ms;
    end = frac.end;
  }
  return { year, month, day, h: clock.h, mi: clock.mi, s: clock.s, ms, end };
}

class DcacheBillingParser implements LineParser {
  readonly format = "dcache-billing" as const;

  constructor(private readonly state: BillingState) {}

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
    return { year: this.state.year, month: this.state.month };
  }

  private parse(line: string): LineResult {
    if (line.charCodeAt(0) === 35) return IGNORED; // '#': format header
    const d = dateAt(line);
    if (d === null) {
      const digit = line.charCodeAt(0) >= 48 && line.charCodeAt(0) <= 57;
      return digit
        ? bad("bad_timestamp", `unreadable billing date: ${line.slice(0, 24)}`)
        : bad("unknown_line", "not a billing record");
    }
    if (Number.isNaN(civilToMs(d.year < 0 ? 2000 : d.year, d.month, d.day, d.h, d.mi, d.s, 0))) {
      return bad("bad_timestamp", `impossible billing date: ${line.slice(0, d.end)}`);
    }
    const year = this.yearFor(d);
    const rec = readBillingRecord(line, d.end);
    if (typeof rec === "string")
      return rec === IGNORED_RECORD ? IGNORED : bad("missing_field", rec);
    if (year === null) {
      return bad("missing_year", "short billing date and no year: create the parser with {year}");
    }
    const ms = civilToMs(year, d.month, d.day, d.h, d.mi, d.s, d.ms);
    if (Number.isNaN(ms)) return bad("bad_timestamp", `impossible date in ${year}`);
    return events(toEvent(rec, ms));
  }

  /** The year of this record, keeping the state's year and month current. */
  private yearFor(d: BillingDate): number | null {
    const st = this.state;
    if (d.year >= 0) {
      st.year = d.year;
      st.month = d.month;
      return d.year;
    }
    if (st.year !== null && st.month === 12 && d.month === 1) st.year += 1;
    if (st.year !== null) st.month = d.month;
    return st.year;
  }
}

function toEvent(rec: BillingRecord, ms: number): ReturnType<typeof blankEvent> {
  const e = blankEvent(
    "dcache",
    ms,
    rec.kind === "transfer" ? "storage.transfer" : "storage.request",
  );
  if (rec.path !== null) {
    e.objectKind = "path";
    e.object = rec.path;
  }
  if (rec.rc !== null) e.outcome = rec.rc === 0 ? "success" : "failure";
  const details: Record<string, string | number | boolean | null> = { status: rec.rc };
  if (rec.message !== null && rec.message.length > 0) details.message = rec.message;
  if (rec.pnfsid !== null) details.pnfsid = rec.pnfsid;
  if (rec.fileSize !== null) details.fileSize = rec.fileSize;
  if (rec.storageClass !== null) details.storageClass = rec.storageClass;
  if (rec.kind === "transfer") {
    details.pool = rec.cell;
    details.bytes = rec.transferred;
    details.direction = rec.created === null ? null : rec.created ? "upload" : "download";
    details.connectionTime = rec.durationMs;
    if (rec.protocol !== null) details.protocol = rec.protocol;
    if (rec.initiator !== null) {
      details.initiator = rec.initiator;
      if (rec.initiator.startsWith("door:")) {
        e.corr = "session:" + sessionFromTransaction(rec.initiator);
      }
    }
    e.clientIp = rec.clientIp;
  } else {
    details.door = rec.cell;
    details.duration = rec.durationMs;
    if (rec.owner !== null) details.owner = rec.owner;
    if (rec.uid !== null && rec.gid !== null) e.mappedUser = `${rec.uid}:${rec.gid}`;
    e.clientIp = rec.client === null ? null : addressOf(rec.client);
  }
  e.details = details;
  return e;
}
