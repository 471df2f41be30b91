import type { BanKind } from "./ban.model.js";
import type { BanIndex, BanMatch } from "./ban-index.js";
import { groupCovers } from "./ban-keys.js";
import { extractFacts, type ClaimFacts } from "./claims.js";

/**
 * The decision: is this token banned, by which bans, and why — in words a site admin can act
 * on and a log can keep. Pure: the index, the facts and the time are given.
 */
export interface Decision {
  decision: "allow" | "deny";
  /** Every ban that applies, narrowest kind first; empty when allowed. */
  bans: { id: string; kind: BanKind; reason: string }[];
  /** One sentence naming each ban, its key and its reason, or why nothing matched. */
  reason: string;
}

/** ISO time of an epoch-ms value, or the raw number when it is out of Date's range. */
function iso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? `${ms} ms` : d.toISOString();
}

/** " at sites A, B" for a ban limited to sites, "" for one that applies everywhere. */
function where(ban: BanMatch): string {
  return ban.sites === "all"
    ? ""
    : ` at ${ban.sites.length === 1 ? "site" : "sites"} ${ban.sites.join(", ")}`;
}

/** Why one ban applies to a token with these facts, e.g. "token jti X of issuer Y is banned (ban b-12: leaked)". */
export function explain(ban: BanMatch, facts: ClaimFacts): string {
  const of = `of issuer ${ban.iss}`;
  const tail = `${where(ban)} (ban ${ban.id}: ${ban.reason})`;
  switch (ban.kind) {
    case "token":
      return `token jti ${ban.key} ${of} is banned${tail}`;
    case "identity":
      return `subject ${ban.key} ${of} is banned${tail}`;
    case "identity-before": {
      const cutoff = iso(ban.issuedBefore ?? NaN);
      const issued =
        facts.iat === null
          ? "this token has no usable iat, so it counts as issued before"
          : `this one was issued at ${iso(facts.iat * 1000)}`;
      return `tokens of subject ${ban.key} ${of} issued at or before ${cutoff} are banned and ${issued}${tail}`;
    }
    case "client":
      return `client ${ban.key} ${of} is banned${tail}`;
    case "group": {
      const group = ban.key ?? "";
      const listed = facts.groups.find((g) => g !== group && groupCovers(group, g));
      const sub =
        facts.groups.includes(group) || listed === undefined
          ? ""
          : ` and the token lists its subgroup ${listed}`;
      return `group ${group} ${of} is banned${sub}${tail}`;
    }
    case "issuer":
      return `every token ${of} is banned${tail}`;
  }
}

/**
 * Decides on a token's facts at `now` (epoch ms), optionally for one site (see BanIndex.match
 * for what a missing site means). Facts without an issuer are allowed — no ban can name them —
 * and the reason says so, so a caller can tell that from a checked, clean token.
 */
export function decide(index: BanIndex, facts: ClaimFacts, now: number, site?: string): Decision {
  if (facts.iss === null) {
    return {
      decision: "allow",
      bans: [],
      reason: "no ban can match: the claims have no usable iss",
    };
  }
  const matched = index.match(facts, now, site);
  if (matched.length === 0) {
    const at = site === undefined ? "" : ` at site ${site}`;
    return {
      decision: "allow",
      bans: [],
      reason: `no active ban of issuer ${facts.iss} matches this token${at}`,
    };
  }
  return {
    decision: "deny",
    bans: matched.map((b) => ({ id: b.id, kind: b.kind, reason: b.reason })),
    reason: matched.map((b) => explain(b, facts)).join("; "),
  };
}

/** `decide` on an untrusted claim set (a decoded JWT payload, a request body's `claims`). */
export function decideClaims(
  index: BanIndex,
  claims: unknown,
  now: number,
  site?: string,
): Decision {
  return decide(index, extractFacts(claims), now, site);
}
