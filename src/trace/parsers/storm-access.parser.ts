import { blankEvent, type ParsedEvent } from "../events/trace-event.js";
import { MAX_LINE_CHARS, ipLiteral, isBlank, isoTimeAt, safeDecode, uint } from "./kv.js";
import {
  IGNORED,
  bad,
  events,
  type FormatModule,
  type LineParser,
  type LineResult,
} from "./parser.js";

/**
 * StoRM WebDAV access log (logback-access pattern
 * `%a %localPort "%reqAttribute{storm.remoteUser}" %date{ISO,UTC} "%reqAttribute{storm.requestId}" "%m %U %H" %s %b %D`):
 *
 *   `<client-ip> <local-port> "<remote-user>" <UTC ISO time> "<request-id>" "<METHOD> <path> <protocol>" <status> <bytes> <duration-ms>`
 *
 * The request line is taken between the quote after the request id and the quote before the
 * last three fields, so a path with spaces or quotes cannot shift the numeric fields.
 * StoRM carries no jti: a JWT user is only `<sub>@<iss>`, which makes StoRM hits candidates.
 */

type Authn = "jwt" | "x509" | "anonymous" | "other";

/** How the remote user field identified the client. */
interface RemoteUser {
  authn: Authn;
  sub: string | null;
  iss: string | null;
  dn: string | null;
  other: string | null;
}

const ANON: RemoteUser = { authn: "anonymous", sub: null, iss: null, dn: null, other: null };

/**
 * Splits `<sub>@<iss>` at the LAST '@' when what follows starts with http:// or https://. An
 * issuer URL never holds an '@' (no userinfo), while a sub may (e.g. `alice@example.org`), so the
 * last '@' is the boundary. A DN (leading '/' or containing "CN=") is X.509; `anonymous`, "-"
 * and "" mean no credentials; anything else (StoRM's own authorization server prints the bare
 * sub; other authentications print a name) is kept raw as details.remoteUser, never guessed
 * into sub.
 */
export function splitRemoteUser(raw: string): RemoteUser {
  if (raw.length === 0 || raw === "-" || raw === "anonymous") return ANON;
  const at = raw.lastIndexOf("@");
  if (at > 0 && (raw.startsWith("https://", at + 1) || raw.startsWith("http://", at + 1))) {
    return { authn: "jwt", sub: raw.slice(0, at), iss: raw.slice(at + 1), dn: null, other: null };
  }
  if (raw.charCodeAt(0) === 47 || raw.indexOf("CN=") >= 0) {
    return { authn: "x509", sub: null, iss: null, dn: raw, other: null };
  }
  return { authn: "other", sub: null, iss: null, dn: null, other: raw };
}

/** The request target as a path: origin of an absolute URI, query and fragment removed. */
function targetPath(target: string): string {
  let p = target;
  if (p.startsWith("https://") || p.startsWith("http://")) {
    const slash = p.indexOf("/", p.indexOf("//") + 2);
    p = slash < 0 ? "/" : p.slice(slash);
  }
  let cut = p.indexOf("?");
  const hash = p.indexOf("#");
  if (hash >= 0 && (cut < 0 || hash < cut)) cut = hash;
  return safeDecode(cut < 0 ? p : p.slice(0, cut));
}

function isMethod(m: string): boolean {
  if (m.length === 0 || m.length > 32) return false;
  for (let i = 0; i < m.length; i++) {
    const c = m.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95)) return false;
  }
  return true;
}

/** "-" (logback's empty marker) → null; digits → number; anything else → NaN (bad_field). */
function optionalCount(text: string): number | null {
  return text === "-" ? null : uint(text);
}

const UNKNOWN = (why: string): LineResult =>
  bad("unknown_line", `not a StoRM WebDAV access line: ${why}`);

/** Parses one access-log line; pure and stateless. */
export function parseStormAccessLine(raw: string): LineResult {
  if (raw.length > MAX_LINE_CHARS)
    return bad("line_too_long", `line longer than ${MAX_LINE_CHARS}`);
  if (isBlank(raw)) return IGNORED;
  const line = raw.trimEnd();
  const p1 = line.indexOf(" ");
  const p2 = p1 < 0 ? -1 : line.indexOf(" ", p1 + 1);
  if (p1 <= 0 || p2 < 0) return UNKNOWN("too few fields");
  if (line.charCodeAt(p2 + 1) !== 34) return UNKNOWN("remote user is not quoted");
  const userEnd = line.indexOf('" ', p2 + 2);
  if (userEnd < 0) return UNKNOWN("unterminated remote user");
  const timeStart = userEnd + 2;
  const timeEnd = line.indexOf(" ", timeStart);
  if (timeEnd < 0 || line.charCodeAt(timeEnd + 1) !== 34) return UNKNOWN("request id not quoted");
  const idEnd = line.indexOf('"', timeEnd + 2);
  if (idEnd < 0 || !line.startsWith('" "', idEnd)) return UNKNOWN("request line not quoted");
  const reqStart = idEnd + 3;
  const s3 = line.lastIndexOf(" ");
  const s2 = s3 <= reqStart ? -1 : line.lastIndexOf(" ", s3 - 1);
  const s1 = s2 <= reqStart ? -1 : line.lastIndexOf(" ", s2 - 1);
  if (s1 <= reqStart || line.charCodeAt(s1 - 1) !== 34) return UNKNOWN("wrong field count");
  const request = line.slice(reqStart, s1 - 1);
  const m = request.indexOf(" ");
  if (m <= 0) return UNKNOWN("request line has no path");
  const method = request.slice(0, m);
  if (!isMethod(method)) return UNKNOWN("bad method");
  const lastSp = request.lastIndexOf(" ");
  const tail = request.slice(lastSp + 1);
  const hasProto = lastSp > m && tail.startsWith("HTTP");
  const target = hasProto ? request.slice(m + 1, lastSp) : request.slice(m + 1);

  const t = isoTimeAt(line, timeStart);
  if (t === null || t.end !== timeEnd) {
    return bad("bad_timestamp", `bad time "${line.slice(timeStart, timeEnd).slice(0, 64)}"`);
  }
  const statusText = line.slice(s1 + 1, s2);
  const status = statusText.length === 3 ? uint(statusText) : NaN;
  if (Number.isNaN(status) || status < 100) {
    return bad("bad_field", `status "${statusText.slice(0, 32)}" is not an HTTP status`);
  }
  const bytes = optionalCount(line.slice(s2 + 1, s3));
  const durationMs = optionalCount(line.slice(s3 + 1));
  if (Number.isNaN(bytes) || Number.isNaN(durationMs)) {
    return bad("bad_field", "bytes or duration is not a number");
  }

  const ev: ParsedEvent = blankEvent("storm", t.ms, "storage." + method.toLowerCase());
  ev.tzOffsetMin = t.tzOffsetMin;
  ev.outcome = status < 400 ? "success" : "failure";
  const user = splitRemoteUser(line.slice(p2 + 2, userEnd));
  ev.sub = user.sub;
  ev.iss = user.iss;
  ev.objectKind = "path";
  ev.object = targetPath(target);
  const host = line.slice(0, p1);
  ev.clientIp = ipLiteral(host);
  const requestId = line.slice(timeEnd + 2, idEnd);
  ev.corr = requestId.length > 0 && requestId !== "-" ? "request:" + requestId : null;
  const port = uint(line.slice(p1 + 1, p2));
  const details: Record<string, string | number | boolean | null> = {
    status,
    bytes,
    durationMs,
    protocol: hasProto ? tail : null,
    localPort: Number.isNaN(port) ? null : port,
    authn: user.authn,
  };
  if (user.dn !== null) details["dn"] = user.dn;
  if (user.other !== null) details["remoteUser"] = user.other;
  if (ev.clientIp === null) details["clientHost"] = host;
  ev.details = details;
  return events(ev);
}

function create(): LineParser {
  return {
    format: "storm-access",
    parseLine: (line) => parseStormAccessLine(line),
    saveState: () => null,
  };
}

/** A line is StoRM's only if it fully parses as one: the layout is shared with no other format. */
function sniff(line: string): boolean {
  if (line.indexOf('" "') < 0) return false;
  return parseStormAccessLine(line).kind === "events";
}

/** StoRM WebDAV access log: one `storage.<method>` event per request, joined by request id. */
export const stormAccessFormat: FormatModule = {
  format: "storm-access",
  component: "storm",
  create,
  sniff,
};
