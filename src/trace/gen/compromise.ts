import { webdavBurst } from "./dcache-ops.js";
import { ftsJob } from "./fts-ops.js";
import type { Actor, Gen } from "./gen-context.js";
import { TruthRecorder } from "./ground-truth.js";
import { login, refresh } from "./iam-ops.js";
import { arcSubmit, condorSubmit } from "./job-ops.js";
import type { Mark } from "./line-buffer.js";
import { Rng, deriveSeed } from "./rng.js";
import { sitesWith, type Site, type User, type World } from "./scenario.js";
import { stormBurst } from "./storage-ops.js";
import { DAY_MS } from "./time-format.js";
import { userScope, type AccessToken, type RefreshToken } from "./tokens.js";

/**
 * The planted incident (--compromise). On day 1 the victim logs in to a notebook service; that
 * refresh token (R0) is stolen. Later (02–04 UTC on day 2, or the afternoon of a one-day run),
 * from a foreign address in 203.0.113.0/24, the attacker:
 *   +0      refreshes R0 at IAM → A1
 *   +2 min  reads and lists the victim's files at a dCache with A1        (proven: user.jti)
 *   +8 min  reads at a StoRM with A1                                      (candidates)
 *   +14 min submits an FTS job with A1: exchange → X1 (+ RX1 for FTS); FTS refreshes RX1 → X2;
 *           the transfers pull from an EOS (candidates) into a dCache     (proven: user.jti)
 *   +38 min refreshes R0 again → A2
 *   +40 min submits an HTCondor-CE job with A2 (routed)                    (proven: payload jti, cid)
 *   +44 min submits an ARC job with A2                                     (candidates)
 * The victim's own activity continues with their own tokens from their usual machines: those
 * lines are counted as unrelated, never part of the truth.
 */
interface Step {
  at: number;
  run(g: Gen): void;
}

export interface Compromise {
  victim: User;
  recorder: TruthRecorder;
  /** Pending steps, in time order; each runs in the slice that contains its time. */
  steps: Step[];
}

function first(
  world: World,
  rng: Rng,
  c: "dcache" | "storm" | "eos" | "condor" | "arc" | "fts",
): Site {
  const list = sitesWith(world, c);
  return rng.pick(list);
}

/** Plans the incident for a world (its own PRNG stream: the legitimate data stays the same). */
export function planCompromise(world: World): Compromise {
  const rng = new Rng(deriveSeed(world.seed, "compromise"));
  const victim = world.users[rng.int(world.users.length)]!;
  const recorder = new TruthRecorder();
  const attacker: Mark = { victim: false, truth: recorder };
  const victimMark: Mark = { victim: true, truth: recorder };
  const a: Actor = { user: victim, ep: world.attacker, mark: attacker };
  const sites = {
    dcache: first(world, rng, "dcache"),
    storm: first(world, rng, "storm"),
    eos: first(world, rng, "eos"),
    condor: first(world, rng, "condor"),
    arc: first(world, rng, "arc"),
    fts: first(world, rng, "fts"),
  };
  const oneDay = world.days === 1;
  const r0At = world.startMs + rng.range(7 * 3600, 9 * 3600) * 1000;
  const attackDay = oneDay ? 0 : 1;
  const attackAt =
    world.startMs +
    attackDay * DAY_MS +
    rng.range(oneDay ? 13 * 3600 : 2 * 3600, oneDay ? 15 * 3600 : 4 * 3600) * 1000;
  const min = 60_000;
  let r0: RefreshToken | null = null;
  let a1: AccessToken | null = null;
  let a2: AccessToken | null = null;
  const need = <T>(v: T | null): T => {
    if (v === null) throw new Error("compromise steps ran out of order");
    return v;
  };
  const steps: Step[] = [
    {
      at: r0At,
      run: (g) => {
        recorder.armRoot();
        r0 = login(g, victim, r0At, world.notebookClient, victimMark).rt;
      },
    },
    {
      at: attackAt,
      run: (g) => (a1 = refresh(g, victim, attackAt, need(r0), userScope(victim.prod), attacker)),
    },
    {
      at: attackAt + 2 * min,
      run: (g) =>
        webdavBurst(g, sites.dcache, attackAt + 2 * min, a, need(a1), 5, [
          "GET",
          "GET",
          "PROPFIND",
        ]),
    },
    {
      at: attackAt + 8 * min,
      run: (g) => stormBurst(g, sites.storm, attackAt + 8 * min, a, need(a1), 4),
    },
    {
      at: attackAt + 14 * min,
      run: (g) => {
        const dest = sites.dcache;
        ftsJob(g, sites.fts, attackAt + 14 * min, a, need(a1), {
          files: 6,
          gapMs: [11 * min, 14 * min],
          dest,
          source: sites.eos,
          failRefresh: 1,
          sourceKind: "eos",
        });
      },
    },
    {
      at: attackAt + 38 * min,
      run: (g) =>
        (a2 = refresh(g, victim, attackAt + 38 * min, need(r0), userScope(victim.prod), attacker)),
    },
    {
      at: attackAt + 40 * min,
      run: (g) => condorSubmit(g, sites.condor, attackAt + 40 * min, a, need(a2), true),
    },
    {
      at: attackAt + 44 * min,
      run: (g) => arcSubmit(g, sites.arc, attackAt + 44 * min, a, need(a2)),
    },
  ];
  return { victim, recorder, steps };
}

/** Runs the steps whose time falls in [t0, t1). */
export function compromiseTick(g: Gen, c: Compromise, t0: number, t1: number): void {
  while (c.steps.length > 0 && c.steps[0]!.at < t1) {
    const step = c.steps.shift()!;
    if (step.at >= t0) step.run(g);
  }
}
