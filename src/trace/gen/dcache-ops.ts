import { ephemeralPort, hostPort, type Actor, type Gen } from "./gen-context.js";
import { USER_AGENTS, billingLine, webdavRequest, xrootdLogin } from "./dcache.writer.js";
import type { Mark } from "./line-buffer.js";
import { mappedUser, type Endpoint, type Site, type User } from "./scenario.js";
import { afterIssue, type AccessToken } from "./tokens.js";

/**
 * dCache activity: WebDAV requests (one access-log line each, at completion) with the pool's
 * billing record for those that moved data, and xrootd logins followed by transfers. Billing
 * carries the door session of the access-log line it belongs to.
 */
const STATUS: Record<string, [number, string]> = {
  GET: [200, "OK"],
  PUT: [201, "Created"],
  COPY: [202, "Accepted"],
  PROPFIND: [207, "Multi-Status"],
  HEAD: [200, "OK"],
  DELETE: [204, "No Content"],
};

/** A plausible file size in bytes (log-normal, 1 kB … 20 GB). */
export function fileSize(g: Gen): number {
  return Math.round(Math.min(2e10, Math.max(1024, g.rng.lognormal(2e8, 1.5))));
}

/** Milliseconds to move `bytes` at a few hundred MB/s. */
export function transferMs(g: Gen, bytes: number): number {
  return Math.round(30 + bytes / (g.rng.range(40, 600) * 1000));
}

/** A file path under the site's dCache namespace: the user's area, or a production run's. */
export function dcachePath(g: Gen, site: Site, user: User): string {
  const area = user.prod ? `prod/run${g.rng.range(1000, 9999)}` : `users/${user.username}`;
  return `/pnfs/${site.domain}/data/vo/${area}/file-${g.rng.hex(4)}.root`;
}

function session(g: Gen, site: Site, door: "WebDAV" | "Xrootd"): string {
  const domain = door === "WebDAV" ? "webdavDomain" : "xrootdDomain";
  return `door:${door}-${site.name}-door@${domain}:AA${g.rng.alnum(9)}`;
}

export type DcacheIdentity =
  { kind: "token"; user: User; tok: AccessToken } | { kind: "dn"; dn: string; mapped: string };

export interface WebdavCall {
  method: string;
  path: string;
  size: number;
  ep: Endpoint;
  userAgent: string;
  who: DcacheIdentity;
  mark: Mark;
  /** Third-party copy source (FTS pull) and its host:port, or null. */
  tpcSource: string | null;
  tpcHost?: string;
}

/** One WebDAV request at `t`; returns when it completed. */
export function webdavCall(g: Gen, site: Site, t: number, c: WebdavCall): number {
  const missing = c.method === "GET" && g.rng.chance(0.04);
  const [code, reason] = missing ? [404, "Not Found"] : (STATUS[c.method] ?? [200, "OK"]);
  const moves = !missing && (c.method === "GET" || c.method === "PUT" || c.method === "COPY");
  const duration = moves ? transferMs(g, c.size) : g.rng.range(4, 180);
  const end = t + duration;
  const port = ephemeralPort(g);
  const sess = session(g, site, "WebDAV");
  const token = c.who.kind === "token" ? c.who : null;
  const jti = token === null ? null : token.tok.jti;
  const mapped =
    token !== null ? mappedUser(site, token.user).ids : c.who.kind === "dn" ? c.who.mapped : "";
  const line = webdavRequest(end, site.offset(end), {
    session: sess,
    method: c.method,
    url: `https://webdav.${site.domain}:2880${c.path}`,
    remote: hostPort(c.ep, port),
    userAgent: c.userAgent,
    dn: c.who.kind === "dn" ? c.who.dn : null,
    sub: token === null ? null : `${token.user.sub}@${site.dcacheOp}`,
    jti: token === null ? null : `${token.tok.jti}@${site.dcacheOp}`,
    mapped,
    duration,
    reason,
    code,
    tpcSource: c.tpcSource,
  });
  g.out.emit(site.files.dcacheWebdav, end, line, c.mark, `dcache.${c.method}`, jti);
  if (moves) {
    const tpc = c.tpcSource === null ? null : (c.tpcHost ?? c.tpcSource);
    const bill = billingLine(end - 2, {
      pool: g.rng.pick(site.pools),
      pnfsid: `0000${g.rng.hexUpper(16)}`,
      size: c.size,
      path: c.path,
      storageClass: c.path.includes("/prod/") ? "vo:prod@osm" : "vo:users@osm",
      transferred: c.size,
      connMs: duration,
      created: c.method !== "GET",
      protocol: tpc === null ? "Http-1.1" : "RemoteHttpsDataTransfer-1.1",
      client: tpc ?? hostPort(c.ep, port),
      initiator: sess,
    });
    g.out.emit(site.files.billing, end - 2, bill, c.mark, "dcache.billing", jti);
  }
  return end;
}

const USER_METHODS = [
  "GET",
  "GET",
  "GET",
  "GET",
  "PUT",
  "PUT",
  "PROPFIND",
  "PROPFIND",
  "HEAD",
  "DELETE",
];

/** A user's burst of WebDAV requests with one token. */
export function webdavBurst(
  g: Gen,
  site: Site,
  t: number,
  a: Actor,
  tok: AccessToken,
  n: number,
  methods = USER_METHODS,
): void {
  let at = afterIssue(g.rng, tok, t);
  const userAgent = g.rng.pick(USER_AGENTS);
  for (let i = 0; i < n && at < tok.exp * 1000 - 60_000; i++) {
    const method = g.rng.pick(methods);
    const size = method === "GET" || method === "PUT" ? fileSize(g) : 0;
    const who: DcacheIdentity = { kind: "token", user: a.user, tok };
    const path = dcachePath(g, site, a.user);
    const end = webdavCall(g, site, at, {
      method,
      path,
      size,
      ep: a.ep,
      userAgent,
      who,
      mark: a.mark,
      tpcSource: null,
    });
    at = end + g.rng.range(200, 20_000);
  }
}

/** An xrootd door login with the token, then a few reads on that session. */
export function xrootdDoorSession(g: Gen, site: Site, t: number, a: Actor, tok: AccessToken): void {
  const at = afterIssue(g.rng, tok, t);
  const sess = session(g, site, "Xrootd");
  const port = ephemeralPort(g);
  const m = mappedUser(site, a.user);
  const login = xrootdLogin(at, site.offset(at), {
    session: sess,
    remote: hostPort(a.ep, port),
    sub: `${a.user.sub}@${site.dcacheOp}`,
    jti: `${tok.jti}@${site.dcacheOp}`,
    mapped: m.ids,
  });
  g.out.emit(site.files.dcacheXrootd, at, login, a.mark, "dcache.xrootd", tok.jti);
  let when = at + g.rng.range(50, 2000);
  const reads = g.rng.range(1, 4);
  for (let i = 0; i < reads; i++) {
    const size = fileSize(g);
    when += transferMs(g, size);
    const path = dcachePath(g, site, a.user);
    const bill = billingLine(when, {
      pool: g.rng.pick(site.pools),
      pnfsid: `0000${g.rng.hexUpper(16)}`,
      size,
      path,
      storageClass: a.user.prod ? "vo:prod@osm" : "vo:users@osm",
      transferred: size,
      connMs: transferMs(g, size),
      created: false,
      protocol: "Xrootd-5.0",
      client: hostPort(a.ep, port),
      initiator: sess,
    });
    g.out.emit(site.files.billing, when, bill, a.mark, "dcache.billing", tok.jti);
    when += g.rng.range(100, 30_000);
  }
}
