import {
  isStale,
  nextRefreshAt,
  type Issuer,
  type IssuerMode,
  type KeySource,
  type RefreshError,
} from "./issuer.model.js";
import { summarizeKey, type KeySummary } from "./public-jwk.js";

/**
 * A trusted issuer as the API shows it: its configuration and the state of its key cache. Keys
 * are summarised (kid, kty, alg, crv, use), never shown whole — there is no private material in
 * the store, and a view is no place for key material anyway.
 */
export interface IssuerView {
  id: string;
  iss: string;
  mode: IssuerMode;
  /** Online: the configured JWKS URL, or null when it is discovered. */
  jwksUri: string | null;
  /** Online without jwksUri: the JWKS URL comes from the issuer's OpenID configuration. */
  discovery: boolean;
  algorithms: string[];
  audiences: string[];
  refreshHours: number;
  keys: KeySummary[];
  keysFetchedAt: string | null;
  keysSource: KeySource | null;
  keysUrl: string | null;
  /** Keys older than refreshHours (or none yet); always false offline. */
  stale: boolean;
  /** When the cache next fetches by itself if asked for keys; null: offline, or on first use. */
  nextRefreshAt: string | null;
  lastRefreshAttemptAt: string | null;
  lastRefreshError: RefreshError | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export function presentIssuer(i: Issuer, now: Date): IssuerView {
  return {
    id: i.id,
    iss: i.iss,
    mode: i.mode,
    jwksUri: i.jwksUri,
    discovery: i.mode === "online" && i.jwksUri === null,
    algorithms: i.algorithms,
    audiences: i.audiences,
    refreshHours: i.refreshHours,
    keys: i.keys.map(summarizeKey),
    keysFetchedAt: i.keysFetchedAt,
    keysSource: i.keysSource,
    keysUrl: i.keysUrl,
    stale: isStale(i, now),
    nextRefreshAt: nextRefreshAt(i),
    lastRefreshAttemptAt: i.lastRefreshAttemptAt,
    lastRefreshError: i.lastRefreshError,
    createdAt: i.createdAt,
    createdBy: i.createdBy,
    updatedAt: i.updatedAt,
  };
}

/** What the audit log records of an issuer: its configuration, with kids instead of keys. */
export function auditIssuer(i: Issuer): Record<string, unknown> {
  return {
    iss: i.iss,
    mode: i.mode,
    jwksUri: i.jwksUri,
    staticKids: i.staticKeys?.map((k) => k.kid ?? null) ?? null,
    algorithms: i.algorithms,
    audiences: i.audiences,
    refreshHours: i.refreshHours,
  };
}
