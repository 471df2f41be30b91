/** The hash-chained, append-only audit log. */
export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  /** JSON text or null. */
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

/** One row (id = 1) holding the chain head, so appends serialise on a row lock. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}
