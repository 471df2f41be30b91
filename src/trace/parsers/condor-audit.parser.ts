import { blankEvent, type ParsedEvent } from "../events/trace-event.js";
import { routedLink } from "./condor-audit-jobs.js";
import { CidCache, emptyEntry, factsFromPayload, type CidEntry } from "./condor-audit-state.js";
import {
  addressOf,
  civilToMs,
  digitsAt,
  parseIsoTime,
  preflight,
  readClock,
  readFraction,
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
 * HTCondor / HTCondor-CE schedd AuditLog (plus the JobRouter log and the OAuth credmon log). The
 * CE is the one compute hop that sees the whole token: the schedd prints its claims, then the
 * authentication and each job submitted on that connection, all tagged `(cid:N)`. Joining them by
 * cid gives one `job.submitted` event carrying the token's iss, sub, jti, client and groups.
 *
 * Line prefix: `MM/DD/YY HH:MM:SS` (or `MM/DD/YYYY`), optional `.fff` fraction, then any number of
 * dprintf tags such as `(pid:123)`, `(cid:42)`, `(D_AUDIT)` or `[123]`. No offset: tzOffsetMin
 * null, so ingest reads it in the file's `--tz` (else as UTC). Credmon lines use Python's
 * `YYYY-MM-DD HH:MM:SS,mmm - <name> - <LEVEL> - `, whose offset (`%z`) is kept when written.
 *
 * Messages read (every other message of these logs is ignored):
 * - `Examining SciToken with payload {<JSON>}.` → remembered for the cid (replaces its entry).
 * - `Command=<cmd>, peer=<sinful or ip:port>` → remembered.
 * - `AuthMethod=<m>, AuthId=<id>, CondorId=<user>@<domain>` → `auth.login` (success). For
 *   SCITOKENS the AuthId is `<iss>,<sub>`, split at the first comma (an issuer URL has none).
 * - `Authentication Failed, MethodsTried=<m>` and `Failed to decode a SciToken …` → `auth.login`
 *   (failure); `Authorization Denied` → `auth.denied` (failure).
 * - `Submitting new job <cluster>.<proc>` → `job.submitted`, object the job id.
 * - routed-job lines (see condor-audit-jobs.ts: `RoutedFromJobId = "c.p"` with the new job's id,
 *   `<c.p> routed from <c.p>`, `JobRouter (src=…,dest=…,route=…): claimed|submitted job`) →
 *   `job.routed`, object the new job, details.routedFromJobId.
 * - credmon `Refreshing <provider> tokens for user <u>` → `token.refreshed` (unknown),
 *   `Successfully refreshed …` → `token.refreshed` (success), `Failed to refresh …` →
 *   `token.refresh.failed`; mappedUser u, details.provider.
 * Events of a cid carry corr `cid:N` and everything known on it: iss/sub (AuthId, else payload),
 * jti, clientId, groups, tokenExp, clientIp (peer), mappedUser (CondorId before `@`), details
 * command, authMethod, condorId, scope, aud. The payload's facts are used only while it names the
 * AuthId's issuer and subject (else details.payloadIgnored says why they are missing).
 *
 * State: `{v: 1, cids: [[cid, entry], …]}`, oldest first: the 256 most recently used of the
 * 4096 cids it remembers (LRU).
 */
export const condorAuditFormat: FormatModule = {
  format: "condor-audit",
  component: "condor",
  create: (state?: unknown) => new CondorAuditParser(CidCache.fromState(state)),
  sniff(line: string): boolean {
    const s = stripBom(line);
    const p = readPrefix(s);
    if (p !== null && typeof p !== "string") {
      return p.cid !== null || s.startsWith("JobRouter (", p.msgStart);
    }
    return readCredmonPrefix(s) !== null && s.indexOf(" tokens for user ") !== -1;
  },
};

interface Prefix {
  ms: number;
  /** The offset the line wrote (a credmon format with `%z`), null for HTCondor's wall clock. */
  tz: number | null;
  cid: string | null;
  msgStart: number;
}

/** The dprintf prefix; "bad_time" when it starts like one but the date is impossible. */
function readPrefix(line: string): Prefix | "bad_time" | null {
  if (line.charCodeAt(2) !== 47 || line.charCodeAt(5) !== 47) return null;
  const mo = digitsAt(line, 0, 2);
  const d = digitsAt(line, 3, 2);
  let y: number;
  let pos: number;
  if (line.charCodeAt(8) === 32) {
    y = digitsAt(line, 6, 2);
    if (y >= 0) y += 2000;
    pos = 9;
  } else if (line.charCodeAt(10) === 32) {
    y = digitsAt(line, 6, 4);
    pos = 11;
  } else return "bad_time";
  const clock = readClock(line, pos);
  if (mo < 0 || d < 0 || y < 0 || clock === null) return "bad_time";
  const frac = readFraction(line, pos + 8);
  const ms = civilToMs(y, mo, d, clock.h, clock.mi, clock.s, frac.ms);
  if (Number.isNaN(ms)) return "bad_time";
  let i = frac.end;
  let cid: string | null = null;
  for (let k = 0; k < 8; k++) {
    while (line.charCodeAt(i) === 32) i++;
    const open = line.charCodeAt(i);
    if (open !== 40 && open !== 91) break;
    const close = line.indexOf(open === 40 ? ")" : "]", i);
    if (close === -1 || close - i > 64) break;
    const tag = line.slice(i + 1, close);
    if (tag.indexOf(" ") !== -1) break;
    if (tag.startsWith("cid:") && tag.length > 4) cid = tag.slice(4);
    i = close + 1;
  }
  return { ms, tz: null, cid, msgStart: i };
}

/** Python logging's `YYYY-MM-DD HH:MM:SS,mmm - <name> - <LEVEL> - <message>` (the credmon). */
function readCredmonPrefix(line: string): Prefix | null {
  const t = parseIsoTime(line, 0);
  if (t === null || !line.startsWith(" - ", t.end)) return null;
  const name = line.indexOf(" - ", t.end + 3);
  const level = name === -1 ? -1 : line.indexOf(" - ", name + 3);
  if (level === -1) return null;
  return { ms: t.ms, tz: t.tzOffsetMin, cid: null, msgStart: level + 3 };
}

class CondorAuditParser implements LineParser {
  readonly format = "condor-audit" as const;

  constructor(private readonly cids: CidCache) {}

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
    return this.cids.toState();
  }

  private parse(line: string): LineResult {
    let p = readPrefix(line);
    if (p === "bad_time") return bad("bad_timestamp", `impossible date: ${line.slice(0, 20)}`);
    p ??= readCredmonPrefix(line);
    if (p === null) {
      const digit = line.charCodeAt(0) >= 48 && line.charCodeAt(0) <= 57;
      return digit
        ? bad("bad_timestamp", `unreadable timestamp: ${line.slice(0, 20)}`)
        : bad("unknown_line", "no HTCondor timestamp");
    }
    const r = this.message(line.slice(p.msgStart), p.ms, p.cid);
    // events take this line's time; with an offset it is an instant that no --tz may move
    if (p.tz !== null && r.kind === "events") for (const e of r.events) e.tzOffsetMin = p.tz;
    return r;
  }

  private message(msg: string, ms: number, cid: string | null): LineResult {
    if (msg.startsWith("Examining SciToken with payload ")) {
      const end = msg.lastIndexOf("}");
      const facts = end === -1 ? null : factsFromPayload(msg.slice(32, end + 1));
      if (facts === null) return bad("bad_json", "SciToken payload is not a JSON object");
      if (cid !== null) this.cids.put(cid, { ...emptyEntry(), facts });
      return IGNORED;
    }
    if (msg.startsWith("Command=")) {
      if (cid === null) return IGNORED;
      const entry = this.cids.upsert(cid);
      const peer = msg.indexOf(", peer=");
      entry.command = nullish(msg.slice(8, peer === -1 ? msg.length : peer));
      entry.peer = peer === -1 ? null : nullish(msg.slice(peer + 7));
      return IGNORED;
    }
    if (msg.startsWith("AuthMethod=")) {
      const entry = cid === null ? emptyEntry() : this.cids.upsert(cid);
      readAuth(msg, entry);
      return events(joined("auth.login", ms, cid, entry, "success"));
    }
    if (msg.startsWith("Authentication Failed")) {
      const e = joined("auth.login", ms, cid, this.lookup(cid), "failure");
      const tried = msg.indexOf("MethodsTried=");
      if (tried !== -1) detailsOf(e).methodsTried = msg.slice(tried + 13);
      return events(e);
    }
    if (msg.startsWith("Failed to decode a SciToken")) {
      const e = joined("auth.login", ms, cid, this.lookup(cid), "failure");
      detailsOf(e).reason = "scitoken_undecodable";
      return events(e);
    }
    if (msg.startsWith("Authorization Denied")) {
      return events(joined("auth.denied", ms, cid, this.lookup(cid), "failure"));
    }
    if (msg.startsWith("Submitting new job ")) {
      const e = joined("job.submitted", ms, cid, this.lookup(cid), "success");
      e.objectKind = "job";
      e.object = msg.slice(19).trim().split(" ", 1)[0] || null;
      return events(e);
    }
    const credmon = credmonEvent(msg, ms);
    if (credmon !== null) return events(credmon);
    const link = routedLink(msg);
    if (link === null) return IGNORED;
    const e = joined("job.routed", ms, cid, this.lookup(cid), "success");
    e.objectKind = "job";
    e.object = link.job;
    detailsOf(e).routedFromJobId = link.from;
    if (link.route !== null) detailsOf(e).route = link.route;
    return events(e);
  }

  private lookup(cid: string | null): CidEntry | undefined {
    return cid === null ? undefined : this.cids.get(cid);
  }
}

function nullish(s: string): string | null {
  const t = s.trim();
  return t.length === 0 || t === "(null)" ? null : t;
}

/** `AuthMethod=<m>, AuthId=<id>, CondorId=<user>` into the entry (CondorId split at the LAST one). */
function readAuth(msg: string, entry: CidEntry): void {
  const idAt = msg.indexOf(", AuthId=");
  const condorAt = msg.lastIndexOf(", CondorId=");
  const methodEnd = idAt !== -1 ? idAt : condorAt !== -1 ? condorAt : msg.length;
  entry.authMethod = nullish(msg.slice(11, methodEnd));
  if (idAt !== -1) {
    entry.authId = nullish(msg.slice(idAt + 9, condorAt > idAt ? condorAt : msg.length));
  }
  entry.condorId = condorAt > idAt ? nullish(msg.slice(condorAt + 11)) : null;
}

function detailsOf(e: ParsedEvent): Record<string, string | number | boolean | null> {
  e.details ??= {};
  return e.details;
}

/** An event with every fact known on the connection joined in. */
function joined(
  action: string,
  ms: number,
  cid: string | null,
  entry: CidEntry | undefined,
  outcome: ParsedEvent["outcome"],
): ParsedEvent {
  const e = blankEvent("condor", ms, action);
  e.outcome = outcome;
  if (cid !== null) e.corr = "cid:" + cid;
  if (entry === undefined) return e;
  const details: Record<string, string | number | boolean | null> = {};
  const method = entry.authMethod;
  const scitoken = method === null || method.toUpperCase() === "SCITOKENS";
  if (method !== null && entry.authId !== null) {
    if (method.toUpperCase() === "SCITOKENS") {
      const comma = entry.authId.indexOf(",");
      e.iss = comma === -1 ? entry.authId : entry.authId.slice(0, comma) || null;
      e.sub = comma === -1 ? null : entry.authId.slice(comma + 1) || null;
    } else details.authId = entry.authId;
  }
  let f = scitoken ? entry.facts : null;
  // The payload is this login's only if it names the issuer and subject the schedd authenticated
  // (AuthId): a cid reused after a restart, whose "Examining SciToken" line was not seen, still
  // holds an older connection's payload, whose jti must not be pinned on this job.
  if (f !== null && e.iss !== null && (f.iss !== e.iss || (e.sub !== null && f.sub !== e.sub))) {
    details.payloadIgnored = "its iss or sub is not the AuthId's";
    f = null;
  }
  if (f !== null) {
    e.iss ??= f.iss;
    e.sub ??= f.sub;
    e.jti = f.jti;
    e.clientId = f.clientId;
    e.groups = f.groups === null ? null : [...f.groups];
    e.tokenExp = f.exp;
    if (f.scope !== null) details.scope = f.scope;
    if (f.aud !== null) details.aud = f.aud;
  }
  if (entry.peer !== null) e.clientIp = addressOf(entry.peer);
  if (entry.condorId !== null) {
    const at = entry.condorId.lastIndexOf("@");
    e.mappedUser = at > 0 ? entry.condorId.slice(0, at) : entry.condorId;
    details.condorId = entry.condorId;
  }
  if (entry.command !== null) details.command = entry.command;
  if (method !== null) details.authMethod = method;
  e.details = details;
  return e;
}

const FOR_USER = " tokens for user ";

/** The OAuth credmon's refresh messages; null for anything else. */
function credmonEvent(msg: string, ms: number): ParsedEvent | null {
  let start: number;
  let action = "token.refreshed";
  let outcome: ParsedEvent["outcome"];
  if (msg.startsWith("Refreshing ")) {
    start = 11;
    outcome = "unknown";
  } else if (msg.startsWith("Successfully refreshed ")) {
    start = 23;
    outcome = "success";
  } else if (msg.startsWith("Failed to refresh ")) {
    start = 18;
    outcome = "failure";
    action = "token.refresh.failed";
  } else return null;
  const at = msg.indexOf(FOR_USER, start);
  if (at === -1) return null;
  const e = blankEvent("condor", ms, action);
  e.outcome = outcome;
  e.mappedUser = msg.slice(at + FOR_USER.length).trim() || null;
  e.details = { provider: msg.slice(start, at) };
  return e;
}
