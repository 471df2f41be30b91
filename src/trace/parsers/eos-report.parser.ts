import { blankEvent, type ParsedEvent } from "../events/trace-event.js";
import {
  MAX_LINE_CHARS,
  ipLiteral,
  isBlank,
  KeyTable,
  safeDecode,
  splitGroups,
  traceId,
  uint,
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
 * EOS report records (`/var/eos/report/…/*.eosreport`), `&`-joined key=value:
 * `log=<uuid>&path=…&ruid=…&rgid=…&td=<user>.<pid>:<fd>@<host>&host=…&fid=…&ots=…&otms=…&cts=…&ctms=…&rb=…&wb=…&sec.prot=…&sec.name=…&sec.host=…&sec.vorg=…&sec.grps=…&sec.role=…&sec.info=…&sec.app=…`
 * alone or after a syslog-like prefix (the record starts at the first `log=` at the line start
 * or after '&' or a space). A file close becomes `file.closed`; deletion records
 * (sec.app deletion/rm/recycle: no path, no user) are ignored. EOS has no jti and no sub: with
 * a token the mapped user (sec.name), issuer (sec.vorg) and groups (sec.grps) are all there is,
 * so any link to an issued token is a candidate.
 */

/** Protocols whose sec.vorg is the token issuer (otherwise it is a VOMS VO name). */
const TOKEN_PROTOCOLS = new Set(["scitokens", "oauth2", "ztn", "jwt", "token"]);
const DELETION_APPS = new Set(["deletion", "rm", "recycle"]);

/** Keys read from a record, as ids into TABLE; every other key is skipped without allocating. */
// prettier-ignore
const F = {
  log: 0, path: 1, ruid: 2, rgid: 3, td: 4, host: 5, fid: 6, ots: 7, otms: 8, cts: 9, ctms: 10,
  rb: 11, wb: 12, "sec.prot": 13, "sec.name": 14, "sec.host": 15, "sec.vorg": 16,
  "sec.grps": 17, "sec.role": 18, "sec.info": 19, "sec.app": 20, "tpc.src": 21, "tpc.dst": 22,
  dc_ts: 23, del_ts: 24,
} as const;
const TABLE = new KeyTable(
  Object.entries(F)
    .sort((a, b) => a[1] - b[1])
    .map((e) => e[0]),
);

/** Where the record starts: `log=` at 0 or after '&' / whitespace; -1 when absent. */
function recordStart(line: string): number {
  let i = line.indexOf("log=");
  while (i >= 0) {
    const prev = i === 0 ? 32 : line.charCodeAt(i - 1);
    if (prev === 32 || prev === 38 || prev === 9) return i;
    i = line.indexOf("log=", i + 1);
  }
  return -1;
}

function nonEmpty(v: string | null): string | null {
  return v === null || v.length === 0 ? null : v;
}

/** Epoch seconds plus optional milliseconds; NaN when malformed, null when absent/zero. */
function epochMs(sec: string | null, ms: string | null): number | null {
  if (sec === null || sec.length === 0 || sec === "0") return null;
  const s = uint(sec);
  const m = ms === null || ms.length === 0 ? 0 : uint(ms);
  if (Number.isNaN(s) || Number.isNaN(m) || m > 999 || s > 253402300799) return NaN;
  return s * 1000 + m;
}

function count(v: string | null): number | null {
  if (v === null) return null;
  const n = uint(v);
  return Number.isNaN(n) ? null : n;
}

/** sec.vorg is the issuer for token protocols, or when it is itself an http(s) URL. */
function issuerOf(prot: string | null, vorg: string | null): string | null {
  if (vorg === null) return null;
  if (prot !== null && TOKEN_PROTOCOLS.has(prot.toLowerCase())) return vorg;
  return vorg.startsWith("https://") || vorg.startsWith("http://") ? vorg : null;
}

/** Parses one report line; pure and stateless. */
export function parseEosReportLine(line: string): LineResult {
  if (line.length > MAX_LINE_CHARS) {
    return bad("line_too_long", `line longer than ${MAX_LINE_CHARS}`);
  }
  if (isBlank(line)) return IGNORED;
  const start = recordStart(line);
  if (start < 0) {
    return line.indexOf("&path=") >= 0 || line.indexOf("&sec.") >= 0
      ? bad("missing_field", "report record without log=")
      : bad("unknown_line", "not an EOS report record (no log=)");
  }
  TABLE.scan(line, start);
  const log = nonEmpty(TABLE.get(line, F.log));
  if (log === null) return bad("missing_field", "report record with an empty log=");
  const path = nonEmpty(TABLE.get(line, F.path));
  if (path === null) {
    const app = TABLE.get(line, F["sec.app"]);
    const deletion = app !== null && DELETION_APPS.has(app.trimEnd());
    return deletion || TABLE.get(line, F.dc_ts) !== null || TABLE.get(line, F.del_ts) !== null
      ? IGNORED
      : bad("missing_field", "record without path=");
  }
  const closed = epochMs(TABLE.get(line, F.cts), TABLE.get(line, F.ctms));
  const opened = epochMs(TABLE.get(line, F.ots), TABLE.get(line, F.otms));
  const timeMs = closed ?? opened;
  if (timeMs === null) return bad("missing_field", "record without cts= or ots=");
  if (Number.isNaN(timeMs)) return bad("bad_timestamp", "cts/ctms is not an epoch time");

  const ev: ParsedEvent = blankEvent("eos", timeMs, "file.closed");
  ev.tzOffsetMin = 0; // epoch seconds: an instant, not a wall-clock time
  ev.outcome = "success";
  ev.objectKind = "path";
  ev.object = safeDecode(path);
  ev.corr = "log:" + log;
  const prot = nonEmpty(TABLE.get(line, F["sec.prot"]));
  const vorg = nonEmpty(TABLE.get(line, F["sec.vorg"]));
  ev.mappedUser = nonEmpty(TABLE.get(line, F["sec.name"]));
  ev.iss = issuerOf(prot, vorg);
  const grps = TABLE.get(line, F["sec.grps"]);
  ev.groups = grps === null ? null : splitGroups(grps, true);

  const td = nonEmpty(TABLE.get(line, F.td));
  const tdHost = td === null ? null : (traceId(td)?.host ?? null);
  const secHost = nonEmpty(TABLE.get(line, F["sec.host"]));
  const secIp = secHost === null ? null : ipLiteral(secHost);
  const tdIp = tdHost === null ? null : ipLiteral(tdHost);
  ev.clientIp = secIp ?? tdIp;
  const clientHost = secIp === null ? (secHost ?? (tdIp === null ? tdHost : null)) : null;

  const app = TABLE.get(line, F["sec.app"]);
  const details: Record<string, string | number | boolean | null> = {
    fid: nonEmpty(TABLE.get(line, F.fid)),
    rb: count(TABLE.get(line, F.rb)),
    wb: count(TABLE.get(line, F.wb)),
    prot,
    ruid: nonEmpty(TABLE.get(line, F.ruid)),
    rgid: nonEmpty(TABLE.get(line, F.rgid)),
    td,
    role: nonEmpty(TABLE.get(line, F["sec.role"])),
    app: app === null ? null : nonEmpty(app.trimEnd()),
    fstHost: nonEmpty(TABLE.get(line, F.host)),
  };
  if (clientHost !== null) details["clientHost"] = clientHost;
  if (vorg !== null && ev.iss === null) details["vorg"] = vorg;
  // sec.info carries a DN for gsi; never keep something that looks like a raw JWT.
  const info = nonEmpty(TABLE.get(line, F["sec.info"]));
  if (info !== null && !info.startsWith("eyJ")) details["info"] = info;
  if (opened !== null && !Number.isNaN(opened) && closed !== null) details["openMs"] = opened;
  const tpcSrc = TABLE.get(line, F["tpc.src"]);
  const tpcDst = TABLE.get(line, F["tpc.dst"]);
  if (tpcSrc !== null) details["tpcSrc"] = tpcSrc;
  if (tpcDst !== null) details["tpcDst"] = tpcDst;
  ev.details = details;
  return events(ev);
}

function create(): LineParser {
  return {
    format: "eos-report",
    parseLine: (line) => parseEosReportLine(line),
    saveState: () => null,
  };
}

/** A record with log=, path= and a close or open stamp: no other format has that shape. */
function sniff(line: string): boolean {
  return (
    recordStart(line) >= 0 &&
    line.indexOf("&path=") >= 0 &&
    (line.indexOf("&cts=") >= 0 || line.indexOf("&ots=") >= 0)
  );
}

/** EOS report log: one `file.closed` event per file close, joined by the record's log id. */
export const eosReportFormat: FormatModule = {
  format: "eos-report",
  component: "eos",
  create,
  sniff,
};
