import type { ParsedEvent } from "./trace-event.js";

/**
 * Bearer-token material a log may carry in free text or URLs: a JWT, or the value of an
 * `authz=`, `access_token=`, `refresh_token=` or `bearer_token=` parameter (XRootD and HTTP
 * third-party-copy URLs, error texts quoting a request). Replaced by `[token]` before an event is
 * stored, so no raw token is ever kept, whichever parser let it through.
 */
const SECRET =
  /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?|(?<=(?:authz|access_token|refresh_token|bearer_token)=)(?:Bearer(?:%20|\+| ))?[^&\s"']+/gi;

function mayHoldToken(s: string): boolean {
  return s.includes("eyJ") || s.includes("_token=") || s.includes("authz=");
}

function scrub(s: string): string {
  return mayHoldToken(s) ? s.replace(SECRET, "[token]") : s;
}

/**
 * Scrubs, in place, the event's fields that hold free text or URLs: the object (a path may keep
 * its query) and every string in `details` (TPC URLs, error texts, reasons). Keys such as jti and
 * sub are never tokens and are left alone. Cheap when nothing looks like a token: one substring
 * test per value.
 */
export function scrubTokens(e: ParsedEvent): void {
  if (e.object !== null && mayHoldToken(e.object)) e.object = scrub(e.object);
  const d = e.details;
  if (d === null) return;
  for (const k in d) {
    const v = d[k];
    if (typeof v === "string" && mayHoldToken(v)) d[k] = scrub(v);
  }
}
