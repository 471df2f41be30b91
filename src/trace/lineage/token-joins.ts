import type { StoredEvent } from "../events/events.repository.js";
import type { MatchVia } from "../query/trace-result.js";
import { EXCHANGE_GRANT, FTS_CONFIRM_MS, tpcSourcePath, type TokenFacts } from "./token-facts.js";

/**
 * Joins from a token's own lines to lines that do not name it (pure). Proven joins use a key only
 * that token has (HTCondor RoutedFromJobId, FTS token_id); candidate joins use the identity, the
 * time the token was valid and the address or path — and say so in their reason.
 */
export interface Joined {
  event: StoredEvent;
  via: MatchVia;
  reason: string;
}

const detail = (e: StoredEvent, key: string): string | null => {
  const v = e.details?.[key];
  return typeof v === "string" && v !== "" ? v : null;
};

/** Slack around a token's lifetime for lines logged late (a transfer closing, a job ending). */
export const USE_SLACK_MS = 5 * 60_000;
/** How long after a third-party copy starts its source may close the file. */
const TPC_WINDOW_MS = 6 * 3_600_000;

/** HTCondor-CE jobs routed from jobs the token submitted (same schedd). */
export function routedJobs(
  proven: readonly StoredEvent[],
  routed: readonly StoredEvent[],
): Joined[] {
  const jobs = new Map<string, StoredEvent>();
  for (const e of proven)
    if (e.component === "condor" && e.action === "job.submitted" && e.object !== null)
      jobs.set(e.object, e);
  const out: Joined[] = [];
  for (const e of routed) {
    const from = detail(e, "routedFromJobId");
    const job = from === null ? undefined : jobs.get(from);
    if (job === undefined || !sameHost(job, e)) continue;
    out.push({
      event: e,
      via: "routed-job",
      reason: `HTCondor-CE routed job ${e.object ?? "?"} from job ${from} submitted with the token (RoutedFromJobId)`,
    });
  }
  return out;
}

function sameHost(a: StoredEvent, b: StoredEvent): boolean {
  return (
    (a.site === null || b.site === null || a.site === b.site) &&
    (a.host === null || b.host === null || a.host === b.host)
  );
}

/**
 * FTS lines that name the token's exp where FTS handled this very token: the exchange that minted
 * it, the refresh that minted it, or the exchange it was the subject of (at a request time).
 */
export function ftsAnchors(
  f: TokenFacts,
  byExp: readonly StoredEvent[],
  exchangeRequestsMs: readonly number[],
): StoredEvent[] {
  if (f.exp === null) return [];
  const near = (e: StoredEvent, at: number | null) =>
    at !== null && Math.abs(e.timeMs - at) <= FTS_CONFIRM_MS;
  return byExp.filter((e) => {
    if (e.component !== "fts" || e.tokenExp !== f.exp || e.corr === null) return false;
    switch (e.action) {
      case "token.exchanged":
      case "token.exchange.stored":
        return f.grantType === EXCHANGE_GRANT && near(e, f.issuedAtMs);
      case "token.refreshed":
        return f.refreshedFrom !== null && near(e, f.issuedAtMs);
      case "token.exchange.started":
        return exchangeRequestsMs.some((t) => near(e, t));
      default:
        return false;
    }
  });
}

/**
 * Attributes the lines of one FTS token_id to the tokens of the trace: a line naming a token's exp
 * is that token's; a line without exp belongs to the latest token FTS held at that time.
 */
export function attributeFamily(
  family: readonly StoredEvent[],
  tokens: ReadonlyArray<{ jti: string; exp: number | null; sinceMs: number }>,
): Map<number, string> {
  const out = new Map<number, string>();
  const held = [...tokens].sort((a, b) => a.sinceMs - b.sinceMs);
  for (const e of family) {
    const byExp = e.tokenExp === null ? undefined : held.find((t) => t.exp === e.tokenExp);
    let owner = byExp?.jti;
    if (owner === undefined && e.tokenExp === null)
      for (const t of held) if (t.sinceMs <= e.timeMs + FTS_CONFIRM_MS) owner = t.jti;
    if (owner !== undefined) out.set(e.id, owner);
  }
  return out;
}

const CANDIDATE_REASON: Partial<Record<string, string>> = {
  storm: "StoRM request as the token's sub@iss while the token was valid (StoRM logs no jti)",
  arc: "ARC job owned by the token's iss/sub while the token was valid (ARC logs no jti or address)",
  fts: "FTS login with the token's sub while the token was valid (no token_id in the line)",
  xrootd: "XRootD saw the token's sub while the token was valid (XRootD logs no jti)",
  eos: "EOS record of the identity's mapped user while the token was valid (EOS logs no jti)",
};

/**
 * Lines of the token's identity that name no token, while the token was valid; a line with an
 * address must come from an address the token was used from.
 */
export function identityCandidates(
  f: TokenFacts,
  lines: readonly StoredEvent[],
  via: "same-subject" | "mapped-user",
  usedFrom: ReadonlySet<string>,
): Joined[] {
  if (f.kind !== "access" || f.issuedAtMs === null || f.exp === null) return [];
  const from = f.issuedAtMs - USE_SLACK_MS;
  const to = f.exp * 1000 + USE_SLACK_MS;
  const out: Joined[] = [];
  for (const e of lines) {
    if (e.jti !== null || e.component === "iam" || e.timeMs < from || e.timeMs > to) continue;
    if (e.iss !== null && f.iss !== null && e.iss !== f.iss) continue;
    if (e.clientIp !== null && !usedFrom.has(e.clientIp)) continue;
    const where = e.clientIp === null ? "" : `, from ${e.clientIp} as the token's proven uses`;
    const base =
      CANDIDATE_REASON[e.component] ??
      `${e.component} line of the token's identity while the token was valid (no jti)`;
    out.push({ event: e, via, reason: base + where });
  }
  return out;
}

/** dCache billing records of door sessions the token opened (billing logs no jti). */
export function sessionCandidates(
  proven: readonly StoredEvent[],
  sessionLines: readonly StoredEvent[],
): Joined[] {
  const sessions = new Set(
    proven.filter((e) => e.component === "dcache" && e.corr !== null).map((e) => e.corr),
  );
  return sessionLines
    .filter((e) => e.jti === null && e.corr !== null && sessions.has(e.corr))
    .map((event) => ({
      event,
      via: "dcache-session" as const,
      reason:
        "dCache billing record of a door session the token opened (billing logs no jti; joins by session)",
    }));
}

/** Source-side lines of third-party copies the token made (the file at the tpc.source path). */
export function tpcCandidates(
  proven: readonly StoredEvent[],
  pathLines: readonly StoredEvent[],
): Joined[] {
  const copies = proven
    .map((e) => ({ e, path: tpcSourcePath(e) }))
    .filter((c): c is { e: StoredEvent; path: string } => c.path !== null);
  const out: Joined[] = [];
  for (const line of pathLines) {
    if (line.jti !== null) continue;
    const copy = copies.find(
      (c) =>
        c.path === line.object &&
        line.timeMs >= c.e.timeMs - USE_SLACK_MS &&
        line.timeMs <= c.e.timeMs + TPC_WINDOW_MS,
    );
    if (copy === undefined) continue;
    out.push({
      event: line,
      via: "tpc-source",
      reason: `source of a third-party copy the token made at ${copy.e.component} (the source logs no jti)`,
    });
  }
  return out;
}

/** Paths the token's copies read from (look-up keys for tpcCandidates). */
export function tpcSources(proven: readonly StoredEvent[]): string[] {
  return [...new Set(proven.map(tpcSourcePath).filter((p): p is string => p !== null))];
}
