/**
 * The trusted-issuer model (issue 5): which token issuers this deployment trusts, where their
 * public keys come from, and the key cache's state. Pure data and constants; no I/O.
 */
import type { JWK } from "jose";

export const ISSUER_MODES = ["online", "offline"] as const;
/** online: keys fetched from a JWKS URL (given or discovered); offline: static keys, never fetched. */
export type IssuerMode = (typeof ISSUER_MODES)[number];

/** Where the cached keys came from: the configured static JWKS, the jwks_uri, or discovery. */
export const KEY_SOURCES = ["static", "jwks_uri", "discovery"] as const;
export type KeySource = (typeof KEY_SOURCES)[number];

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/**
 * Key cache refresh period. The WLCG Common JWT Profiles v1.1, §4.3.1 "Token Lifetime Guidance",
 * table row "Issuer Public Key Cache Refresh": default recommended 6 hours, default minimum
 * 1 hour, default maximum 6 hours — "The public key cache refresh period determines the
 * effective revocation time of the public key(s) to be used for token verification. [...] A
 * security incident may force a new key to be used sooner. This could be a good justification
 * for more frequent refreshes of the cache". So 6 h is both the default and the ceiling (a
 * longer period would keep a revoked key trusted longer), and we allow down to 15 min for such
 * an incident. §4.2 adds that clients "SHOULD cache the public key for an authorization server
 * for at least 1 hour, regardless of the server-provided value"; below 1 h is a deliberate
 * choice the operator makes, and the docs say so.
 */
export const REFRESH_HOURS = { default: 6, min: 0.25, max: 6 } as const;

/** The profile's recommendation for new issuers (RS256 and ES256 MUST be supported, §4.3.3). */
export const DEFAULT_ALGORITHMS = ["RS256", "ES256"] as const;

/**
 * The least time between two fetches the cache starts by itself: after a failed refresh (so an
 * issuer that is down is not retried on every token) and for the unknown-kid hook. A token's
 * `kid` is chosen by whoever sent it, so without this limit anyone could make us fetch the
 * issuer's JWKS once per forged token — a flood of made-up kids would become a flood of
 * requests to the VO's issuer, from every site running TTT. A genuine key rotation is still
 * picked up within 5 minutes (issuers publish new keys ahead of use, §4.3.1).
 */
export const MIN_FETCH_INTERVAL_MS = 5 * MINUTE_MS;

/** Bounds on what an issuer may hand us, so a broken or hostile endpoint cannot hurt us. */
export const FETCH_LIMITS = { timeoutMs: 5_000, maxBytes: 1024 * 1024, maxKeys: 100 } as const;

export function hoursToMs(hours: number): number {
  return Math.round(hours * HOUR_MS);
}

/** A failed refresh as recorded: kept until the next successful one. */
export interface RefreshError {
  code: string;
  message: string;
  /** When the failed attempt was made. */
  at: string;
}

/** The key cache of one issuer, as stored. */
export interface IssuerKeyState {
  /** Public members only; empty until the first successful fetch of an online issuer. */
  keys: JWK[];
  keysFetchedAt: string | null;
  keysSource: KeySource | null;
  /** The URL the keys were fetched from (null for static keys). */
  keysUrl: string | null;
  lastRefreshAttemptAt: string | null;
  lastRefreshError: RefreshError | null;
}

/** What an administrator configures. */
export interface IssuerConfig {
  iss: string;
  mode: IssuerMode;
  /** Online only; null means discover it from `<iss>/.well-known/openid-configuration`. */
  jwksUri: string | null;
  /** Offline only: the static public keys. */
  staticKeys: JWK[] | null;
  algorithms: string[];
  /** Empty: the audience is not checked. */
  audiences: string[];
  refreshHours: number;
}

export interface Issuer extends IssuerConfig, IssuerKeyState {
  id: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  /** Bumped by every configuration change. */
  revision: number;
}

/** Whether an issuer's keys are older than its refresh period (always false for static keys). */
export function isStale(issuer: Issuer, now: Date): boolean {
  if (issuer.mode === "offline") return false;
  if (issuer.keysFetchedAt === null) return true;
  return now.getTime() - Date.parse(issuer.keysFetchedAt) >= hoursToMs(issuer.refreshHours);
}

/** When the cache will next fetch by itself (null for offline issuers). */
export function nextRefreshAt(issuer: Issuer): string | null {
  if (issuer.mode === "offline") return null;
  const due =
    issuer.keysFetchedAt === null
      ? 0
      : Date.parse(issuer.keysFetchedAt) + hoursToMs(issuer.refreshHours);
  const retry =
    issuer.lastRefreshAttemptAt === null
      ? 0
      : Date.parse(issuer.lastRefreshAttemptAt) + MIN_FETCH_INTERVAL_MS;
  const at = Math.max(due, retry);
  return at === 0 ? null : new Date(at).toISOString();
}
