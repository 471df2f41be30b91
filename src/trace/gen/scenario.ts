import { FileRegistry, NAMES } from "./layout.js";
import { Rng, deriveSeed } from "./rng.js";
import { DAY_MS, cetOffsetMin, type DayParts } from "./time-format.js";
import type { AccessToken, RefreshToken } from "./tokens.js";

/**
 * The invented world a run describes: one IAM, N sites with a mix of middleware, U users. Every
 * name and address is invented (example.org / example.net, RFC 5737 and RFC 3849 ranges);
 * subjects and client ids are UUIDs from the seed. Legitimate clients use 198.51.100.0/24,
 * 2001:db8::/32 and (servers) 192.0.2.0/24; 203.0.113.0/24 is kept for the attacker.
 */
export interface Endpoint {
  ip: string;
  host: string;
  v6: boolean;
}

export type SiteComponent = "condor" | "arc" | "dcache" | "storm" | "xrootd" | "eos" | "fts";

export interface SiteFiles {
  fts: number;
  condor: number;
  arc: number;
  dcacheWebdav: number;
  dcacheXrootd: number;
  billing: number;
  storm: number;
  xrootdLog: number;
  xrootdMon: number;
  eos: number;
}

export interface Site {
  index: number;
  name: string;
  domain: string;
  /** Minutes east of UTC at an instant (sites run CE(S)T or UTC). */
  offset(ms: number): number;
  has: Record<SiteComponent, boolean>;
  /** File ids; -1 where the site lacks the component. */
  files: SiteFiles;
  ftsClientId: string;
  ftsEndpoint: Endpoint;
  poolEndpoint: Endpoint;
  dcacheOp: string;
  pools: string[];
  xrootdPid: number;
  /** mappedUser() results by user index (computed on first use). */
  mapped: (Mapped | undefined)[];
  counters: { cid: number; cluster: number; dictid: number; fid: number; ftsFile: number };
}

export interface User {
  index: number;
  sub: string;
  username: string;
  /** The user's own OAuth client (oidc-agent registration). */
  clientId: string;
  endpoints: Endpoint[];
  groups: string[];
  prod: boolean;
  /** Expected activities per day at --rate 1. */
  dailyActs: number;
  /** Hours the user's day is shifted from UTC. */
  tzShift: number;
  home: number;
  rt: RefreshToken | null;
  at: AccessToken | null;
  loginDay: number;
  /** While IAM has the account suspended the user does nothing new: [from, until). */
  suspendedFrom: number;
  suspendedUntil: number;
}

export interface World {
  seed: number;
  startMs: number;
  endMs: number;
  days: number;
  issuer: string;
  aud: string;
  kid: string;
  iamPid: number;
  iamFiles: { audit: number; main: number };
  sites: Site[];
  users: User[];
  registry: FileRegistry;
  ftsSites: Site[];
  /** Service clients: a data manager exchanging a workflow engine's client-credentials token. */
  services: { actor: string; subject: string };
  /** The notebook service whose refresh token is stolen with --compromise. */
  notebookClient: string;
  attacker: Endpoint;
  /** When IAM is upgraded (restart; the token-exchange wording changes). */
  upgradeMs: number;
}

const STORAGE = [
  ["dcache", "xrootd"],
  ["storm", "eos"],
  ["eos", "xrootd"],
  ["dcache", "storm"],
] as const;

function components(i: number, sites: number): Record<SiteComponent, boolean> {
  const has = {
    condor: false,
    arc: false,
    dcache: false,
    storm: false,
    xrootd: false,
    eos: false,
    fts: false,
  };
  if (sites === 1)
    return {
      condor: true,
      arc: true,
      dcache: true,
      storm: true,
      xrootd: true,
      eos: true,
      fts: true,
    };
  has.condor = i % 3 !== 1;
  has.arc = i % 3 !== 0;
  for (const c of STORAGE[i % 4]!) has[c] = true;
  has.fts = i === 0 || (sites >= 4 && i === 2);
  return has;
}

function buildSite(i: number, sites: number, rng: Rng, reg: FileRegistry): Site {
  const name = `site-${String(i + 1).padStart(2, "0")}`;
  const domain = `${name}.example.net`;
  const has = components(i, sites);
  const file = (on: boolean, sub: string, naming: (d: DayParts) => string) =>
    on ? reg.add(`${name}/${sub}`, naming) : -1;
  const cet = i % 3 !== 2;
  return {
    index: i,
    name,
    domain,
    offset: cet ? cetOffsetMin : () => 0,
    has,
    files: {
      fts: file(has.fts, "fts", NAMES.fts),
      condor: file(has.condor, "condor-ce", NAMES.condor),
      arc: file(has.arc, "arc", NAMES.arc),
      dcacheWebdav: file(has.dcache, "dcache", NAMES.dcacheWebdav),
      dcacheXrootd: file(has.dcache, "dcache", NAMES.dcacheXrootd),
      billing: file(has.dcache, "dcache", NAMES.billing),
      storm: file(has.storm, "storm", NAMES.storm),
      xrootdLog: file(has.xrootd, "xrootd", NAMES.xrootdLog),
      xrootdMon: file(has.xrootd, "xrootd", NAMES.xrootdMon),
      eos: file(has.eos, "eos", NAMES.eos),
    },
    ftsClientId: rng.uuid(),
    ftsEndpoint: { ip: `192.0.2.${4 * i + 1}`, host: `fts3.${domain}`, v6: false },
    poolEndpoint: { ip: `192.0.2.${4 * i + 2}`, host: `pool-01.${domain}`, v6: false },
    dcacheOp: "vo-iam",
    pools: [`${name}-pool-a`, `${name}-pool-b`, `${name}-pool-c`],
    xrootdPid: rng.range(1000, 60000),
    mapped: [],
    counters: {
      cid: rng.range(100, 5000),
      cluster: rng.range(1000, 90000),
      dictid: rng.range(1, 100000),
      fid: rng.range(100000, 9000000),
      ftsFile: rng.range(1000000, 90000000),
    },
  };
}

function userEndpoint(rng: Rng, sites: Site[], home: number, n: number): Endpoint {
  const site = sites[home]!;
  if (rng.chance(0.25)) {
    const ip = `2001:db8:${(home + 1).toString(16)}:${rng.range(1, 0xfff).toString(16)}::${rng.range(2, 0xfff).toString(16)}`;
    return { ip, host: `ui${n}-v6.${site.domain}`, v6: true };
  }
  return { ip: `198.51.100.${rng.range(1, 254)}`, host: `ui${n}.${site.domain}`, v6: false };
}

function buildUser(i: number, rng: Rng, sites: Site[]): User {
  const home = rng.int(sites.length);
  const prod = rng.chance(0.15);
  const endpoints = [userEndpoint(rng, sites, home, i + 1)];
  if (rng.chance(0.4)) endpoints.push(userEndpoint(rng, sites, home, i + 1001));
  return {
    index: i,
    sub: rng.uuid(),
    username: `user${String(i + 1).padStart(4, "0")}`,
    clientId: rng.uuid(),
    endpoints,
    groups: prod ? ["/vo", "/vo/prod"] : rng.chance(0.5) ? ["/vo", "/vo/users"] : ["/vo"],
    prod,
    dailyActs: Math.min(8, rng.lognormal(1, 0.7)),
    tzShift: rng.range(-1, 2),
    home,
    rt: null,
    at: null,
    loginDay: -1,
    suspendedFrom: 0,
    suspendedUntil: 0,
  };
}

/** Builds the world of a run from its seed. Pure: same arguments, same world. */
export function buildWorld(o: {
  seed: number;
  startMs: number;
  days: number;
  sites: number;
  users: number;
}): World {
  const rng = new Rng(deriveSeed(o.seed, "world"));
  const registry = new FileRegistry();
  const iamFiles = {
    audit: registry.add("iam", NAMES.iamAudit),
    main: registry.add("iam", NAMES.iamMain),
  };
  const sites = Array.from({ length: o.sites }, (_, i) => buildSite(i, o.sites, rng, registry));
  const users = Array.from({ length: o.users }, (_, i) => buildUser(i, rng, sites));
  const endMs = o.startMs + o.days * DAY_MS;
  return {
    seed: o.seed,
    startMs: o.startMs,
    endMs,
    days: o.days,
    issuer: "https://iam.example.org/",
    aud: "https://wlcg.cern.ch/jwt/v1/any",
    kid: "rsa1",
    iamPid: rng.range(1000, 60000),
    iamFiles,
    sites,
    users,
    registry,
    ftsSites: sites.filter((s) => s.has.fts),
    services: { actor: rng.uuid(), subject: rng.uuid() },
    notebookClient: rng.uuid(),
    attacker: { ip: `203.0.113.${rng.range(10, 250)}`, host: "vps-7.dyn.example.org", v6: false },
    upgradeMs: o.startMs + Math.floor((o.days * DAY_MS) / 2 / 600_000) * 600_000 + 7_633_000,
  };
}

export interface Mapped {
  name: string;
  uid: number;
  gids: number[];
  /** `uid:gid[,gid…]` as dCache prints user.mapped. */
  ids: string;
}

/** The local account a user maps to at a site (pool accounts differ per site). */
export function mappedUser(site: Site, user: User): Mapped {
  let m = site.mapped[user.index];
  if (m === undefined) {
    const pool = site.index % 2 === 0;
    const name = pool ? `vo${String(user.index + 1).padStart(4, "0")}` : user.username;
    const uid = 30000 + (site.index % 3) * 1_000_000 + user.index;
    const gids = user.prod ? [4000, 4001] : [4000];
    m = { name, uid, gids, ids: `${uid}:${gids.join(",")}` };
    site.mapped[user.index] = m;
  }
  return m;
}

/** Sites having a component (every component exists somewhere for any --sites ≥ 1). */
export function sitesWith(world: World, c: SiteComponent): Site[] {
  return world.sites.filter((s) => s.has[c]);
}
