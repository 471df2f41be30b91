/**
 * The one normalised event every middleware log line becomes (issue 7). Parsers fill what their
 * format carries and leave the rest null; nothing here is invented. Times are UTC epoch
 * milliseconds with the offset the log wrote kept beside them (minutes east of UTC; 0 for epoch
 * times). A wall-clock time written without an offset (HTCondor, ARC, dCache billing …) has
 * null there from its parser; ingest then reads it in the file's zone (`--tz`, which fills in
 * that zone's offset) or, with none given, as UTC and leaves the offset null.
 */
export const COMPONENTS = [
  "iam",
  "fts",
  "condor",
  "arc",
  "dcache",
  "storm",
  "xrootd",
  "eos",
] as const;
export type Component = (typeof COMPONENTS)[number];

export type Outcome = "success" | "failure" | "unknown";

/** What kind of thing `object` names. */
export type ObjectKind = "path" | "job" | "transfer" | "account";

export interface TraceEvent {
  /** UTC, epoch milliseconds. */
  timeMs: number;
  /**
   * The log's own UTC offset in minutes (0 for epoch times; with `--tz`, the zone's offset that
   * gives back the time as written), or null for a wall-clock time read as UTC.
   */
  tzOffsetMin: number | null;
  site: string | null;
  host: string | null;
  component: Component;
  /**
   * Dotted verb, stable for queries: token.issued, token.refreshed, token.exchange.requested,
   * token.exchanged, token.refresh.failed, token.introspected, token.revoked, account.suspended,
   * account.unsuspended, auth.login, job.submitted, job.started, job.finished, transfer.*,
   * storage.<method lower-case> (storage.get, storage.put, storage.copy …), storage.login,
   * storage.transfer, token.mapped, file.closed.
   */
  action: string;
  outcome: Outcome;
  iss: string | null;
  sub: string | null;
  jti: string | null;
  clientId: string | null;
  groups: string[] | null;
  mappedUser: string | null;
  objectKind: ObjectKind | null;
  object: string | null;
  /** The remote address without port; IPv6 without brackets. */
  clientIp: string | null;
  /**
   * The format's own join key, prefixed by its kind so keys of different formats never collide:
   * `cid:<n>` (HTCondor), `session:<id>` (dCache), `token_id:<hex>` (FTS), `request:<id>` (StoRM),
   * `dictid:<n>` (XRootD), `log:<uuid>` (EOS).
   */
  corr: string | null;
  /** The token's exp (epoch seconds) when the line carries it. */
  tokenExp: number | null;
  /**
   * Format-specific facts needed for lineage (issue 8), small and flat: refreshTokenJti,
   * grantType, scope, aud, actorClient, subjectClient, routedFromJobId, status, bytes …
   */
  details: Record<string, string | number | boolean | null> | null;
}

/** A parsed event before the ingest run stamps its source and site. */
export type ParsedEvent = Omit<TraceEvent, "site" | "host"> & {
  site?: string | null;
  host?: string | null;
};

/** An empty event of a component, for parsers to fill (keeps every field present and typed). */
export function blankEvent(component: Component, timeMs: number, action: string): ParsedEvent {
  return {
    timeMs,
    tzOffsetMin: null,
    component,
    action,
    outcome: "unknown",
    iss: null,
    sub: null,
    jti: null,
    clientId: null,
    groups: null,
    mappedUser: null,
    objectKind: null,
    object: null,
    clientIp: null,
    corr: null,
    tokenExp: null,
    details: null,
  };
}

/**
 * Event times a log can plausibly hold: 1990 to 2100 (UTC). A mangled or hostile line (`ts=0024-…`,
 * an epoch in the wrong unit) is a bad line, not an event in year 24 — on PostgreSQL every new
 * month would also make a partition.
 */
export const MIN_TIME_MS = Date.UTC(1990, 0, 1);
export const MAX_TIME_MS = Date.UTC(2100, 0, 1);
