/**
 * The web app's one reading of a typed time, with the trace API's rules
 * (src/trace/query/trace.schema.ts), so a form never lets through what the server refuses nor
 * refuses what it takes: an explicit zone (Z, ±hh:mm or ±hhmm), seconds and their fraction
 * optional, impossible dates (02-30) refused rather than rolled over; a bare date (UTC midnight)
 * only where the caller allows one.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

export interface IsoTimeOptions {
  /** Accept a bare date (2024-09-03) as UTC midnight. */
  dateOnly?: boolean;
}

/** Epoch ms of a typed ISO time (trimmed), or null when it is not one the server would take. */
export function parseIsoTime(s: string, opts: IsoTimeOptions = {}): number | null {
  const m = ISO.exec(s.trim());
  if (m === null || (m[4] === undefined && opts.dateOnly !== true)) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.parse(m[0]);
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (Number.isNaN(ms) || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  return ms;
}

/**
 * A typed time as the canonical UTC form (2024-09-03T02:00:00.000Z), or null when it is not
 * one. For APIs stricter than the trace's (RFC 3339: seconds and ±hh:mm required), so a time the
 * form accepted is always one they accept too.
 */
export function canonicalIsoTime(s: string, opts: IsoTimeOptions = {}): string | null {
  const ms = parseIsoTime(s, opts);
  return ms === null ? null : new Date(ms).toISOString();
}

/** Why a typed time is not an ISO 8601 time with its zone, or null when it is one. */
export function isoTimeProblem(s: string): string | null {
  return parseIsoTime(s) === null
    ? "expected an ISO 8601 time with its zone, e.g. 2024-09-03T08:00:00Z"
    : null;
}
