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

export interface AccountTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
}
