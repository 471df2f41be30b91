import type { Generated } from "kysely";

/** Tables of trace/ (issue 7); see migrations/0009-trace.ts for why they look like this. */
export interface TraceRunsTable {
  id: Generated<number>;
  source: string;
  actor: string;
  started_at: string;
  finished_at: string | null;
  summary: string | null;
}

export interface TraceFilesTable {
  id: Generated<number>;
  fingerprint: string;
  fp_len: number;
  fp_head: string;
  path: string;
  format: string;
  site: string | null;
  host: string | null;
  bytes_done: number | string;
  lines_done: number | string;
  parser_state: string | null;
  /** The zone offset-less times were read in (`--tz`); null: UTC. */
  time_zone: string | null;
  first_seen_at: string;
  updated_at: string;
}

export interface TraceSegmentsTable {
  id: Generated<number>;
  run_id: number;
  events: number;
  min_time: number | string | null;
  max_time: number | string | null;
  created_at: string;
  /** The key-block group (its first segment) once the postings are merged, else null. */
  block: number | null;
}

export interface TraceKeyBlocksTable {
  bucket: number;
  first_seg: number;
  lo: number | string;
  hi: number | string;
  min_time: number | string | null;
  max_time: number | string | null;
  data: Uint8Array;
}

export interface TraceEventsTable {
  id: number | string;
  time_ms: number | string;
  file_id: number;
  line: number | string;
  /** The event's other fields as a JSON array (trace/events/event-codec.ts). */
  data: string;
}

export interface TracePostingsTable {
  bucket: number;
  seg: number;
  data: Uint8Array;
}

export interface TraceBadLinesTable {
  run_id: number;
  file_id: number;
  reason: string;
  count: number;
  lines: string;
  samples: string;
}

export interface TraceAlertsTable {
  id: string;
  kind: string;
  ban_id: string | null;
  matched: string;
  event_id: number | string;
  event_time_ms: number | string;
  site: string | null;
  component: string;
  action: string;
  iss: string | null;
  sub: string | null;
  jti: string | null;
  client_ip: string | null;
  object: string | null;
  source_file: string;
  source_line: number | string;
  run_id: number | null;
  created_at: string;
  client_id: string | null;
  acked_at: string | null;
  acked_by: string | null;
  ack_note: string | null;
}

/** One identity seen in ingested logs (migration 0017); grp "" when no group was named. */
export interface TraceIdentitiesTable {
  iss: string;
  sub: string;
  grp: string;
}

export interface TraceTables {
  trace_runs: TraceRunsTable;
  trace_files: TraceFilesTable;
  trace_segments: TraceSegmentsTable;
  trace_events: TraceEventsTable;
  trace_postings: TracePostingsTable;
  trace_bad_lines: TraceBadLinesTable;
  trace_alerts: TraceAlertsTable;
  trace_key_blocks: TraceKeyBlocksTable;
  trace_identities: TraceIdentitiesTable;
}
