import { FTS_AGENT } from "./dcache.writer.js";
import { dcachePath, fileSize, webdavCall } from "./dcache-ops.js";
import { REFRESH_ERRORS, ftsLine, ftsMsg, type FtsLevel } from "./fts.writer.js";
import type { Actor, Gen } from "./gen-context.js";
import { exchange, refresh } from "./iam-ops.js";
import type { Site } from "./scenario.js";
import { eosCall, eosPath, stormCall, stormPath, xrootdToken } from "./storage-ops.js";
import { FTS_SCOPE, afterIssue, rawInfo, type AccessToken } from "./tokens.js";

/**
 * An FTS job submitted with a user's access token: REST login, token exchange at IAM (FTS gets
 * an access and a refresh token of its own, both tied to the submitted token's token_id),
 * transfers (a WebDAV COPY at the destination dCache with the exchanged token, a read at the
 * source with the same token from the destination pool), and refreshes by FTS's refresh token
 * whenever the exchanged token has less than 15 minutes left — occasionally after a failure.
 */
export interface FtsJobOptions {
  files: number;
  gapMs: [number, number];
  dest: Site;
  source: Site;
  failRefresh: number;
  /** Force the kind of source read (the planted scenario reads from EOS). */
  sourceKind?: SourceKind;
}

const REFRESH_WINDOW_MS = 15 * 60_000;

export type SourceKind = "eos" | "storm" | "dcache" | "xrootd";

function sourceKind(g: Gen, s: Site): SourceKind {
  const kinds: SourceKind[] = [];
  if (s.has.eos) kinds.push("eos");
  if (s.has.storm) kinds.push("storm");
  if (s.has.dcache) kinds.push("dcache");
  if (s.has.xrootd) kinds.push("xrootd");
  return g.rng.pick(kinds);
}

/** Runs one FTS job from submission to its last transfer (lines in the future wait in the buffer). */
export function ftsJob(
  g: Gen,
  fts: Site,
  t: number,
  a: Actor,
  subject: AccessToken,
  o: FtsJobOptions,
): void {
  const user = a.user;
  const iss = g.world.issuer;
  const line = (ms: number, level: FtsLevel, msg: string, role: string, jti: string | null) =>
    g.out.emit(fts.files.fts, ms, ftsLine(ms, fts.offset(ms), level, msg), a.mark, role, jti);

  let now = afterIssue(g.rng, subject, t);
  line(now, "INFO", ftsMsg.login(user.sub), "fts.login", subject.jti);
  const job = g.rng.uuid();
  now += g.rng.range(20, 200);
  line(now, "INFO", ftsMsg.submitted(job, o.files), "fts.transfer", null);
  const id = rawInfo(g.world, subject).tokenId;
  now += g.rng.range(300, 1500);
  line(
    now,
    "INFO",
    ftsMsg.exchangeStart(id, subject.exp, iss, rawInfo(g.world, subject).frag),
    "fts.exchange.start",
    subject.jti,
  );
  const ex = exchange(g, user, now + g.rng.range(40, 200), subject, fts.ftsClientId, a.mark);
  const rx = ex.rx;
  let cur = ex.x;
  const refreshFrag = rawInfo(g.world, rx).frag;
  now = ex.ms + g.rng.range(30, 150);
  line(
    now,
    "INFO",
    ftsMsg.exchangeObtained(id, cur.exp, rawInfo(g.world, cur).frag, refreshFrag),
    "fts.exchange.obtained",
    cur.jti,
  );
  now += 3;
  line(
    now,
    "INFO",
    ftsMsg.exchangeStored(id, cur.exp, rawInfo(g.world, cur).frag, refreshFrag),
    "fts.exchange.stored",
    cur.jti,
  );
  now += g.rng.range(1000, 20_000);

  for (let i = 0; i < o.files; i++) {
    if (now > cur.exp * 1000 - REFRESH_WINDOW_MS) {
      const start = (ms: number) =>
        line(
          ms,
          "INFO",
          ftsMsg.refreshStart(id, cur.exp, iss, rawInfo(g.world, cur).frag),
          "fts.refresh.start",
          cur.jti,
        );
      start(now);
      if (g.rng.chance(o.failRefresh)) {
        now += g.rng.range(100, 2000);
        line(
          now,
          "WARNING",
          ftsMsg.refreshFailed(id, g.rng.pick(REFRESH_ERRORS)),
          "fts.refresh.failed",
          cur.jti,
        );
        now += g.rng.range(60_000, 240_000);
        start(now);
      }
      cur = refresh(g, user, now + g.rng.range(50, 300), rx, FTS_SCOPE, a.mark);
      now = cur.issuedMs + g.rng.range(30, 200);
      line(
        now,
        "INFO",
        ftsMsg.refreshObtained(id, cur.exp, rawInfo(g.world, cur).frag),
        "fts.refresh.obtained",
        cur.jti,
      );
      now += g.rng.range(100, 3000);
    }
    now = transfer(g, fts, now, a, cur, o, job, line) + g.rng.range(o.gapMs[0], o.gapMs[1]);
  }
  line(now, "INFO", ftsMsg.jobFinished(job), "fts.transfer", null);
}

/** One file: FTS start line, source read, destination COPY (+ billing), FTS finish line. */
function transfer(
  g: Gen,
  fts: Site,
  now: number,
  a: Actor,
  tok: AccessToken,
  o: FtsJobOptions,
  job: string,
  line: (ms: number, level: FtsLevel, msg: string, role: string, jti: string | null) => void,
): number {
  const fileId = fts.counters.ftsFile++;
  const size = fileSize(g);
  const kind = o.sourceKind ?? sourceKind(g, o.source);
  const src = o.source;
  const srcPath =
    kind === "eos"
      ? eosPath(g, a.user)
      : kind === "dcache"
        ? dcachePath(g, src, a.user)
        : stormPath(g, a.user);
  const host =
    kind === "dcache"
      ? `webdav.${src.domain}:2880`
      : kind === "eos"
        ? `eos.${src.domain}:443`
        : kind === "storm"
          ? `storm.${src.domain}:8443`
          : `xrootd.${src.domain}:1094`;
  const srcUrl = `https://${host}${srcPath}`;
  const dstPath = dcachePath(g, o.dest, a.user);
  const dstUrl = `https://webdav.${o.dest.domain}:2880${dstPath}`;
  line(now, "INFO", ftsMsg.transferStarted(job, fileId, srcUrl, dstUrl), "fts.transfer", null);
  const pool = o.dest.poolEndpoint;
  const readAt = now + g.rng.range(150, 900);
  switch (kind) {
    case "eos":
      eosCall(g, src, readAt, {
        ep: pool,
        user: a.user,
        path: srcPath,
        rb: size,
        wb: 0,
        mark: a.mark,
        jti: tok.jti,
      });
      break;
    case "storm":
      stormCall(g, src, readAt, {
        ep: pool,
        user: `${a.user.sub}@${g.world.issuer}`,
        method: "GET",
        path: srcPath,
        size,
        mark: a.mark,
        jti: tok.jti,
      });
      break;
    case "dcache":
      webdavCall(g, src, readAt, {
        method: "GET",
        path: srcPath,
        size,
        ep: pool,
        userAgent: "dCache/10.2.4",
        who: { kind: "token", user: a.user, tok },
        mark: a.mark,
        tpcSource: null,
      });
      break;
    case "xrootd":
      xrootdToken(g, src, readAt, { ...a, ep: pool }, tok);
      break;
  }
  const end = webdavCall(g, o.dest, now + g.rng.range(40, 120), {
    method: "COPY",
    path: dstPath,
    size,
    ep: fts.ftsEndpoint,
    userAgent: FTS_AGENT,
    who: { kind: "token", user: a.user, tok },
    mark: a.mark,
    tpcSource: srcUrl,
    tpcHost: host,
  });
  const done = Math.max(end, readAt) + g.rng.range(50, 500);
  line(
    done,
    "INFO",
    ftsMsg.transferFinished(job, fileId, size, Math.max(1, Math.round((done - now) / 1000))),
    "fts.transfer",
    null,
  );
  return done;
}
