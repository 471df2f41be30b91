/**
 * Tables of bans/ (Respond). One row per ban whatever its kind; only its kind's key columns are
 * set. `sites` is JSON text ("all" or a list) — the same on SQLite and PostgreSQL.
 */
export interface BansTable {
  id: string;
  kind: string;
  iss: string;
  jti: string | null;
  sub: string | null;
  /** identity-before bans: ISO cutoff; tokens with iat at or before it are denied. */
  issued_before: string | null;
  client_id: string | null;
  grp: string | null;
  reason: string;
  incident: string | null;
  author: string;
  created_at: string;
  starts_at: string;
  expires_at: string | null;
  sites: string;
  state: string;
  lifted_at: string | null;
  lifted_by: string | null;
  lift_reason: string | null;
}

export interface BanTables {
  bans: BansTable;
}
