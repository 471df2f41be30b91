import { groupCovers, type Ban } from "../../bans/index.js";
import { otherJtis, otherSubs } from "../events/also-named.js";
import type { TraceEvent } from "../events/trace-event.js";

/** A ban an event fell under, and what matched, in words. */
export interface BanHit {
  ban: Ban;
  matched: string;
}

const MAX_TIME = 8.64e15;

/** When a ban denied: [startsAt, min(expiresAt, liftedAt)), epoch ms. */
function activeSpan(b: Ban): [number, number] {
  const end = Math.min(
    b.expiresAt === null ? MAX_TIME : Date.parse(b.expiresAt),
    b.liftedAt === null ? MAX_TIME : Date.parse(b.liftedAt),
  );
  return [Date.parse(b.startsAt), end];
}

/**
 * The exact check behind an alert (pure): which bans covered an event at the event's own time —
 * a ban lifted or expired since still counts for what happened while it was active, and one that
 * started later never does. Keys are compared byte for byte, as in decisions. Lines that do not
 * log the issuer (dCache writes `sub@op`, `jti@op`) match on the key alone, and the alert says so.
 */
export class AlertMatcher {
  readonly #byKey = new Map<string, Ban[]>();
  readonly #groups: Ban[] = [];
  readonly #issuers = new Map<string, Ban[]>();

  constructor(bans: readonly Ban[]) {
    for (const b of bans) {
      switch (b.kind) {
        case "token":
          this.#add(`j\u0000${b.jti}`, b);
          break;
        case "identity":
        case "identity-before":
          this.#add(`s\u0000${b.sub}`, b);
          break;
        case "client":
          this.#add(`c\u0000${b.clientId}`, b);
          break;
        case "group":
          this.#groups.push(b);
          break;
        case "issuer":
          this.#issuers.set(b.iss, [...(this.#issuers.get(b.iss) ?? []), b]);
          break;
      }
    }
  }

  get size(): number {
    return this.#byKey.size + this.#groups.length + this.#issuers.size;
  }

  #add(key: string, b: Ban): void {
    this.#byKey.set(key, [...(this.#byKey.get(key) ?? []), b]);
  }

  match(e: TraceEvent): BanHit[] {
    const out: BanHit[] = [];
    const consider = (b: Ban, matched: string) => {
      if (!this.#covers(b, e)) return;
      const noIss = e.iss === null ? " (the line logs no issuer)" : "";
      out.push({ ban: b, matched: matched + noIss });
    };
    // A dCache line names every token of its request (also-named.ts): each may be banned.
    const jtis = e.jti === null ? [] : [e.jti, ...otherJtis(e)];
    for (const jti of jtis)
      for (const b of this.#byKey.get(`j\u0000${jti}`) ?? []) consider(b, `jti ${jti}`);
    const subs = e.sub === null ? [] : [e.sub, ...otherSubs(e)];
    for (const sub of subs)
      for (const b of this.#byKey.get(`s\u0000${sub}`) ?? []) {
        if (b.kind === "identity") consider(b, `sub ${sub}`);
        else if (b.kind === "identity-before" && issuedBefore(e, b.issuedBefore))
          consider(b, `sub ${sub}, token issued at or before ${b.issuedBefore}`);
      }
    if (e.clientId !== null)
      for (const b of this.#byKey.get(`c\u0000${e.clientId}`) ?? [])
        consider(b, `client ${e.clientId}`);
    if (e.groups !== null)
      for (const b of this.#groups)
        if (b.kind === "group") {
          const g = e.groups.find((x) => groupCovers(b.group, x));
          if (g !== undefined) consider(b, `group ${g}`);
        }
    if (e.iss !== null)
      for (const b of this.#issuers.get(e.iss) ?? []) consider(b, `issuer ${e.iss}`);
    return out;
  }

  #covers(b: Ban, e: TraceEvent): boolean {
    if (e.iss !== null && e.iss !== b.iss) return false;
    if (b.sites !== "all" && (e.site === null || !b.sites.includes(e.site))) return false;
    const [from, to] = activeSpan(b);
    return e.timeMs >= from && e.timeMs < to;
  }
}

/**
 * identity-before bans deny tokens issued at or before T; a line knows its token's iat only
 * when it is IAM's issuance itself (the line's time) or carries it (HTCondor's payload). Without
 * an iat there is no alert: the ban's own decisions treat a missing iat the same way.
 */
function issuedBefore(e: TraceEvent, cutoff: string): boolean {
  const iat = e.details?.["iat"];
  const at =
    e.component === "iam" && (e.action === "token.issued" || e.action === "token.refreshed")
      ? e.timeMs
      : typeof iat === "number"
        ? iat * 1000
        : null;
  return at !== null && at <= Date.parse(cutoff);
}
