import { fileSize, transferMs } from "./dcache-ops.js";
import { eosLine } from "./eos.writer.js";
import type { Actor, Gen } from "./gen-context.js";
import type { Mark } from "./line-buffer.js";
import { mappedUser, type Endpoint, type Site, type User } from "./scenario.js";
import { STORM_DNS, stormLine } from "./storm.writer.js";
import { afterIssue, type AccessToken } from "./tokens.js";
import { xrdMonLine, xrdTokenLine } from "./xrootd.writer.js";

/**
 * StoRM WebDAV, XRootD and EOS activity. None of these formats carries a jti: the helpers still
 * receive the token used, so the ground truth can list the attacker's lines as candidates.
 */
const STORM_STATUS: Record<string, number> = { GET: 200, PUT: 201, PROPFIND: 207, HEAD: 200 };

export interface StormCall {
  ep: Endpoint;
  /** `<sub>@<iss>`, a DN, or `anonymous`. */
  user: string;
  method: string;
  path: string;
  size: number;
  mark: Mark;
  jti: string | null;
}

/** One StoRM WebDAV request; the line is written when it completes. Returns that time. */
export function stormCall(g: Gen, site: Site, t: number, c: StormCall): number {
  const missing = c.method === "GET" && g.rng.chance(0.03);
  const status = missing ? 404 : (STORM_STATUS[c.method] ?? 200);
  const moves = !missing && (c.method === "GET" || c.method === "PUT");
  const duration = moves ? transferMs(g, c.size) : g.rng.range(3, 90);
  const bytes = missing
    ? 0
    : c.method === "GET"
      ? c.size
      : c.method === "PROPFIND"
        ? g.rng.range(600, 9000)
        : 0;
  const end = t + duration;
  const line = stormLine(end, {
    ip: c.ep.ip,
    port: 8443,
    user: c.user,
    requestId: g.rng.uuid(),
    method: c.method,
    path: c.path,
    status,
    bytes,
    durationMs: duration,
  });
  g.out.emit(site.files.storm, end, line, c.mark, `storm.${c.method}`, c.jti);
  return end;
}

/** A StoRM path: the user's area, a production run, or public data (no user). */
export function stormPath(g: Gen, user: User | null): string {
  if (user === null) return `/vo/public/calib-${g.rng.hex(3)}.dat`;
  const area = user.prod ? `prod/run${g.rng.range(1000, 9999)}` : `users/${user.username}`;
  return `/vo/${area}/data-${g.rng.hex(4)}.root`;
}

const STORM_METHODS = ["GET", "GET", "GET", "PUT", "PROPFIND", "HEAD"];

/** A user's burst of StoRM requests with one token. */
export function stormBurst(
  g: Gen,
  site: Site,
  t: number,
  a: Actor,
  tok: AccessToken,
  n: number,
): void {
  let at = afterIssue(g.rng, tok, t);
  const user = `${a.user.sub}@${g.world.issuer}`;
  for (let i = 0; i < n && at < tok.exp * 1000 - 60_000; i++) {
    const method = g.rng.pick(STORM_METHODS);
    const size = method === "GET" || method === "PUT" ? fileSize(g) : 0;
    const path = stormPath(g, a.user);
    const end = stormCall(g, site, at, {
      ep: a.ep,
      user,
      method,
      path,
      size,
      mark: a.mark,
      jti: tok.jti,
    });
    at = end + g.rng.range(100, 15_000);
  }
}

/** Anonymous and X.509 reads of public data (StoRM noise without tokens). */
export function stormNoise(g: Gen, site: Site, t: number, mark: Mark): void {
  const dn = g.rng.chance(0.4);
  const ep: Endpoint = { ip: `198.51.100.${g.rng.range(1, 254)}`, host: "", v6: false };
  const user = dn ? g.rng.pick(STORM_DNS) : "anonymous";
  stormCall(g, site, t, {
    ep,
    user,
    method: "GET",
    path: stormPath(g, null),
    size: fileSize(g),
    mark,
    jti: null,
  });
}

/** A new token seen by an XRootD server: the XrdSciTokens line and the monitoring record. */
export function xrootdToken(g: Gen, site: Site, t: number, a: Actor, tok: AccessToken): void {
  const at = afterIssue(g.rng, tok, t);
  const m = mappedUser(site, a.user);
  const f = { user: m.name, sub: a.user.sub, iss: g.world.issuer, groups: a.user.groups };
  g.out.emit(
    site.files.xrootdLog,
    at,
    xrdTokenLine(at, site.xrootdPid, f),
    a.mark,
    "xrootd.token",
    tok.jti,
  );
  const mon = at + g.rng.range(50, 900);
  const dictid = site.counters.dictid++;
  const rec = xrdMonLine(mon, {
    dictid,
    sub: f.sub,
    user: f.user,
    iss: f.iss,
    role: "",
    groups: f.groups,
  });
  g.out.emit(site.files.xrootdMon, mon, rec, a.mark, "xrootd.mon", tok.jti);
}

export interface EosCall {
  ep: Endpoint;
  user: User;
  path: string;
  rb: number;
  wb: number;
  mark: Mark;
  jti: string;
}

/** One file opened and closed at EOS; the report record is written at close. Returns that time. */
export function eosCall(g: Gen, site: Site, t: number, c: EosCall): number {
  const m = mappedUser(site, c.user);
  const close = t + transferMs(g, c.rb + c.wb) + g.rng.range(5, 400);
  const record = eosLine({
    log: g.rng.uuid(),
    path: c.path,
    ruid: m.uid,
    rgid: m.gids[0] ?? 4000,
    td: `${m.name}.${g.rng.range(1000, 60000)}:${g.rng.range(10, 900)}@${c.ep.host}`,
    host: `eos-fst-0${g.rng.range(1, 4)}.${site.domain}`,
    fid: site.counters.fid++,
    openMs: t,
    closeMs: close,
    rb: c.rb,
    wb: c.wb,
    name: m.name,
    secHost: c.ep.ip,
    vorg: g.world.issuer,
    groups: c.user.groups,
  });
  g.out.emit(site.files.eos, close, record, c.mark, "eos", c.jti);
  return close;
}

/** An EOS path under the user's area or a production run. */
export function eosPath(g: Gen, user: User): string {
  const area = user.prod ? `prod/run${g.rng.range(1000, 9999)}` : `users/${user.username}`;
  return `/eos/vo/${area}/evt-${g.rng.hex(4)}.root`;
}

/** A user's reads and writes at EOS with one token. */
export function eosBurst(
  g: Gen,
  site: Site,
  t: number,
  a: Actor,
  tok: AccessToken,
  n: number,
): void {
  let at = afterIssue(g.rng, tok, t);
  for (let i = 0; i < n && at < tok.exp * 1000 - 60_000; i++) {
    const write = g.rng.chance(0.25);
    const size = fileSize(g);
    const c = {
      ep: a.ep,
      user: a.user,
      path: eosPath(g, a.user),
      rb: write ? 0 : size,
      wb: write ? size : 0,
      mark: a.mark,
      jti: tok.jti,
    };
    at = eosCall(g, site, at, c) + g.rng.range(100, 10_000);
  }
}
