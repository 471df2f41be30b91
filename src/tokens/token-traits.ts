/**
 * What can be read off a claim set without trusting it further: who probably holds the token,
 * which kind it probably is, how long it lives, which client it was issued to. Shared by the
 * linter (which rules apply) and the workflow guess (which workflow fits). Every guess returns
 * its evidence, because a responder must be able to disagree with it. Pure.
 */
import type { JwtClaims, JwtHeader } from "./jwt-decode.js";
import { isFiniteNumber } from "./claims-check.js";
import type { TokenKind } from "./wlcg-profile.js";

/** `user`: issued to a person; `service`: to a client acting for itself; `unknown`: no sign either way. */
export type Holder = "user" | "service" | "unknown";

export interface Guess<T> {
  value: T;
  evidence: string;
}

/**
 * Claims that only a user authentication puts in a token: OIDC identity claims (profile §2.1.2)
 * and the assurance claims the issuer sends "whenever a user authentication flow is used"
 * (profile §2.3: eduperson_assurance, acr).
 */
export const INTERACTIVE_CLAIMS = [
  "auth_time",
  "preferred_username",
  "email",
  "name",
  "given_name",
  "family_name",
  "eduperson_assurance",
  "acr",
] as const;

/** An own property of the claim set (never one inherited from Object.prototype). */
export function claim(claims: JwtClaims, name: string): unknown {
  return Object.hasOwn(claims, name) ? claims[name] : undefined;
}

export function stringClaim(claims: JwtClaims, name: string): string | undefined {
  const value = claim(claims, name);
  return typeof value === "string" ? value : undefined;
}

/** The OAuth client the token was issued to: `client_id` (RFC 9068 §2.2), else `azp` (OIDC). */
export function clientOf(claims: JwtClaims): string | undefined {
  return stringClaim(claims, "client_id") ?? stringClaim(claims, "azp");
}

/**
 * Who holds the token. A `sub` equal to the client id means the client-credentials flow
 * ("not bound to any specific user", profile §5.2.6): a service. Any interactive claim means a
 * person logged in: a user. Otherwise we do not pretend to know.
 */
export function guessHolder(claims: JwtClaims): Guess<Holder> {
  const sub = stringClaim(claims, "sub");
  const client = clientOf(claims);
  if (sub !== undefined && client !== undefined && sub === client) {
    return { value: "service", evidence: "sub equals the client id (client-credentials flow)" };
  }
  const interactive = INTERACTIVE_CLAIMS.filter((c) => claim(claims, c) !== undefined);
  if (interactive.length > 0) {
    return {
      value: "user",
      evidence: `${interactive.join(", ")} present (issued after a user authentication)`,
    };
  }
  return { value: "unknown", evidence: "no user-authentication claims and sub is not the client" };
}

/**
 * Access or ID token. `typ: at+jwt` (RFC 9068) says access; a `nonce` only ever appears in ID
 * tokens (OIDC Core §2); anything else is taken as the access token it most likely is, since
 * that is what reaches sites. Refresh tokens are never sent to resource servers (profile
 * §4.3.2), so that kind is only ever asserted by the caller.
 */
export function guessKind(header: JwtHeader | undefined, claims: JwtClaims): Guess<TokenKind> {
  const typ = header?.["typ"];
  if (typeof typ === "string" && /^(application\/)?at\+jwt$/i.test(typ)) {
    return { value: "access", evidence: "typ at+jwt" };
  }
  if (claim(claims, "nonce") !== undefined) return { value: "id", evidence: "nonce present" };
  return { value: "access", evidence: "no ID-token markers" };
}

/** Lifetime in seconds: exp − iat, or exp − nbf without iat; null when it cannot be computed. */
export function lifetimeOf(claims: JwtClaims): number | null {
  const exp = claim(claims, "exp");
  const start = claim(claims, "iat") ?? claim(claims, "nbf");
  return isFiniteNumber(exp) && isFiniteNumber(start) ? exp - start : null;
}

/** Whether the token came out of an OAuth 2.0 token exchange: the `act` claim (RFC 8693 §4.1). */
export function actorOf(claims: JwtClaims): string | undefined {
  const act = claim(claims, "act");
  if (typeof act !== "object" || act === null || Array.isArray(act)) return undefined;
  const a = act as Record<string, unknown>;
  const who = [a["client_id"], a["sub"]].find((v): v is string => typeof v === "string");
  return who ?? "(unnamed actor)";
}
