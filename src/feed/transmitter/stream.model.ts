/**
 * The SSF stream as the transmitter keeps it (SSF 1.0 §8), and the constants of delivery.
 * Pure: no I/O.
 */
import { EVENTS_SUPPORTED } from "../event-types.js";

/** RFC 8936: the receiver polls. */
export const POLL_METHOD = "urn:ietf:rfc:8936";
/** RFC 8935: the transmitter POSTs each SET to the receiver. */
export const PUSH_METHOD = "urn:ietf:rfc:8935";
export const DELIVERY_METHODS = [POLL_METHOD, PUSH_METHOD] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export const STREAM_STATUSES = ["enabled", "paused", "disabled"] as const;
export type StreamStatus = (typeof STREAM_STATUSES)[number];

/** SSF 1.0 verification event: always delivered, whatever the stream requested. */
export const VERIFICATION_EVENT = "https://schemas.openid.net/secevent/ssf/event-type/verification";

/** A failed delivery: a receiver's setErr, an HTTP failure, or a network error. */
export interface DeliveryError {
  at: string;
  err: string;
  description: string;
  jti?: string;
  httpStatus?: number;
}

export interface Stream {
  streamId: string;
  ownerId: string;
  ownerName: string;
  aud: string;
  method: DeliveryMethod;
  endpointUrl: string | null;
  authorizationHeader: string | null;
  /** null: every supported event type. */
  eventsRequested: string[] | null;
  status: StreamStatus;
  statusReason: string | null;
  description: string | null;
  createdAt: string;
  updatedAt: string;
  bootstrapSeq: number;
  cursorSeq: number;
  minVerificationInterval: number;
  lastVerificationAt: string | null;
  lastError: DeliveryError | null;
  lastDeliveredAt: string | null;
}

/** SSF `events_delivered`: what was requested and is supported (all supported by default). */
export function eventsDelivered(stream: Pick<Stream, "eventsRequested">): string[] {
  if (stream.eventsRequested === null) return [...EVENTS_SUPPORTED];
  return EVENTS_SUPPORTED.filter((uri) => stream.eventsRequested?.includes(uri));
}
