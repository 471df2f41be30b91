import { billingTime, isoOffset } from "./time-format.js";

/**
 * dCache lines. Access log: NetLogger `level=INFO ts=<ISO+offset> event=<name> key=value …` with
 * the WebDAV keys in dCache's order (session, request.method, request.url, socket.remote,
 * user-agent, user.dn, user.sub, user.jti, user.mapped, duration, response.reason, response.code,
 * location, transaction, tpc.*); absent values are left out, values with spaces, quotes, `=` or
 * backslashes are double-quoted with `\"` and `\\` escapes. The session is
 * `door:<cell>@<domain>:<id>` and the billing record's initiator carries exactly the same text.
 * Billing: `yyyy.MM.dd HH:mm:ss [pool:<pool>@<domain>:transfer] [<pnfsid>,<size>] [<path>]
 * <storage class> <transferred> <connection ms> <created> {<protocol>,<client>} [<initiator>]
 * {<rc>:"<message>"}` (UTC; no jti — it joins to the access log by session).
 */
const NEEDS_QUOTES = /[\s"\\=]/;

/** A NetLogger value, quoted and escaped when it has to be. */
export function nl(v: string): string {
  if (v.length > 0 && !NEEDS_QUOTES.test(v)) return v;
  return `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

const constants = new Map<string, string>();

/** nl() of a value from a small fixed set (user agents, reasons, DNs), remembered. */
function nlConst(v: string): string {
  let text = constants.get(v);
  if (text === undefined) {
    text = nl(v);
    if (constants.size < 1000) constants.set(v, text);
  }
  return text;
}

export interface WebdavFields {
  session: string;
  method: string;
  /** A URL without spaces or quotes (written as is). */
  url: string;
  remote: string;
  userAgent: string;
  dn: string | null;
  sub: string | null;
  jti: string | null;
  mapped: string | null;
  duration: number;
  reason: string;
  code: number;
  tpcSource: string | null;
}

function userKeys(
  dn: string | null,
  sub: string | null,
  jti: string | null,
  mapped: string | null,
): string {
  let s = "";
  if (dn !== null) s += ` user.dn=${nlConst(dn)}`;
  if (sub !== null) s += ` user.sub=${sub}`;
  if (jti !== null) s += ` user.jti=${jti}`;
  if (mapped !== null) s += ` user.mapped=${mapped}`;
  return s;
}

/** One `org.dcache.webdav.request` access-log line (written at completion). */
export function webdavRequest(ms: number, offsetMin: number, f: WebdavFields): string {
  const tpc = f.tpcSource === null ? "" : ` tpc.source=${nl(f.tpcSource)}`;
  return (
    `level=INFO ts=${isoOffset(ms, offsetMin)} event=org.dcache.webdav.request session=${f.session}` +
    ` request.method=${f.method} request.url=${f.url} socket.remote=${f.remote}` +
    ` user-agent=${nlConst(f.userAgent)}${userKeys(f.dn, f.sub, f.jti, f.mapped)}` +
    ` duration=${f.duration} response.reason=${nlConst(f.reason)} response.code=${f.code}${tpc}`
  );
}

/** One `org.dcache.xrootd.login` access-log line: the token's user.* keys, no request. */
export function xrootdLogin(
  ms: number,
  offsetMin: number,
  f: { session: string; remote: string; sub: string; jti: string; mapped: string },
): string {
  return (
    `level=INFO ts=${isoOffset(ms, offsetMin)} event=org.dcache.xrootd.login session=${f.session}` +
    ` socket.remote=${f.remote}${userKeys(null, f.sub, f.jti, f.mapped)}`
  );
}

export interface BillingFields {
  pool: string;
  pnfsid: string;
  size: number;
  path: string;
  storageClass: string;
  transferred: number;
  connMs: number;
  created: boolean;
  protocol: string;
  client: string;
  initiator: string;
}

/** One pool transfer record of the daily billing file. */
export function billingLine(ms: number, f: BillingFields): string {
  return (
    `${billingTime(ms)} [pool:${f.pool}@${f.pool}Domain:transfer] [${f.pnfsid},${f.size}] [${f.path}]` +
    ` ${f.storageClass} ${f.transferred} ${f.connMs} ${f.created} {${f.protocol},${f.client}}` +
    ` [${f.initiator}] {0:""}`
  );
}

/** Clients seen at WebDAV doors; one carries quotes to exercise NetLogger escaping. */
export const USER_AGENTS = [
  "gfal2-util/1.8.1 gfal2/2.22.2 neon/0.0.29",
  "davix/0.8.5 libdavix/0.8.5 neon/0.0.29",
  "curl/8.5.0",
  "rclone/v1.66.0",
  "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  'python-requests/2.31.0 (analysis "skim" v2)',
] as const;

/** The user agent of FTS's third-party copies. */
export const FTS_AGENT = "fts_url_copy/3.12.10 gfal2/2.22.2 neon/0.0.29";
