import { webdavCall } from "./dcache-ops.js";
import { fileSize } from "./dcache-ops.js";
import { ftsLine, ftsMsg } from "./fts.writer.js";
import type { Gen } from "./gen-context.js";
import { GRANT, auditLine, mainLine } from "./iam-ops.js";
import {
  EXCHANGE_LOGGER,
  accountEventJson,
  exchangeMessage,
  shutdownLines,
  startupLines,
  tokenEventJson,
} from "./iam.writer.js";
import { NORMAL } from "./line-buffer.js";
import { condorNoise } from "./job-ops.js";
import type { Site } from "./scenario.js";
import { stormNoise } from "./storage-ops.js";
import { DAY_MS } from "./time-format.js";
import { accessPayload, mintAccess } from "./tokens.js";

/**
 * The background every real log has and that says nothing about user tokens: IAM start-up (and
 * the restart of the mid-run upgrade), hourly housekeeping, a workflow service's
 * client-credentials exchanges, account suspensions; FTS heartbeats and optimizer lines; the CE's
 * pilot-factory traffic and failed authentications; X.509 and anonymous storage reads.
 */
const HOUR = 3_600_000;
/** A client-credentials token has no groups (one shared list: JSON and CSV memos key on it). */
const NO_GROUPS: string[] = [];

/** IAM's start-up lines at `at`, after shutdown lines at `stopAt` (the upgrade) if given. */
function iamRestart(g: Gen, at: number, version: string, stopAt: number | null): void {
  if (stopAt !== null)
    for (const [dt, thread, logger, msg] of shutdownLines())
      mainLine(g, stopAt + dt, logger, msg, NORMAL, "noise", null, thread);
  const pid = at < g.world.upgradeMs ? g.world.iamPid : g.world.iamPid + 1187;
  for (const [dt, thread, logger, msg] of startupLines(version, pid))
    mainLine(g, at + dt, logger, msg, NORMAL, "noise", null, thread);
}

/** A workflow engine's client-credentials token exchanged by a data-management service. */
function serviceExchange(g: Gen, at: number): void {
  const { actor, subject } = g.world.services;
  const scope = "storage.read:/vo/prod storage.modify:/vo/prod";
  const msg = exchangeMessage(3, {
    actor,
    subjectClient: subject,
    user: "",
    aud: g.world.aud,
    scope,
  });
  mainLine(g, at, EXCHANGE_LOGGER, msg, NORMAL, "noise");
  const t = at + g.rng.range(15, 60);
  const tok = mintAccess(g.rng, {
    sub: subject,
    clientId: actor,
    atMs: t,
    scope,
    groups: NO_GROUPS,
  });
  const json = tokenEventJson({
    ms: t,
    type: "AccessTokenIssuedEvent",
    principal: actor,
    scope,
    subject,
    grantType: GRANT.exchange,
    kid: g.world.kid,
    payload: accessPayload(g.world, tok),
    refreshTokenJti: null,
  });
  auditLine(g, t, json, NORMAL, "noise");
}

function suspensions(g: Gen, dayStart: number, victim: number): void {
  const users = g.world.users;
  if (users.length < 2 || !g.rng.chance(Math.min(0.9, users.length / 40))) return;
  const u = users[g.rng.int(users.length)]!;
  if (u.index === victim) return;
  const from = dayStart + g.rng.range(8 * HOUR, 18 * HOUR);
  const until = from + g.rng.range(HOUR, 6 * HOUR);
  u.suspendedFrom = from;
  u.suspendedUntil = until;
  const account = { uuid: u.sub, username: u.username };
  auditLine(g, from, accountEventJson(from, true, account), NORMAL, "noise");
  auditLine(g, until, accountEventJson(until, false, account), NORMAL, "noise");
}

function ftsNoise(g: Gen, site: Site, t0: number, t1: number): void {
  const line = (ms: number, msg: string) =>
    g.out.emit(site.files.fts, ms, ftsLine(ms, site.offset(ms), "INFO", msg), NORMAL, "noise");
  for (let ms = t0; ms < t1; ms += 300_000)
    line(ms + g.rng.range(0, 3000), ftsMsg.heartbeat(site.ftsEndpoint.host, 2));
  for (let i = g.rng.poisson(1.5); i > 0; i--) {
    const a = g.rng.pick(g.world.sites);
    const b = g.rng.pick(g.world.sites);
    line(
      t0 + g.rng.int(t1 - t0),
      ftsMsg.optimizer(
        `davs://${a.domain}`,
        `davs://${b.domain}`,
        g.rng.range(1, 40),
        g.rng.float() * 900,
      ),
    );
  }
  if (t0 % HOUR === 0)
    line(t0 + g.rng.range(5000, 50_000), ftsMsg.sanity(g.rng.chance(0.1) ? 1 : 0));
}

function dcacheNoise(g: Gen, site: Site, t: number): void {
  const dn = "/DC=org/DC=example/OU=Robots/CN=Data Replication Robot";
  webdavCall(g, site, t, {
    method: "GET",
    path: `/pnfs/${site.domain}/data/vo/public/calib-${g.rng.hex(3)}.dat`,
    size: fileSize(g),
    ep: { ip: "192.0.2.251", host: "robot.example.org", v6: false },
    userAgent: "gfal2-util/1.8.1 gfal2/2.22.2 neon/0.0.29",
    who: { kind: "dn", dn, mapped: "50001:5000" },
    mark: NORMAL,
    tpcSource: null,
  });
}

/** Emits one slice's background lines. */
export function noiseTick(g: Gen, t0: number, t1: number, victim: number): void {
  const w = g.world;
  if (t0 === w.startMs) iamRestart(g, t0 + 2000, "1.10.2", null);
  if (w.upgradeMs >= t0 && w.upgradeMs < t1)
    iamRestart(g, w.upgradeMs + 40_000, "1.11.0", w.upgradeMs - 3000);
  if (t0 % HOUR === 0) {
    const logger = "o.m.o.s.impl.DefaultOAuth2ProviderTokenService";
    mainLine(
      g,
      t0 + g.rng.range(0, 59_000),
      logger,
      "Cleaning out all expired tokens",
      NORMAL,
      "noise",
    );
  }
  if ((t0 - w.startMs) % DAY_MS === 0) suspensions(g, t0, victim);
  for (let i = g.rng.poisson(0.15); i > 0; i--) serviceExchange(g, t0 + g.rng.int(t1 - t0));
  const span = t1 - t0;
  for (const site of w.sites) {
    if (site.has.fts) ftsNoise(g, site, t0, t1);
    if (site.has.condor)
      for (let i = g.rng.poisson(1.5); i > 0; i--)
        condorNoise(g, site, t0 + g.rng.int(span), NORMAL);
    if (site.has.dcache)
      for (let i = g.rng.poisson(0.8); i > 0; i--) dcacheNoise(g, site, t0 + g.rng.int(span));
    if (site.has.storm)
      for (let i = g.rng.poisson(0.8); i > 0; i--)
        stormNoise(g, site, t0 + g.rng.int(span), NORMAL);
  }
}
