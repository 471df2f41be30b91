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
  /** Every ban that applies, narrowest kind first; empty when allowed. Frozen: may be shared. */
  readonly bans: readonly Readonly<{ id: string; kind: BanKind; reason: string }>[];
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

/**
 * The subgroup a group ban is explained by: "" when the token lists the banned group itself,
 * else the first listed group below it ("/atlas/prod" for a ban on "/atlas").
 */
function listedSubgroup(ban: BanMatch, facts: ClaimFacts): string {
  const group = ban.key ?? "";
  if (facts.groups.includes(group)) return "";
  return facts.groups.find((g) => g !== group && groupCovers(group, g)) ?? "";
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
      const listed = listedSubgroup(ban, facts);
      const sub = listed === "" ? "" : ` and the token lists its subgroup ${listed}`;
      return `group ${ban.key ?? ""} ${of} is banned${sub}${tail}`;
    }
    case "issuer":
      return `every token ${of} is banned${tail}`;
  }
}

/**
 * One-ban and allow answers are shared and frozen, so a token seen again — a clean one at every
 * request, a stolen one retried at every door — costs no allocation (an answer naming several
 * bans is built each time):
 * - the deny answer of one ban, remembered per view of the ban (the index keeps a ban's view
 *   while it holds the ban, so the answer is forgotten with it) and, for the two kinds whose
 *   sentence takes something from the token, per that thing: the token's iat for
 *   identity-before, the listed subgroup for group. Those come from untrusted claims, so they
 *   are bounded twice: at most VARIANTS per ban and TOKEN_ANSWERS in all;
 * - the allow answer per issuer and site, in a bounded map (issuers in claims are untrusted).
 */
const denials = new WeakMap<BanMatch, Decision>();
let tokenDenials = new WeakMap<BanMatch, Map<number | string | null, Decision>>();
/** Most token-dependent answers kept per ban (a retried token repeats its iat). */
const VARIANTS = 64;
/** Most token-dependent answers kept in all (about 700 bytes each); when full, start again. */
const TOKEN_ANSWERS = 4096;
let tokenAnswers = 0;
const allows = new Map<string, Map<string, Decision>>();
/** Most allow answers kept; when full, the map starts again. */
const ALLOW_CACHE = 4096;
let allowCount = 0;

const NO_ISS: Decision = Object.freeze({
  decision: "allow",
  bans: Object.freeze([]),
  reason: "no ban can match: the claims have no usable iss",
});

function frozen(decision: Decision["decision"], bans: Decision["bans"], reason: string): Decision {
  for (const b of bans) Object.freeze(b);
  return Object.freeze({ decision, bans: Object.freeze(bans), reason });
}

function allowed(iss: string, site: string | undefined): Decision {
  // "\n" cannot be a site name (sites are one line): the key of "no site given".
  const at = site ?? "\n";
  let byIss = allows.get(at);
  const hit = byIss?.get(iss);
  if (hit !== undefined) return hit;
  const where = site === undefined ? "" : ` at site ${site}`;
  const answer = frozen("allow", [], `no active ban of issuer ${iss} matches this token${where}`);
  if (allowCount >= ALLOW_CACHE) {
    allows.clear();
    allowCount = 0;
    byIss = undefined;
  }
  if (byIss === undefined) allows.set(at, (byIss = new Map<string, Decision>()));
  byIss.set(iss, answer);
  allowCount++;
  return answer;
}

/** The one-ban answer, shared by every token that would get the same sentence. */
function denied(ban: BanMatch, facts: ClaimFacts): Decision {
  if (ban.kind !== "identity-before" && ban.kind !== "group") {
    let answer = denials.get(ban);
    if (answer === undefined) denials.set(ban, (answer = denyOne(ban, facts)));
    return answer;
  }
  // What the sentence takes from the token: its iat, or the subgroup it lists.
  const key = ban.kind === "group" ? listedSubgroup(ban, facts) : facts.iat;
  let byKey = tokenDenials.get(ban);
  let answer = byKey?.get(key);
  if (answer !== undefined) return answer;
  answer = denyOne(ban, facts);
  if (tokenAnswers >= TOKEN_ANSWERS) {
    tokenDenials = new WeakMap();
    tokenAnswers = 0;
    byKey = undefined;
  }
  if (byKey === undefined)
    tokenDenials.set(ban, (byKey = new Map<number | string | null, Decision>()));
  else if (byKey.size >= VARIANTS) byKey.clear();
  byKey.set(key, answer);
  tokenAnswers++;
  return answer;
}

function denyOne(ban: BanMatch, facts: ClaimFacts): Decision {
  return frozen("deny", [{ id: ban.id, kind: ban.kind, reason: ban.reason }], explain(ban, facts));
}

/**
 * Decides on a token's facts at `now` (epoch ms), optionally for one site (see BanIndex.match
 * for what a missing site means). Facts without an issuer are allowed — no ban can name them —
 * and the reason says so, so a caller can tell that from a checked, clean token. The answer is
 * frozen: it may be shared with other calls.
 */
export function decide(index: BanIndex, facts: ClaimFacts, now: number, site?: string): Decision {
  if (facts.iss === null) return NO_ISS;
  const matched = index.match(facts, now, site);
  if (matched.length === 0) return allowed(facts.iss, site);
  if (matched.length === 1) return denied(matched[0]!, facts);
  return frozen(
    "deny",
    matched.map((b) => ({ id: b.id, kind: b.kind, reason: b.reason })),
    matched.map((b) => explain(b, facts)).join("; "),
  );
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
