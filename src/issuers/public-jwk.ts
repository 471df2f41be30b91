/**
 * Keeping only public signing keys. An issuer's JWKS is untrusted input twice over: an
 * administrator may paste a private key by mistake, and an endpoint may serve anything. Only
 * the members a verifier needs survive (RFC 7518 §6: n/e, crv/x/y; RFC 8037 §2: crv/x, plus
 * kid, alg, use, key_ops), so private material can never reach the store, a view or a log.
 * Pure: no I/O.
 */
import type { JWK } from "jose";
import { createJwtVerifier, TokenTrustConfigError } from "../tokens/index.js";

/** Private members of RSA (RFC 7518 §6.3.2), EC and OKP (`d`) keys. */
export const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth"] as const;

const PUBLIC_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ["n", "e"],
  EC: ["crv", "x", "y"],
  OKP: ["crv", "x"],
};
const STRING_META = ["kid", "alg", "use"] as const;

type Checked = { ok: true; key: JWK } | { ok: false; reason: string };

/** `key "k1"` or `key 3 (no kid)`, for messages. */
export function keyName(jwk: unknown, index: number): string {
  const kid = typeof jwk === "object" && jwk !== null ? (jwk as { kid?: unknown }).kid : undefined;
  return typeof kid === "string" ? `key ${JSON.stringify(kid.slice(0, 64))}` : `key ${index}`;
}

/**
 * Checks one key and returns its public part. Refused, each with its own reason: not an
 * object, a symmetric (`oct`) key, private members, an unknown key type, a missing or
 * non-string public member, bad kid/alg/use/key_ops.
 */
export function publicJwk(input: unknown): Checked {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, reason: "is not a JSON object" };
  }
  const jwk = input as Record<string, unknown>;
  const kty = jwk["kty"];
  if (kty === "oct") {
    return {
      ok: false,
      reason: 'is a symmetric key (kty "oct"): an issuer is trusted by its public keys only',
    };
  }
  const leaked = PRIVATE_MEMBERS.filter((m) => Object.hasOwn(jwk, m));
  if (leaked.length > 0) {
    return {
      ok: false,
      reason: `contains private key material (${leaked.join(", ")}): give the public key only`,
    };
  }
  const members = typeof kty === "string" ? PUBLIC_MEMBERS[kty] : undefined;
  if (members === undefined) {
    return { ok: false, reason: `has kty ${JSON.stringify(kty)}: RSA, EC or OKP expected` };
  }
  const key: Record<string, unknown> = { kty };
  for (const m of members) {
    const v = jwk[m];
    if (typeof v !== "string" || v.length === 0) return { ok: false, reason: `has no ${m}` };
    key[m] = v;
  }
  for (const m of STRING_META) {
    const v = jwk[m];
    if (v === undefined) continue;
    if (typeof v !== "string") return { ok: false, reason: `has a ${m} that is not a string` };
    key[m] = v;
  }
  const ops = jwk["key_ops"];
  if (ops !== undefined) {
    if (!Array.isArray(ops) || !ops.every((o) => typeof o === "string")) {
      return { ok: false, reason: "has key_ops that are not a list of strings" };
    }
    key["key_ops"] = [...ops];
  }
  return { ok: true, key };
}

/**
 * Why the token verifier would refuse this key (an RSA key under 2048 bits, a key jose cannot
 * import for an accepted alg), or null. Asks the verifier itself, so the registry never stores
 * keys that would make every verification of the issuer fail.
 */
export async function unusableReason(
  key: JWK,
  issuer: string,
  algorithms: readonly string[],
): Promise<string | null> {
  try {
    await createJwtVerifier({ issuer, jwks: { keys: [key] }, algorithms, audiences: [] });
    return null;
  } catch (err) {
    if (err instanceof TokenTrustConfigError) return err.message;
    throw err;
  }
}

/** A short description of a key for views: never any key material. */
export interface KeySummary {
  kid: string | null;
  kty: string;
  alg: string | null;
  crv: string | null;
  use: string | null;
}

export function summarizeKey(jwk: JWK): KeySummary {
  return {
    kid: jwk.kid ?? null,
    kty: jwk.kty ?? "?",
    alg: jwk.alg ?? null,
    crv: jwk.crv ?? null,
    use: jwk.use ?? null,
  };
}

/** Same keys (members are normalised by publicJwk, so JSON text compares them). */
export function sameKeys(a: readonly JWK[], b: readonly JWK[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
