/**
 * Which of an issuer's keys a token claims to be signed with, and — when none fits — exactly why.
 *
 * jose's local JWKS answers only "no applicable key found"; a responder looking at a rejected
 * token needs to know whether the kid is unknown (a key rotation the cache has not seen yet, or a
 * forged token) or whether the kid exists but is the wrong type for the token's alg (an
 * algorithm-confusion attempt). The matching rules are those of RFC 7517 §4 (`use`, `key_ops`,
 * `alg`) and RFC 7518 §3.1 (key type and curve per alg), so this agrees with jose's own
 * selection, which then does the actual verification. Pure: no I/O.
 */
import type { JWK } from "jose";

/** Signature algorithms this project can verify, with the key each needs (RFC 7518 §3.1, RFC 8037 §3.1). */
export const ASYMMETRIC_ALGS: Readonly<Record<string, { kty: string; crv?: string }>> = {
  RS256: { kty: "RSA" },
  RS384: { kty: "RSA" },
  RS512: { kty: "RSA" },
  PS256: { kty: "RSA" },
  PS384: { kty: "RSA" },
  PS512: { kty: "RSA" },
  ES256: { kty: "EC", crv: "P-256" },
  ES384: { kty: "EC", crv: "P-384" },
  ES512: { kty: "EC", crv: "P-521" },
  EdDSA: { kty: "OKP", crv: "Ed25519" },
  Ed25519: { kty: "OKP", crv: "Ed25519" },
};

export type KeyChoice =
  | { ok: true; jwk: JWK; kid: string | null }
  | { ok: false; code: "unknown_kid" | "no_key_for_alg" | "ambiguous_key"; reason: string };

/**
 * Picks the key for a token's `alg` and `kid` from an issuer's JWKS. With a kid, the key must
 * carry that kid (the WLCG profile §4.2 requires a kid and matching by it); without one, exactly
 * one key may fit the alg.
 */
export function selectKey(keys: readonly JWK[], alg: string, kid: string | undefined): KeyChoice {
  if (kid !== undefined) {
    const named = keys.filter((k) => k.kid === kid);
    if (named.length === 0) {
      const known = keys.map((k) => (k.kid === undefined ? "(no kid)" : quote(k.kid)));
      return {
        ok: false,
        code: "unknown_kid",
        reason: `kid ${quote(kid)} is not among the issuer's keys (known: ${known.join(", ") || "none"})`,
      };
    }
    const fitting = named.filter((k) => misfit(k, alg) === null);
    const first = fitting[0];
    if (first !== undefined) return { ok: true, jwk: first, kid };
    return {
      ok: false,
      code: "no_key_for_alg",
      reason: `key ${quote(kid)} cannot verify ${alg}: ${misfit(named[0] as JWK, alg) ?? ""}`,
    };
  }
  const fitting = keys.filter((k) => misfit(k, alg) === null);
  const only = fitting[0];
  if (fitting.length === 1 && only !== undefined) {
    return { ok: true, jwk: only, kid: only.kid ?? null };
  }
  if (fitting.length > 1) {
    return {
      ok: false,
      code: "ambiguous_key",
      reason: `the token has no kid and ${fitting.length} of the issuer's keys fit ${alg}`,
    };
  }
  const have = keys.map(describeKey).join(", ") || "none";
  return {
    ok: false,
    code: "no_key_for_alg",
    reason: `no key for ${alg} (the issuer has: ${have})`,
  };
}

/** Why `jwk` cannot verify `alg`, or null when it can. */
export function misfit(jwk: JWK, alg: string): string | null {
  const need = ASYMMETRIC_ALGS[alg];
  if (need === undefined) return `${alg} is not a supported signature algorithm`;
  if (jwk.kty !== need.kty || (need.crv !== undefined && jwk.crv !== need.crv)) {
    const want = need.crv === undefined ? need.kty : `${need.kty} ${need.crv}`;
    return `it is ${article(describeType(jwk))} key, ${alg} needs ${article(want)} key`;
  }
  if (jwk.alg !== undefined && jwk.alg !== alg) return `it is for ${jwk.alg} only`;
  if (jwk.use !== undefined && jwk.use !== "sig")
    return `it is not a signing key (use ${quote(jwk.use)})`;
  if (
    jwk.key_ops !== undefined &&
    !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes("verify"))
  ) {
    return "its key_ops do not include verify";
  }
  return null;
}

/** "RSA", "EC P-256", "OKP Ed25519" — what a responder needs to see of a key. */
function describeType(jwk: JWK): string {
  const kty = jwk.kty ?? "untyped";
  return jwk.crv === undefined ? kty : `${kty} ${jwk.crv}`;
}

function describeKey(jwk: JWK): string {
  return `${jwk.kid === undefined ? "(no kid)" : quote(jwk.kid)} ${describeType(jwk)}`;
}

function article(word: string): string {
  // Key types are read out as letters: "an RSA key", "an EC P-256 key", "an OKP key".
  return /^[AEIOR]/i.test(word) ? `an ${word}` : `a ${word}`;
}

/**
 * A value from a token or JWKS, safe to put in a reason: JSON-quoted (control characters
 * escaped) and cut to 64 characters, since a header may hold 2 KiB of anything.
 */
export function quote(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}
