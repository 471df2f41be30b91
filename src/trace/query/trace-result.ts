import type { StoredEvent } from "../events/events.repository.js";

/**
 * What a trace answers (issue 8): the tokens involved with the links between them, the timeline
 * of events, and a summary. Plain data: the CLI renders it, the API returns it, the formats
 * (json, csv, timesketch, ecs) serialise it.
 */

/** What a trace starts from. `iss` narrows jti and sub traces (events without iss still count). */
export const TRACE_BY = ["jti", "sub", "client", "path", "ip"] as const;
export type TraceBy = (typeof TRACE_BY)[number];

export interface TraceQuery {
  by: TraceBy;
  value: string;
  iss: string | null;
  /** Follow lineage: tokens refreshed, exchanged or FTS-refreshed from the ones found. */
  withDerived: boolean;
  /** Inclusive time bounds, epoch ms. */
  fromMs: number | null;
  toMs: number | null;
  /** Only events of this site. */
  site: string | null;
}

/**
 * How sure a link or an event is:
 * - proven: the log names the token (jti, refreshTokenJti) or a key that only that token has
 *   (FTS token_id, an HTCondor cid group, RoutedFromJobId);
 * - inferred: a rule joins two logs that do not name the token (IAM token exchange: same
 *   subject, clients and time window), confirmed by a second log where one exists;
 * - candidate: same identity (iss+sub, mapped user), time window and address or path, but
 *   nothing names the token; shown apart, never mixed with proven events.
 */
export type Confidence = "proven" | "inferred" | "candidate";

/** How a token was derived from its parent. */
export const LINK_TYPES = ["refresh", "exchange", "fts-refresh"] as const;
export type LinkType = (typeof LINK_TYPES)[number];

/** A log line that supports a token, a link or an event match. */
export interface Evidence {
  eventId: number;
  file: string;
  line: number;
  /** What the line shows, e.g. "IAM issued the token", "FTS obtained the exchanged token". */
  note: string;
}

export interface TraceToken {
  jti: string;
  iss: string | null;
  sub: string | null;
  clientId: string | null;
  kind: "access" | "refresh" | "unknown";
  /** When IAM issued it (epoch ms), if its issuance is ingested. */
  issuedAtMs: number | null;
  /** Its exp (epoch seconds), if any log carries it. */
  exp: number | null;
  /** The token it was derived from (null for the trace's starting tokens). */
  parent: string | null;
  /** Hops from a starting token (0 for them). */
  depth: number;
  evidence: Evidence[];
}

export interface TraceLink {
  from: string;
  to: string;
  type: LinkType;
  confidence: Confidence;
  /** Why the link holds, in one sentence. */
  rule: string;
  evidence: Evidence[];
}

/** How an event was joined to the trace. */
export const MATCH_VIA = [
  "jti", // the line names the token
  "refresh-token-jti", // IAM: minted from the token (refreshTokenJti)
  "fts-token-id", // FTS: same token_id as a line of the token
  "routed-job", // HTCondor-CE: routed from a job submitted with the token
  "subject", // sub trace: the line names the subject
  "client", // client trace: the line names the client
  "path", // path trace: the line names the path
  "ip", // ip trace: the line names the address
  "exchange-request", // IAM token-exchange line of the token's subject and client
  "same-subject", // candidate: iss+sub while the token was valid (and the address, if logged)
  "mapped-user", // candidate: the identity's mapped account while the token was valid
  "dcache-session", // candidate: a dCache billing record of a session the token opened
  "tpc-source", // candidate: the source file of a third-party copy made with the token
] as const;
export type MatchVia = (typeof MATCH_VIA)[number];

export interface TimelineEvent extends StoredEvent {
  match: {
    confidence: "proven" | "candidate";
    via: MatchVia;
    /** The token the event is attributed to, when known. */
    jti: string | null;
    /** Why it is in the trace, in one sentence (candidates: why it is only a candidate). */
    reason: string;
  };
}

export interface TraceSummary {
  events: { proven: number; candidate: number };
  tokens: number;
  sites: string[];
  components: string[];
  /** Events per action. */
  actions: Record<string, number>;
  firstSeenMs: number | null;
  lastSeenMs: number | null;
  /** Distinct objects (paths, job ids) touched by proven events, then candidates; at most 1,000. */
  objects: string[];
  objectsTruncated: boolean;
}

export interface TraceResult {
  query: TraceQuery;
  tokens: TraceToken[];
  links: TraceLink[];
  /** One timeline in time order; `match.confidence` tells proven events and candidates apart. */
  timeline: TimelineEvent[];
  summary: TraceSummary;
  /** True when the timeline was cut at the limit (the summary still counts everything read). */
  truncated: boolean;
  tookMs: number;
}
