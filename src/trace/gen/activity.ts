import { webdavBurst, xrootdDoorSession } from "./dcache-ops.js";
import { ftsJob } from "./fts-ops.js";
import type { Actor, Gen } from "./gen-context.js";
import { accessFor, freshAccess } from "./iam-ops.js";
import { condorSubmit, arcSubmit } from "./job-ops.js";
import { NORMAL, VICTIM } from "./line-buffer.js";
import { sitesWith, type Site, type SiteComponent, type User, type World } from "./scenario.js";
import { eosBurst, stormBurst, xrootdToken } from "./storage-ops.js";
import { DAY_MS } from "./time-format.js";

/**
 * What users do. Each user has an activity level (log-normal) and a day shifted by a few hours;
 * the number of activities in a slice is Poisson with a mean that follows a day/night curve.
 * An activity picks a site having the component (the home site when it can) and runs with the
 * user's current access token (refreshed when it runs low; FTS jobs get a fresh one).
 * BASE_ACTIVITIES was tuned so that the output has about 250 lines per user-day at --rate 1.
 */
const BASE_ACTIVITIES = 35;

type Kind = "webdav" | "xrootdDoor" | "storm" | "xrootd" | "eos" | "condor" | "arc" | "fts";

const MIX: [Kind, SiteComponent, number][] = [
  ["webdav", "dcache", 7],
  ["xrootdDoor", "dcache", 2],
  ["storm", "storm", 5],
  ["xrootd", "xrootd", 4],
  ["eos", "eos", 5],
  ["condor", "condor", 6],
  ["arc", "arc", 4],
  ["fts", "fts", 1.5],
];
const TOTAL_WEIGHT = MIX.reduce((s, m) => s + m[2], 0);

/** Relative activity at a local hour: low at night, a broad bump over the working day. */
function dayCurve(hour: number): number {
  return 0.12 + (hour >= 7 && hour < 22 ? Math.sin((Math.PI * (hour - 7)) / 15) : 0);
}

/** Turns each user's activity level and the day/night curve into activities, slice by slice. */
export class ActivityModel {
  private readonly curves = new Map<number, Float64Array>();
  private readonly byComponent = new Map<SiteComponent, Site[]>();
  private readonly storageSources: Site[];

  constructor(
    private readonly world: World,
    private readonly rate: number,
    private readonly sliceMs: number,
    private readonly victim: number,
  ) {
    const perDay = DAY_MS / sliceMs;
    for (let shift = -1; shift <= 2; shift++) {
      const c = new Float64Array(perDay);
      let sum = 0;
      for (let i = 0; i < perDay; i++) {
        const hour = ((i * sliceMs) / 3_600_000 + shift + 24) % 24;
        c[i] = dayCurve(hour);
        sum += c[i]!;
      }
      for (let i = 0; i < perDay; i++) c[i] = c[i]! / sum;
      this.curves.set(shift, c);
    }
    for (const m of MIX) this.byComponent.set(m[1], sitesWith(world, m[1]));
    this.storageSources = world.sites.filter(
      (s) => s.has.eos || s.has.storm || s.has.xrootd || s.has.dcache,
    );
  }

  /** Runs one user's activities that start in the slice [t0, t0 + sliceMs). */
  tick(g: Gen, user: User, t0: number): void {
    const sliceOfDay = Math.floor(((t0 - this.world.startMs) % DAY_MS) / this.sliceMs);
    const share = this.curves.get(user.tzShift)?.[sliceOfDay] ?? 0;
    const n = g.rng.poisson(BASE_ACTIVITIES * this.rate * user.dailyActs * share);
    if (n === 0) return;
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push(t0 + g.rng.int(this.sliceMs));
    times.sort((a, b) => a - b);
    for (const t of times) {
      if (t >= user.suspendedFrom && t < user.suspendedUntil) continue;
      this.run(g, user, t);
    }
  }

  private site(g: Gen, user: User, c: SiteComponent): Site | null {
    const home = this.world.sites[user.home];
    if (home !== undefined && home.has[c] && g.rng.chance(0.6)) return home;
    const list = this.byComponent.get(c) ?? [];
    return list.length === 0 ? null : g.rng.pick(list);
  }

  private run(g: Gen, user: User, t: number): void {
    let r = g.rng.float() * TOTAL_WEIGHT;
    let pick = MIX[0]!;
    for (const m of MIX) {
      pick = m;
      r -= m[2];
      if (r < 0) break;
    }
    const [kind, component] = pick;
    const site = kind === "fts" ? this.ftsSite(user) : this.site(g, user, component);
    if (site === null) return;
    const mark = user.index === this.victim ? VICTIM : NORMAL;
    const a: Actor = { user, ep: g.rng.pick(user.endpoints), mark };
    if (kind === "fts") {
      const tok = freshAccess(g, user, t, mark);
      const dest = g.rng.pick(this.byComponent.get("dcache") ?? []);
      const others = this.storageSources.filter((s) => s !== dest);
      const source = g.rng.pick(others.length > 0 ? others : this.storageSources);
      const files = 1 + g.rng.poisson(3);
      ftsJob(g, site, t, a, tok, {
        files,
        gapMs: [5_000, 1_200_000],
        dest,
        source,
        failRefresh: 0.08,
      });
      return;
    }
    const tok = accessFor(g, user, t, mark);
    switch (kind) {
      case "webdav":
        return webdavBurst(g, site, t, a, tok, 1 + g.rng.poisson(3.5));
      case "xrootdDoor":
        return xrootdDoorSession(g, site, t, a, tok);
      case "storm":
        return stormBurst(g, site, t, a, tok, 1 + g.rng.poisson(2.5));
      case "xrootd":
        return xrootdToken(g, site, t, a, tok);
      case "eos":
        return eosBurst(g, site, t, a, tok, 1 + g.rng.poisson(1.5));
      case "condor":
        return condorSubmit(g, site, t, a, tok, g.rng.chance(0.4));
      case "arc":
        return arcSubmit(g, site, t, a, tok);
    }
  }

  private ftsSite(user: User): Site | null {
    const list = this.world.ftsSites;
    return list.length === 0 ? null : list[user.index % list.length]!;
  }
}
