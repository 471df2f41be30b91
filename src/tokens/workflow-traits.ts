/**
 * The five aspects on which a token is compared with an assessment workflow, read from both
 * sides: from the workflow's free-text properties (as the working group wrote them: "long-lived",
 * "broad: storage.modify is currently needed", "FTS (privileged client)") and from the token's
 * claims. Text is read by keywords, deliberately simple and documented, because the catalogue is
 * edited by people; an aspect the text does not state, or the token does not show, is `null` and
 * counts for nothing either way. Pure.
 */
import type { JwtClaims } from "./jwt-decode.js";
import { quote } from "./jwks-select.js";
import { actorOf, claim, clientOf, guessHolder, lifetimeOf } from "./token-traits.js";
import { formatDuration, LIFETIME_GUIDANCE } from "./wlcg-profile.js";
import { parseScopes } from "./wlcg-scopes.js";

/** The Assess domain's Workflow (src/risk/model.ts) as far as the guess needs it. */
export interface WorkflowDescriptor {
  id: string;
  name: string;
  lifetime: string;
  scopeBreadth: string;
  refreshExchange: string;
  holder: string;
}

export type HolderClass = "fts" | "job" | "user" | "service";
export type Activity = "storage" | "compute" | "both";
export type LifetimeClass = "short" | "long";
export type Breadth = "narrow" | "broad";
export type Renewal = "exchange" | "refresh";

export interface WorkflowExpectation {
  holder: HolderClass | null;
  activity: "storage" | "compute" | "either" | null;
  lifetime: LifetimeClass | null;
  breadth: Breadth | "either" | null;
  renewal: Renewal | null;
}

export interface Observed<T> {
  value: T | null;
  evidence: string;
}

export interface TokenObservation {
  holder: Observed<HolderClass>;
  activity: Observed<Activity>;
  lifetime: Observed<LifetimeClass>;
  breadth: Observed<Breadth>;
  renewal: Observed<Renewal>;
}

/**
 * "Long-lived" means beyond the profile's default maximum for access tokens (6 h, §4.3.1): the
 * workflows the profile itself names as needing longer lifetimes (FTS, pilots) are exactly the
 * ones the working group calls long-lived.
 */
export const LONG_LIVED_AFTER = LIFETIME_GUIDANCE.access.max;

/** Client names of FTS and of job frameworks (pilots, PanDA/Harvester, DIRAC, HTCondor, CRAB, glideinWMS). */
const FTS_NAME = /(^|[^a-z])fts/i;
const JOB_NAME = /pilot|panda|harvester|dirac|glidein|condor|crab|\bwms\b|\bjobs?\b/i;

/** Reads a workflow's free text. Keyword rules, in this order (first match wins): */
export function expectWorkflow(w: WorkflowDescriptor): WorkflowExpectation {
  const holderText = w.holder.toLowerCase();
  const name = w.name.toLowerCase();
  const holder: HolderClass | null = /\bfts\b/.test(holderText)
    ? "fts"
    : /job|pilot/.test(holderText)
      ? "job"
      : /user/.test(holderText)
        ? "user"
        : /service|client|robot/.test(holderText)
          ? "service"
          : null;
  // "job submission" is compute; "data", "transfer", FTS is storage; other jobs may be either.
  const activity = /submi/.test(name)
    ? "compute"
    : /data|transfer|storage|\bfts\b/.test(name) || holder === "fts"
      ? "storage"
      : /job/.test(name) || holder === "job"
        ? "either"
        : null;
  const life = w.lifetime.toLowerCase();
  const lifetime = /long/.test(life) ? "long" : /short/.test(life) ? "short" : null;
  const breadthText = w.scopeBreadth.toLowerCase();
  const narrow = /narrow/.test(breadthText);
  const broad = /broad|storage\.modify/.test(breadthText);
  const breadth = narrow && broad ? "either" : narrow ? "narrow" : broad ? "broad" : null;
  const renewText = w.refreshExchange.toLowerCase();
  const renewal = /exchange/.test(renewText)
    ? "exchange"
    : /refresh/.test(renewText) || /refresh/.test(life)
      ? "refresh"
      : null;
  return { holder, activity, lifetime, breadth, renewal };
}

/** Reads the same aspects off a token's claims. */
export function observeToken(claims: JwtClaims): TokenObservation {
  return {
    holder: observeHolder(claims),
    ...observeScopes(claims),
    lifetime: observeLifetime(claims),
    renewal: observeRenewal(claims),
  };
}

function observeHolder(claims: JwtClaims): Observed<HolderClass> {
  const act = actorOf(claims);
  const names: [string, string | undefined][] = [
    ["client", clientOf(claims)],
    ["actor", act],
  ];
  for (const [what, name] of names) {
    if (name === undefined) continue;
    if (FTS_NAME.test(name)) return { value: "fts", evidence: `${what} ${quote(name)} names FTS` };
    if (JOB_NAME.test(name)) {
      return { value: "job", evidence: `${what} ${quote(name)} names a job framework` };
    }
  }
  const guess = guessHolder(claims);
  if (guess.value === "unknown") return { value: null, evidence: guess.evidence };
  return { value: guess.value, evidence: guess.evidence };
}

function observeScopes(claims: JwtClaims): Pick<TokenObservation, "activity" | "breadth"> {
  const scope = claim(claims, "scope");
  if (typeof scope !== "string") {
    const none = { value: null, evidence: "no scope claim (group-based authorization, if any)" };
    return { activity: none, breadth: none };
  }
  const entries = parseScopes(scope).entries;
  const storage = entries.filter((e) => e.kind === "storage");
  const compute = entries.filter((e) => e.kind === "compute");
  const activity: Observed<Activity> =
    storage.length > 0 && compute.length > 0
      ? { value: "both", evidence: "storage.* and compute.* scopes" }
      : storage.length > 0
        ? { value: "storage", evidence: "storage.* scopes only" }
        : compute.length > 0
          ? { value: "compute", evidence: "compute.* scopes only" }
          : { value: null, evidence: "no storage.* or compute.* scopes" };
  if (storage.length === 0) {
    return { activity, breadth: { value: null, evidence: "no storage scopes" } };
  }
  const broad = storage.filter((e) => e.operation === "modify" || e.path === "/");
  const breadth: Observed<Breadth> =
    broad.length > 0
      ? {
          value: "broad",
          evidence: `${broad.map((e) => e.raw).join(", ")} (modify or the whole area)`,
        }
      : { value: "narrow", evidence: "storage scopes on sub-paths, no storage.modify" };
  return { activity, breadth };
}

function observeLifetime(claims: JwtClaims): Observed<LifetimeClass> {
  const life = lifetimeOf(claims);
  if (life === null) return { value: null, evidence: "lifetime unknown (no exp and iat)" };
  const limit = formatDuration(LONG_LIVED_AFTER);
  return life > LONG_LIVED_AFTER
    ? { value: "long", evidence: `lifetime ${formatDuration(life)} (over ${limit})` }
    : { value: "short", evidence: `lifetime ${formatDuration(life)} (at most ${limit})` };
}

function observeRenewal(claims: JwtClaims): Observed<Renewal> {
  const act = actorOf(claims);
  if (act !== undefined) {
    return { value: "exchange", evidence: `act claim: issued by token exchange to ${quote(act)}` };
  }
  const scope = claim(claims, "scope");
  if (typeof scope === "string" && scope.split(" ").includes("offline_access")) {
    return { value: "refresh", evidence: "offline_access scope: issued with a refresh token" };
  }
  return { value: null, evidence: "no act claim and no offline_access scope" };
}
