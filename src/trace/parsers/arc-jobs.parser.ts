import { blankEvent } from "../events/trace-event.js";
import {
  civilToMs,
  digitsAt,
  parseIsoTime,
  preflight,
  stripBom,
  type ParsedTime,
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
 * ARC-CE A-REX jobs log (`jobs.log`). ARC logs no jti, so these events are only candidates for a
 * token (iss + sub + time); they still tie the CE job id to the local batch id and unix account.
 *
 * Lines, as A-REX's JobLog writes them (name, owner and failure quoted with `\"`/`\\` escapes):
 *   `<time> Started - job id: <id>, unix user: <uid>:<gid>, name: "<name>", owner: "<owner>",
 *    lrms: <lrms>, queue: <queue>` → `job.started` (success)
 *   `<time> Finished - job id: <id>, unix user: …, lrms: …, queue: …[, lrmsid: <id>]
 *    [, failure: "<text>"]` → `job.finished` (failure when `failure` is present, else success)
 *   any other `<time> <Status> - job id: …` line → `job.<status lower-case>` (outcome unknown).
 * Fields may be missing (A-REX omits them when the job description is unreadable); unknown
 * `key: value` pairs are ignored.
 *
 * Owner: a token owner is `<iss>/<sub>` and the issuer URL itself holds slashes, so it is split
 * at the LAST `/` (a sub containing `/` would be mis-split; WLCG subs are UUID-like). An owner
 * starting with `/` is an X.509 DN (details.dn, no iss/sub); anything else is kept as sub.
 *
 * Time (assumed): A-REX prints its local wall clock, by default `YYYY-MM-DD HH:MM:SS`: tzOffsetMin
 * null, so ingest reads it in the file's `--tz` (else as UTC). Also accepted: `T` separator, fractional seconds, `Z`/`±HH:MM`/`±HHMM`
 * offsets (kept), the whole time in `[…]`, ARC's MDS form `YYYYMMDDHHMMSSZ`, leading blanks and
 * no blank before the status (old A-REX wrote `" <time>"` then the status directly).
 */
export const arcJobsFormat: FormatModule = {
  format: "arc-jobs",
  component: "arc",
  create: () => new ArcJobsParser(),
  sniff(line: string): boolean {
    const s = stripBom(line);
    return s.indexOf(JOB_ID) !== -1 && s.indexOf(", unix user: ") !== -1 && readTime(s) !== null;
  },
};

const JOB_ID = " - job id: ";

/** The time at the start of the line (after blanks, optionally in brackets) and where it ends. */
function readTime(line: string): ParsedTime | null {
  let i = 0;
  while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
  const bracket = line.charCodeAt(i) === 91;
  if (bracket) i++;
  const t = parseIsoTime(line, i) ?? readMdsTime(line, i);
  if (t === null) return null;
  if (!bracket) return t;
  return line.charCodeAt(t.end) === 93 ? { ...t, end: t.end + 1 } : null;
}

/** ARC's MDS time `YYYYMMDDHHMMSSZ` (UTC). */
function readMdsTime(line: string, i: number): ParsedTime | null {
  if (line.charCodeAt(i + 14) !== 90) return null;
  const ms = civilToMs(
    digitsAt(line, i, 4),
    digitsAt(line, i + 4, 2),
    digitsAt(line, i + 6, 2),
    digitsAt(line, i + 8, 2),
    digitsAt(line, i + 10, 2),
    digitsAt(line, i + 12, 2),
    0,
  );
  return Number.isNaN(ms) ? null : { ms, tzOffsetMin: 0, end: i + 15 };
}

class ArcJobsParser implements LineParser {
  readonly format = "arc-jobs" as const;

  parseLine(raw: string): LineResult {
    const early = preflight(raw);
    if (early !== null) return early;
    try {
      return parse(stripBom(raw));
    } catch (err) {
      return bad("parse_error", err instanceof Error ? err.message : String(err));
    }
  }

  saveState(): unknown {
    return null;
  }
}

function parse(line: string): LineResult {
  const t = readTime(line);
  const at = line.indexOf(JOB_ID);
  if (t === null) {
    const c = line.trimStart().charCodeAt(0);
    const looksTimed = (c >= 48 && c <= 57) || c === 91;
    return looksTimed
      ? bad("bad_timestamp", `unreadable time: ${line.slice(0, 30)}`)
      : bad("unknown_line", "no ARC time");
  }
  if (at === -1 || at < t.end) return IGNORED;
  const status = line.slice(t.end, at).trim();
  if (!isWord(status)) return bad("unknown_line", "no job status before '- job id:'");
  const fields = readFields(line, at + JOB_ID.length);
  if (fields === null) return bad("bad_quoting", "a quoted value is not terminated");

  const e = blankEvent("arc", t.ms, "job." + status.toLowerCase());
  e.tzOffsetMin = t.tzOffsetMin;
  e.objectKind = "job";
  e.object = fields.get("job id") ?? null;
  if (e.object === null || e.object.length === 0) return bad("missing_field", "empty job id");
  e.mappedUser = fields.get("unix user") ?? null;
  const details: Record<string, string | number | boolean | null> = {};
  const owner = fields.get("owner");
  if (owner !== undefined && owner.length > 0) readOwner(owner, e, details);
  copy(fields, "name", details, "name");
  copy(fields, "lrms", details, "lrms");
  copy(fields, "queue", details, "queue");
  copy(fields, "lrmsid", details, "lrmsId");
  const failure = fields.get("failure");
  if (failure !== undefined) details.failure = failure;
  if (status === "Finished") e.outcome = failure === undefined ? "success" : "failure";
  else if (status === "Started") e.outcome = "success";
  else if (failure !== undefined) e.outcome = "failure";
  e.details = details;
  return events(e);
}

function isWord(s: string): boolean {
  if (s.length === 0 || s.length > 32) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) return false;
  }
  return true;
}

function readOwner(owner: string, e: ReturnType<typeof blankEvent>, details: Details): void {
  details.owner = owner;
  if (owner.charCodeAt(0) === 47) {
    details.dn = owner;
    return;
  }
  const slash = owner.lastIndexOf("/");
  if (slash > 0 && owner.indexOf("://") !== -1 && slash > owner.indexOf("://") + 2) {
    e.iss = owner.slice(0, slash);
    e.sub = owner.slice(slash + 1) || null;
  } else {
    e.sub = owner;
  }
}

type Details = Record<string, string | number | boolean | null>;

function copy(fields: Map<string, string>, key: string, details: Details, as: string): void {
  const v = fields.get(key);
  if (v !== undefined && v.length > 0) details[as] = v;
}

/**
 * `job id: <id>, key: value, key: "quoted \"value\"", …` from `pos` (the id's text) into a Map.
 * Null when a quoted value is never closed.
 */
function readFields(line: string, pos: number): Map<string, string> | null {
  const out = new Map<string, string>();
  let key = "job id";
  let i = pos;
  const n = line.length;
  for (;;) {
    let value: string;
    if (line.charCodeAt(i) === 34) {
      const q = readQuoted(line, i + 1);
      if (q === null) return null;
      value = q.value;
      i = q.end;
    } else {
      const comma = line.indexOf(", ", i);
      const end = comma === -1 ? n : comma;
      value = line.slice(i, end).trimEnd();
      i = end;
    }
    if (!out.has(key)) out.set(key, value);
    if (!line.startsWith(", ", i)) break;
    i += 2;
    const colon = line.indexOf(": ", i);
    if (colon === -1) break;
    key = line.slice(i, colon);
    i = colon + 2;
  }
  return out;
}

function readQuoted(line: string, start: number): { value: string; end: number } | null {
  let value = "";
  let from = start;
  for (let i = start; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 92) {
      if (i + 1 >= line.length) return null;
      value += line.slice(from, i) + line.charAt(i + 1);
      i++;
      from = i + 1;
    } else if (c === 34) {
      return { value: value + line.slice(from, i), end: i + 1 };
    }
  }
  return null;
}
