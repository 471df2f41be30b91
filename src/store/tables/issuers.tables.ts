/**
 * Tables of issuers/ (trusted issuers, issue 5): one row per trusted issuer with its
 * configuration and its key cache. Lists and key sets are JSON text, times ISO text, the refresh
 * period whole seconds — the same on SQLite and PostgreSQL.
 */
export interface IssuersTable {
  id: string;
  /** The issuer URL exactly as in tokens' iss claim; unique. */
  iss: string;
  /** "online" | "offline" */
  mode: string;
  /** Online: the configured JWKS URL; null means discovery. */
  jwks_uri: string | null;
  /** Offline: JSON array of the static public keys. */
  static_keys: string | null;
  /** JSON array of accepted algorithms. */
  algorithms: string;
  /** JSON array of expected audiences (empty: not checked). */
  audiences: string;
  refresh_seconds: number;
  /** JSON array of the cached public keys ("[]" before the first fetch). */
  keys: string;
  keys_fetched_at: string | null;
  /** "static" | "jwks_uri" | "discovery" */
  keys_source: string | null;
  keys_url: string | null;
  last_refresh_attempt_at: string | null;
  /** JSON {code, message, at} of the last failed refresh; null after a successful one. */
  last_refresh_error: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  /** Bumped by every configuration change, so a refresh of an older configuration is not stored. */
  revision: number;
}

export interface IssuerTables {
  issuers: IssuersTable;
}
