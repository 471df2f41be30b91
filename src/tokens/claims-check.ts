/**
 * The time and audience checks of verification, with reasons that carry the numbers: a
 * responder reading "expired" needs to see exp and now side by side (a clock problem at a site
 * looks very different from a token replayed a day later). Semantics follow RFC 7519 §4.1.3–4.1.6:
 * the token is refused on or after `exp`, before `nbf`, and when issued in the future, each with
 * the clock tolerance. Pure: `now` is injected.
 */
import type { JwtClaims } from "./jwt-decode.js";
import { quote } from "./jwks-select.js";
import { ANY_AUDIENCE } from "./wlcg-profile.js";

export interface ClaimCheckContext {
  /** Seconds since the epoch. */
  now: number;
  /** Seconds of clock skew allowed either way. */
  tolerance: number;
  /** Audiences we answer to; empty means the audience is not checked. */
  audiences: readonly string[];
  /** Whether the WLCG "any" audience counts as ours. */
  acceptAny: boolean;
}

export interface ClaimProblem {
  code: "invalid_claims" | "token_expired" | "token_not_yet_valid" | "wrong_audience";
  reason: string;
}

/** The first problem with exp, nbf, iat or aud, or null when there is none. */
export function checkTimeAndAudience(
  claims: JwtClaims,
  ctx: ClaimCheckContext,
): ClaimProblem | null {
  const exp = claims["exp"];
  if (exp === undefined) {
    return { code: "invalid_claims", reason: "exp is missing: such a token would never expire" };
  }
  for (const name of ["exp", "nbf", "iat"] as const) {
    const value = claims[name];
    if (value !== undefined && !isFiniteNumber(value)) {
      return { code: "invalid_claims", reason: `${name} is not a number of seconds` };
    }
  }
  const { now, tolerance } = ctx;
  const skew = `clock tolerance ${tolerance} s`;
  if (isFiniteNumber(exp) && now >= exp + tolerance) {
    return {
      code: "token_expired",
      reason: `expired: exp ${at(exp)} is not after now ${at(now)} (${skew})`,
    };
  }
  const nbf = claims["nbf"];
  if (isFiniteNumber(nbf) && nbf > now + tolerance) {
    return {
      code: "token_not_yet_valid",
      reason: `not yet valid: nbf ${at(nbf)} is after now ${at(now)} (${skew})`,
    };
  }
  const iat = claims["iat"];
  if (isFiniteNumber(iat) && iat > now + tolerance) {
    return {
      code: "token_not_yet_valid",
      reason: `issued in the future: iat ${at(iat)} is after now ${at(now)} (${skew})`,
    };
  }
  return checkAudience(claims["aud"], ctx);
}

function checkAudience(aud: unknown, ctx: ClaimCheckContext): ClaimProblem | null {
  const got = audienceList(aud);
  if (got === null) {
    return { code: "invalid_claims", reason: "aud is not a string or an array of strings" };
  }
  if (ctx.audiences.length === 0) return null;
  if (got.some((a) => ctx.audiences.includes(a) || (ctx.acceptAny && a === ANY_AUDIENCE))) {
    return null;
  }
  return {
    code: "wrong_audience",
    reason: `audience expected one of ${list(ctx.audiences)}, got ${got.length === 0 ? "none" : list(got)}`,
  };
}

/** `aud` as a list (RFC 7519 §4.1.3 allows a string or an array), [] if absent, null if invalid. */
export function audienceList(aud: unknown): string[] | null {
  if (aud === undefined) return [];
  if (typeof aud === "string") return [aud];
  if (Array.isArray(aud) && aud.every((a): a is string => typeof a === "string")) return aud;
  return null;
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** `1767229200 (2026-01-01T01:00:00Z)`; the date is left out when it cannot be represented. */
function at(seconds: number): string {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return String(seconds);
  return `${seconds} (${date.toISOString().replace(".000Z", "Z")})`;
}

/** At most five quoted values, so a token with 500 audiences cannot flood a log line. */
function list(values: readonly string[]): string {
  const shown = values.slice(0, 5).map(quote).join(", ");
  return values.length > 5 ? `[${shown}, … ${values.length - 5} more]` : `[${shown}]`;
}
