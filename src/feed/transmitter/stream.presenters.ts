/** The stream as SSF 1.0 §8.1.1 shows it, and its status with our delivery figures. */
import { EVENTS_SUPPORTED } from "../event-types.js";
import type { QueueStats } from "./queue.repository.js";
import { POLL_METHOD, eventsDelivered, type DeliveryError, type Stream } from "./stream.model.js";

export interface StreamView {
  stream_id: string;
  iss: string;
  aud: string;
  events_supported: string[];
  events_requested: string[];
  events_delivered: string[];
  delivery: { method: string; endpoint_url: string | null; authorization_header?: string };
  min_verification_interval: number;
  description?: string;
}

export interface StreamStatusView {
  stream_id: string;
  status: string;
  reason?: string;
  /** Not in SSF: how delivery goes, so failures are visible where receivers look. */
  delivery: {
    pending: number;
    acknowledged: number;
    refused: number;
    max_attempts: number;
    next_attempt_at: string | null;
    last_delivered_at: string | null;
    last_error: DeliveryError | null;
  };
}

/** `Bearer abc…` → `Bearer ***`: the credential is the receiver's, never shown back. */
export function redactAuthorization(header: string): string {
  const scheme = /^\S+\s/.exec(header)?.[0] ?? "";
  return `${scheme}***`;
}

export function presentStream(s: Stream, issuer: string, baseUrl: string): StreamView {
  const endpoint =
    s.method === POLL_METHOD ? `${baseUrl}/api/v1/ssf/poll/${s.streamId}` : s.endpointUrl;
  return {
    stream_id: s.streamId,
    iss: issuer,
    aud: s.aud,
    events_supported: [...EVENTS_SUPPORTED],
    events_requested: s.eventsRequested ?? [...EVENTS_SUPPORTED],
    events_delivered: eventsDelivered(s),
    delivery: {
      method: s.method,
      endpoint_url: endpoint,
      ...(s.authorizationHeader === null
        ? {}
        : { authorization_header: redactAuthorization(s.authorizationHeader) }),
    },
    min_verification_interval: s.minVerificationInterval,
    ...(s.description === null ? {} : { description: s.description }),
  };
}

export function presentStatus(s: Stream, stats: QueueStats): StreamStatusView {
  return {
    stream_id: s.streamId,
    status: s.status,
    ...(s.statusReason === null ? {} : { reason: s.statusReason }),
    delivery: {
      pending: stats.pending,
      acknowledged: stats.acked,
      refused: stats.failed,
      max_attempts: stats.maxAttempts,
      next_attempt_at: stats.nextAttemptAt,
      last_delivered_at: s.lastDeliveredAt,
      last_error: s.lastError,
    },
  };
}
