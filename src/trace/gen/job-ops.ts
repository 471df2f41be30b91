import { ARC_FAILURES, arcFinished, arcStarted, type ArcJob } from "./arc.writer.js";
import { condorLine, condorMsg, sinful } from "./condor.writer.js";
import { ephemeralPort, type Actor, type Gen } from "./gen-context.js";
import type { Mark } from "./line-buffer.js";
import { mappedUser, type Endpoint, type Site } from "./scenario.js";
import { accessPayload, afterIssue, type AccessToken } from "./tokens.js";

/**
 * Job submissions: an HTCondor-CE cid group (payload, command, auth, one submit line per proc,
 * spread over a second so concurrent connections interleave), sometimes routed; an ARC job's
 * Started and Finished lines. Plus the CE's own token-free traffic (pilot factory, failed auths).
 */
export function condorSubmit(
  g: Gen,
  site: Site,
  t: number,
  a: Actor,
  tok: AccessToken,
  routed: boolean,
): void {
  const file = site.files.condor;
  const cid = site.counters.cid++;
  let at = afterIssue(g.rng, tok, t);
  const emit = (msg: string, role: string) =>
    g.out.emit(file, at, condorLine(at, cid, msg), a.mark, role, tok.jti);
  emit(condorMsg.payload(accessPayload(g.world, tok)), "condor.payload");
  at += g.rng.range(20, 90);
  emit(condorMsg.command("QMGMT_WRITE_CMD", sinful(a.ep, ephemeralPort(g))), "condor.command");
  at += g.rng.range(1, 4);
  const m = mappedUser(site, a.user);
  emit(condorMsg.scitokensAuth(g.world.issuer, a.user.sub, m.name, site.domain), "condor.auth");
  const cluster = site.counters.cluster++;
  const procs = g.rng.chance(0.7) ? 1 : g.rng.range(2, 4);
  for (let p = 0; p < procs; p++) {
    at += g.rng.range(60, 700);
    emit(condorMsg.submit(cluster, p), "condor.submit");
  }
  if (!routed) return;
  const when = at + g.rng.range(3000, 60_000);
  const routedCluster = site.counters.cluster++;
  const line = condorLine(when, site.counters.cid++, condorMsg.routed(routedCluster, cluster));
  g.out.emit(file, when, line, a.mark, "condor.routed", tok.jti);
}

/** The CE's traffic without user tokens: the pilot factory (SSL) and failed authentications. */
export function condorNoise(g: Gen, site: Site, t: number, mark: Mark): void {
  const file = site.files.condor;
  const cid = site.counters.cid++;
  let at = t;
  const emit = (msg: string) => g.out.emit(file, at, condorLine(at, cid, msg), mark, "noise");
  if (g.rng.chance(0.12)) {
    const ep: Endpoint = { ip: `198.51.100.${g.rng.range(1, 254)}`, host: "", v6: false };
    emit(condorMsg.command("QMGMT_WRITE_CMD", sinful(ep, ephemeralPort(g))));
    at += g.rng.range(2, 40);
    emit(condorMsg.authFailed("SCITOKENS,SSL"));
    return;
  }
  const factory: Endpoint = { ip: "192.0.2.250", host: "factory.example.org", v6: false };
  const cmd = g.rng.pick(["ACT_ON_JOBS", "QMGMT_WRITE_CMD", "TRANSFER_DATA_WITH_PERMS"]);
  emit(condorMsg.command(cmd, sinful(factory, 9618)));
  at += g.rng.range(1, 20);
  const dn = "/DC=org/DC=example/OU=Services/CN=factory.example.org";
  emit(condorMsg.otherAuth("SSL", dn, "vopilot", site.domain));
}

/** An ARC job: Started when accepted, Finished when the batch system is done with it. */
export function arcSubmit(g: Gen, site: Site, t: number, a: Actor, tok: AccessToken): void {
  const start = afterIssue(g.rng, tok, t) + g.rng.range(500, 6000);
  const m = mappedUser(site, a.user);
  const job: ArcJob = {
    id: g.rng.alnum(54),
    uid: m.uid,
    gid: m.gids[0] ?? 4000,
    name: g.rng.pick(["analysis", "arc_pilot", "reco-step2", "mc-gen"]) + `-${g.rng.range(1, 999)}`,
    owner: `${g.world.issuer}/${a.user.sub}`,
    lrms: "slurm",
    queue: a.user.prod ? "prod" : "grid",
  };
  g.out.emit(site.files.arc, start, arcStarted(start, job), a.mark, "arc.started", tok.jti);
  const end = start + Math.round(Math.min(12 * 3_600_000, g.rng.lognormal(2_400_000, 0.9)));
  const failure = g.rng.chance(0.06) ? g.rng.pick(ARC_FAILURES) : null;
  const lrmsId = 4_000_000 + site.index * 1_000_000 + site.counters.cluster++;
  g.out.emit(
    site.files.arc,
    end,
    arcFinished(end, job, lrmsId, failure),
    a.mark,
    "arc.finished",
    tok.jti,
  );
}
