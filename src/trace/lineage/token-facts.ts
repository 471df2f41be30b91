import type { StoredEvent } from "../events/events.repository.js";
import type { TraceEvent } from "../events/trace-event.js";

/** The grant type IAM logs for a token minted by an RFC 8693 token exchange. */
export const EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";

/** Seconds either side within which an FTS token line confirms an IAM issuance or exchange. */
export const FTS_CONFIRM_MS = 120_000;
/** How soon after IAM's token-exchange line the exchanged tokens are issued. */
export const EXCHANGE_ISSUE_MS = 10_000;

/** What the logs say about one token (from its IAM issuance when ingested, else its uses). */
export interface TokenFacts {
  jti: string;
  iss: string | null;
  sub: string | null;
  clientId: string | null;
  kind: "access" | "refresh" | "unknown";
  issuedAtMs: number | null;
  /** epoch seconds */
  exp: number | null;
  /** IAM's account name (the audit `subject`), which token-exchange lines use instead of sub. */
  username: string | null;
  grantType: string | null;
  /** The refresh token it was minted from (IAM refreshTokenJti). */
  refreshedFrom: string | null;
  issuance: StoredEvent | null;
}

const text = (e: TraceEvent, key: string): string | null => {
  const v = e.details?.[key];
  return typeof v === "string" && v !== "" ? v : null;
};

/** An IAM audit line that minted a token (the line's jti is the new token). */
export function isIssuance(e: Pick<TraceEvent, "component" | "action">): boolean {
  return e.component === "iam" && (e.action === "token.issued" || e.action === "token.refreshed");
}

/** What an IAM issuance line minted: refreshes mint access tokens; ID tokens are neither. */
export function issuedKind(e: TraceEvent): "access" | "refresh" | "unknown" {
  if (e.action === "token.refreshed") return "access";
  const type = text(e, "tokenType");
  return type === "refresh" ? "refresh" : type === "access" ? "access" : "unknown";
}

/** The token's facts from the events that name its jti. */
export function tokenFacts(jti: string, events: readonly StoredEvent[]): TokenFacts {
  const issuance = events.find((e) => e.jti === jti && isIssuance(e)) ?? null;
  const f: TokenFacts = {
    jti,
    iss: null,
    sub: null,
    clientId: null,
    kind: "unknown",
    issuedAtMs: null,
    exp: null,
    username: null,
    grantType: null,
    refreshedFrom: null,
    issuance,
  };
  if (issuance !== null) {
    f.kind = issuedKind(issuance);
    f.issuedAtMs = issuance.timeMs;
    f.username = text(issuance, "subject");
    f.grantType = text(issuance, "grantType");
    f.refreshedFrom = text(issuance, "refreshTokenJti");
    f.clientId = issuance.clientId ?? text(issuance, "principal");
  }
  for (const e of issuance === null ? events : [issuance, ...events]) {
    // A dCache line naming several tokens (events/also-named.ts) holds the first one's subject
    // and issuer: it proves this token's use, but says nothing else about it.
    if (e.jti !== jti) continue;
    f.iss ??= e.iss;
    f.sub ??= e.sub;
    f.clientId ??= e.clientId;
    f.exp ??= e.tokenExp;
  }
  // A token only seen in use (dCache, HTCondor) is an access token: refresh tokens go to IAM only.
  if (f.kind === "unknown" && events.some((e) => e.component !== "iam" && e.component !== "fts"))
    f.kind = "access";
  return f;
}

/** The window in which a token can have been used (ms), or null when nothing bounds it. */
export function validity(f: TokenFacts, slackMs: number): { fromMs: number; toMs: number } | null {
  if (f.issuedAtMs === null || f.exp === null || f.kind !== "access") return null;
  return { fromMs: f.issuedAtMs - slackMs, toMs: f.exp * 1000 + slackMs };
}

/** The path of a third-party-copy source URL (dCache `tpc.source`), or null. */
export function tpcSourcePath(e: TraceEvent): string | null {
  const url = text(e, "tpc.source");
  if (url === null) return null;
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
}
