import type { StoredEvent } from "../events/events.repository.js";
import type { Confidence, LinkType } from "../query/trace-result.js";
import {
  EXCHANGE_GRANT,
  EXCHANGE_ISSUE_MS,
  FTS_CONFIRM_MS,
  isIssuance,
  issuedKind,
  type TokenFacts,
} from "./token-facts.js";

/**
 * Lineage rules (middleware-logs.md, "Lineage links"), pure: given the events the engine looked
 * up, which tokens were derived from a token, how, and how sure that is.
 */
export interface DerivedToken {
  child: StoredEvent;
  type: LinkType;
  confidence: Confidence;
  rule: string;
  /** Lines that support the link besides the child's issuance. */
  evidence: Array<{ event: StoredEvent; note: string }>;
}

const detail = (e: StoredEvent, key: string): string | null => {
  const v = e.details?.[key];
  return typeof v === "string" && v !== "" ? v : null;
};

/** IAM access-token events whose refreshTokenJti is the token: proven refresh links. */
export function refreshChildren(
  parent: TokenFacts,
  minted: readonly StoredEvent[],
): DerivedToken[] {
  return minted
    .filter((e) => isIssuance(e) && e.jti !== null && detail(e, "refreshTokenJti") === parent.jti)
    .map((child) => ({
      child,
      type: "refresh" as const,
      confidence: "proven" as const,
      rule: "IAM logged the refresh token's jti as refreshTokenJti of the new access token",
      evidence: [],
    }));
}

/** FTS lines naming `exp` within the confirmation window of `atMs` and with one of `actions`. */
export function ftsLines(
  byExp: readonly StoredEvent[],
  exp: number | null,
  atMs: number,
  actions: readonly string[],
): StoredEvent[] {
  if (exp === null) return [];
  return byExp.filter(
    (e) =>
      e.component === "fts" &&
      e.tokenExp === exp &&
      actions.includes(e.action) &&
      Math.abs(e.timeMs - atMs) <= FTS_CONFIRM_MS,
  );
}

/**
 * Tokens exchanged from an access token. IAM logs the exchange request without the subject
 * token's jti: the request must name the token's user and client, fall in its lifetime, and the
 * exchanged tokens are the token-exchange issuances to the actor client for the same sub within
 * seconds. The link is inferred; FTS's "Starting token-exchange" line naming the token's exp
 * confirms it; without it, another token of the same user and client valid at that moment makes
 * it only a candidate.
 */
export function exchangeChildren(
  parent: TokenFacts,
  requests: readonly StoredEvent[],
  subjectEvents: readonly StoredEvent[],
  parentExpLines: readonly StoredEvent[],
): { derived: DerivedToken[]; requests: StoredEvent[] } {
  if (parent.kind !== "access" || parent.issuedAtMs === null || parent.clientId === null)
    return { derived: [], requests: [] };
  const until = parent.exp === null ? parent.issuedAtMs + 86_400_000 : parent.exp * 1000;
  const mine = requests.filter(
    (q) =>
      q.action === "token.exchange.requested" &&
      detail(q, "subjectClient") === parent.clientId &&
      (q.sub === parent.username || q.sub === parent.sub) &&
      q.timeMs >= parent.issuedAtMs! &&
      q.timeMs <= until,
  );
  const derived: DerivedToken[] = [];
  for (const q of mine) {
    const actor = detail(q, "actorClient") ?? q.clientId;
    const issued = subjectEvents.filter(
      (e) =>
        isIssuance(e) &&
        e.jti !== null &&
        e.jti !== parent.jti &&
        e.sub === parent.sub &&
        detail(e, "grantType") === EXCHANGE_GRANT &&
        (e.clientId ?? detail(e, "principal")) === actor &&
        e.timeMs >= q.timeMs - 1000 &&
        e.timeMs <= q.timeMs + EXCHANGE_ISSUE_MS,
    );
    const fts = ftsLines(parentExpLines, parent.exp, q.timeMs, ["token.exchange.started"]);
    const rivals = rivalTokens(parent, subjectEvents, q.timeMs);
    const confirmed = fts.length > 0;
    const confidence: Confidence = confirmed || rivals === 0 ? "inferred" : "candidate";
    const rule = confirmed
      ? "IAM token exchange for the token's user and client, issued to the actor client within seconds; FTS started the exchange of a token with this exp"
      : rivals === 0
        ? "IAM token exchange for the token's user and client, issued to the actor client within seconds; no other token of that user and client was valid"
        : `IAM token exchange for the token's user and client, but ${rivals} other token(s) of that user and client were valid then and IAM logs no subject-token id`;
    for (const child of issued)
      derived.push({
        child,
        type: "exchange",
        confidence,
        rule,
        evidence: [
          { event: q, note: "IAM token-exchange request (no subject-token jti)" },
          ...fts.map((event) => ({ event, note: "FTS started the exchange (token's exp)" })),
        ],
      });
  }
  return { derived, requests: mine };
}

/** Other access tokens of the same user and client valid at `atMs`. */
function rivalTokens(
  parent: TokenFacts,
  subjectEvents: readonly StoredEvent[],
  atMs: number,
): number {
  let n = 0;
  for (const e of subjectEvents)
    if (
      isIssuance(e) &&
      e.jti !== parent.jti &&
      e.sub === parent.sub &&
      issuedKind(e) === "access" &&
      (e.clientId ?? detail(e, "principal")) === parent.clientId &&
      e.timeMs <= atMs &&
      (e.tokenExp === null || e.tokenExp * 1000 >= atMs)
    )
      n++;
  return n;
}
