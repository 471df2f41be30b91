import type { Generated } from "kysely";

/**
 * Tables of the ban feed's transmitter (feed/transmitter, issue 6). Times are ISO text (UTC,
 * milliseconds), so they compare as text on both databases; JSON is text.
 */

/** One row per committed ban change, written in the ban's own transaction. Never updated. */
export interface FeedOutboxTable {
  /** Ascending position of the change (SQLite autoincrement, PostgreSQL identity). */
  seq: Generated<number>;
  ban_id: string;
  /** "created" | "changed" | "lifted" */
  change_type: string;
  /** JSON: the ban's wire form (ban-wire.ts) after the change. */
  ban: string;
  created_at: string;
}

/** One row per SSF stream. */
export interface FeedStreamsTable {
  stream_id: string;
  /** The user (a site, or an admin) who created it and may manage and poll it. */
  owner_id: string;
  owner_name: string;
  aud: string;
  /** "urn:ietf:rfc:8936" (poll) | "urn:ietf:rfc:8935" (push) */
  delivery_method: string;
  /** Push: where SETs are POSTed. */
  endpoint_url: string | null;
  /** Push: sent as the Authorization header; a receiver's credential, never shown in full. */
  authorization_header: string | null;
  /** JSON array of event-type URIs, or null: every supported type. */
  events_requested: string | null;
  /** "enabled" | "paused" | "disabled" */
  status: string;
  status_reason: string | null;
  description: string | null;
  created_at: string;
  updated_at: string;
  /** Outbox seq when the stream last bootstrapped (creation, or re-enabling after disabled). */
  bootstrap_seq: number;
  /** Highest outbox seq already turned into queued SETs for this stream. */
  cursor_seq: number;
  min_verification_interval: number;
  last_verification_at: string | null;
  /** JSON {at, err, description, jti?, http_status?} of the last failed delivery. */
  last_error: string | null;
  last_delivered_at: string | null;
}

/** Subjects a receiver added (informational: every stream carries every ban). */
export interface FeedSubjectsTable {
  stream_id: string;
  /** Canonical JSON of the subject, unique per stream. */
  subject_key: string;
  subject: string;
  verified: number;
  added_at: string;
}

/** Per stream: each SET to deliver, from queueing until acknowledged (or refused). */
export interface FeedQueueTable {
  /** Ascending: delivery order. */
  id: Generated<number>;
  stream_id: string;
  /** Unique per stream: `<seq>:<event type>`, `bootstrap:<seq>:<ban>:<event type>`, `verify:<jti>`. */
  dedupe_key: string;
  jti: string;
  /** Outbox seq of the change, or the bootstrap seq; null for verification events. */
  seq: number | null;
  ban_id: string | null;
  event_type: string;
  /** JSON claims; `iat` is set again at each signing. */
  claims: string;
  /** "pending" | "acked" | "failed" (refused by the receiver) | "dropped" (stream disabled) */
  state: string;
  attempts: number;
  next_attempt_at: string;
  /** Push: the instance sending it now, and until when. */
  lease_owner: string | null;
  lease_until: string | null;
  /** JSON {err, description, http_status?} of the last failure or the receiver's setErr. */
  last_error: string | null;
  created_at: string;
  done_at: string | null;
}

export interface FeedTables {
  feed_outbox: FeedOutboxTable;
  feed_streams: FeedStreamsTable;
  feed_subjects: FeedSubjectsTable;
  feed_queue: FeedQueueTable;
}
