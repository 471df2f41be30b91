import type { ParsedEvent } from "./trace-event.js";

/**
 * Bearer-token material a log may carry in free text or URLs: a JWT; the value of an `authz=`,
 * `access_token=`, `refresh_token=`, `bearer_token=`, `subject_token=` or `actor_token=`
 * parameter (XRootD and HTTP third-party-copy URLs, token-exchange requests); and whatever follows
 * `Bearer ` (an `Authorization` or `TransferHeaderAuthorization` header quoted in an error: a JWT,
 * a macaroon, an opaque token). Replaced by `[token]` before an event is stored, so no raw token
 * is ever kept, whichever parser let it through.
 */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*)?/g;
/** Parameter names in any case, as whole words (not `xauthz=`); a `Bearer ` prefix included. */
const PARAM =
  /(?<![A-Za-z0-9_])(?:authz|access_token|refresh_token|bearer_token|subject_token|actor_token)=(?:bearer(?:%20|\+| ))?[^&\s"']+/gi;
const BEARER = /(?<![A-Za-z0-9_])bearer(?:%20|\+|\s)+[A-Za-z0-9._~+/=-]{8,}/gi;

/** Shorter values (methods, statuses, op names: most details) cannot hold token material. */
const MIN_SECRET_TEXT = 12;

/**
 * One pass over the text decides whether the three replacements run (half the time of three
 * substring searches, measured). The replacements decide what is a token: a JWT starts with
 * exactly `eyJ` (`{"` in base64url), so text like "monkeyjumps.example" stays as it is.
 */
const MAY_HOLD = /eyJ|token=|authz=|bearer/i;

function mayHoldToken(s: string): boolean {
  return s.length >= MIN_SECRET_TEXT && MAY_HOLD.test(s);
}

/** `s` with every token in it replaced by `[token]` (the parameter names are kept). */
export function scrubText(s: string): string {
  if (!mayHoldToken(s)) return s;
  return s
    .replace(JWT, "[token]")
    .replace(PARAM, (m) => `${m.slice(0, m.indexOf("=") + 1)}[token]`)
    .replace(BEARER, (m) => `${m.slice(0, 6)} [token]`);
}

/**
 * Scrubs, in place, the event's fields that hold free text or URLs: the object (a path may keep
 * its query) and every string in `details` (TPC URLs, error texts, reasons). Keys such as jti and
 * sub are never tokens and are left alone. Cheap when nothing looks like a token: one substring
 * test per value.
 */
export function scrubTokens(e: ParsedEvent): void {
  if (e.object !== null && mayHoldToken(e.object)) e.object = scrubText(e.object);
  const d = e.details;
  if (d === null) return;
  for (const k in d) {
    const v = d[k];
    if (typeof v === "string" && mayHoldToken(v)) d[k] = scrubText(v);
  }
}
