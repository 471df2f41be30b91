/** Display formatting of the trace screens: times in UTC, as the logs and exports write them. */

/** "2024-09-03 02:00:05Z" (seconds; the full ISO time goes in a title). */
export function utc(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return "—";
  return `${d.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

export function isoOf(ms: number | null | undefined): string | undefined {
  if (ms === null || ms === undefined) return undefined;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The first 8 characters of a jti, enough to tell the tokens of one trace apart. */
export function shortJti(jti: string): string {
  return jti.length > 10 ? `${jti.slice(0, 8)}…` : jti;
}

/** At most `max` characters, with an ellipsis when cut. */
export function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
