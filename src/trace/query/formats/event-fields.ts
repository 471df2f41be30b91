import type { TimelineEvent } from "../trace-result.js";

/**
 * What the line-per-event formats (csv, timesketch) share: one flat view of a timeline event,
 * so every export names and orders the same facts the same way, and the one-line sentence a
 * reader sees first. Keys are snake_case, the spelling CSV headers and Timesketch fields use.
 */
export interface FlatEvent {
  confidence: string;
  via: string;
  token_jti: string | null;
  site: string | null;
  host: string | null;
  component: string;
  action: string;
  outcome: string;
  iss: string | null;
  sub: string | null;
  jti: string | null;
  client_id: string | null;
  mapped_user: string | null;
  object_kind: string | null;
  object: string | null;
  client_ip: string | null;
  corr: string | null;
}

/** UTC ISO 8601 with milliseconds and Z, e.g. 2024-05-01T10:00:00.000Z. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

export function flatEvent(e: TimelineEvent): FlatEvent {
  return {
    confidence: e.match.confidence,
    via: e.match.via,
    token_jti: e.match.jti,
    site: e.site,
    host: e.host,
    component: e.component,
    action: e.action,
    outcome: e.outcome,
    iss: e.iss,
    sub: e.sub,
    jti: e.jti,
    client_id: e.clientId,
    mapped_user: e.mappedUser,
    object_kind: e.objectKind,
    object: e.object,
    client_ip: e.clientIp,
    corr: e.corr,
  };
}

/** Line breaks and other control characters become spaces: a sentence stays on one line. */
function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]+/g, " ");
}

/**
 * A readable one-line sentence, e.g.
 * "[proven] dcache storage.get /data/x.root by sub u1 (jti aaaa-1) from 203.0.113.5 at SITE-A".
 * The jti is the line's own, else the token the trace attributes the event to.
 */
export function eventSentence(e: TimelineEvent): string {
  const parts = [`[${e.match.confidence}]`, e.component, e.action];
  if (e.object !== null) parts.push(e.object);
  if (e.sub !== null) parts.push(`by sub ${e.sub}`);
  if (e.mappedUser !== null) parts.push(`as ${e.mappedUser}`);
  if (e.jti !== null) parts.push(`(jti ${e.jti})`);
  else if (e.match.jti !== null) parts.push(`(token jti ${e.match.jti})`);
  if (e.clientIp !== null) parts.push(`from ${e.clientIp}`);
  if (e.site !== null) parts.push(`at ${e.site}`);
  if (e.outcome === "failure") parts.push("- failed");
  return oneLine(parts.join(" "));
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A CSV text field (RFC 4180): log values are attacker-influenced, so a value a spreadsheet would
 * run as a formula gets a leading `'` (OWASP), then it is quoted if needed. Null is empty.
 */
export function csvField(value: string | null): string {
  if (value === null) return "";
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}
