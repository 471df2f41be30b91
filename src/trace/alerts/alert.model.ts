/**
 * Alerts (issue 8): an ingested event that a ban covered at the event's own time, or a token
 * used after its exp. Stored once per (kind, ban, event); shown by `ttt alerts` and the API, and
 * POSTed to a webhook when one is configured.
 */
export const ALERT_KINDS = ["banned", "expired-token"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Open: nobody has acknowledged it yet. */
export const ALERT_STATES = ["open", "acknowledged"] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** Who acknowledged an alert, when (ISO) and why. */
export interface AlertAck {
  at: string;
  by: string;
  note: string | null;
}

export interface Alert {
  id: string;
  kind: AlertKind;
  /** The ban the event matched (kind "banned"), else null. */
  banId: string | null;
  /** What matched, e.g. "jti 1f3…", "sub 5606…", "token expired 412 s before use". */
  matched: string;
  eventId: number;
  eventTimeMs: number;
  site: string | null;
  component: string;
  action: string;
  iss: string | null;
  sub: string | null;
  jti: string | null;
  /** The client id of the token the event carried, where the log names it. */
  clientId: string | null;
  clientIp: string | null;
  object: string | null;
  source: { file: string; line: number };
  /** When the alert was raised (ISO). */
  createdAt: string;
  /** Null while open. */
  ack: AlertAck | null;
}
