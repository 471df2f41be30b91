/** Tables of accounts/: local users, web sessions and API tokens. Times are ISO-8601 text. */
export interface UsersTable {
  id: string;
  name: string;
  role: string;
  display_name: string | null;
  /** scrypt hash in PHC-like form; null for accounts that cannot log in with a password. */
  password_hash: string | null;
  disabled: number;
  created_at: string;
  /** OIDC issuer and subject this user is linked to; both null for local-only users. */
  external_iss: string | null;
  external_sub: string | null;
  /**
   * The site the account speaks for while its role is `site` (its log uploads carry it; kept
   * across role changes); null: not bound.
   */
  site: string | null;
}

export interface SessionsTable {
  /** sha256 of the cookie secret; the secret itself is never stored. */
  id_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  label: string;
  /** sha256 of the secret part. */
  secret_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** User id of whoever created the token (null for tokens made before this was recorded). */
  created_by: string | null;
}

/** An OIDC login between the redirect to the provider and the callback (minutes, then gone). */
export interface OidcTransactionsTable {
  /** sha256 of the random id in the HttpOnly login cookie. */
  id_hash: string;
  state: string;
  nonce: string;
  /** The PKCE verifier: kept here, never sent to the browser. */
  code_verifier: string;
  redirect_uri: string;
  return_to: string;
  created_at: string;
  expires_at: string;
}

export interface AccountTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  oidc_transactions: OidcTransactionsTable;
}
