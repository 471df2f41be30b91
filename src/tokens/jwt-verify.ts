/**
 * Signature and claim verification of an untrusted token against one trusted issuer.
 *
 * A bad token is an answer, not an exception: `verify` resolves to `{ ok: false, code, reason }`
 * for anything a token can do wrong, so the decision point, the inspector and the fuzz loop
 * never crash on input. It throws only for programmer errors (a non-string token, a non-finite
 * `now`) and `createJwtVerifier` throws `TokenTrustConfigError` for an unusable trust setup.
 *
 * Checks run in a fixed order, cheapest and most telling first, so each token gets one stable
 * reason: structure (jwt-decode.ts) → alg (`none` and HMAC refused outright: the WLCG profile
 * §4.2 requires an asymmetric signature, and an HMAC "signed" with a public key is the classic
 * key-confusion forgery) → header extensions → `typ` → issuer → key (kid, alg fit) → signature
 * (jose over a `createLocalJWKSet`) → exp, nbf, iat against the injected `now` → audience.
 * The time and audience claims are judged only after the signature, so they are the issuer's.
 * Pure apart from crypto: keys come in, no fetching (the issuer registry does that later).
 */
import { compactVerify, createLocalJWKSet, importJWK, type JSONWebKeySet, type JWK } from "jose";
import {
  DEFAULT_JWT_LIMITS,
  tryDecodeJwt,
  type JwtClaims,
  type JwtHeader,
  type JwtLimits,
} from "./jwt-decode.js";
import { ASYMMETRIC_ALGS, quote, selectKey } from "./jwks-select.js";
import { TokenTrustConfigError } from "./token.errors.js";
import { checkTimeAndAudience } from "./claims-check.js";

/** What we trust an issuer for: its keys, the algorithms it signs with, the audiences we are. */
export interface IssuerTrust {
  issuer: string;
  jwks: JSONWebKeySet;
  algorithms: readonly string[];
  /** Audiences this relying party answers to; empty means the audience is not checked. */
  audiences: readonly string[];
}

export interface VerifierOptions {
  /** Allowed clock skew in seconds; the WLCG profile §4.3.1 recommends 60 s by default. */
  clockToleranceSec?: number;
  /** Accept `https://wlcg.cern.ch/jwt/v1/any` as matching every audience (profile §2.1.1). */
  acceptAnyAudience?: boolean;
  limits?: JwtLimits;
}

/** Every reason a token can be refused, stable for scripts, tests and the web app. */
export const VERIFY_FAILURE_CODES = [
  "malformed_jwt",
  "alg_none",
  "alg_hmac",
  "alg_not_accepted",
  "unsupported_header",
  "wrong_type",
  "wrong_issuer",
  "unknown_kid",
  "no_key_for_alg",
  "ambiguous_key",
  "bad_signature",
  "invalid_claims",
  "token_expired",
  "token_not_yet_valid",
  "wrong_audience",
] as const;
export type VerifyFailureCode = (typeof VERIFY_FAILURE_CODES)[number];

export interface VerifySuccess {
  ok: true;
  /** The kid of the key that verified the signature (null if neither token nor key named one). */
  kid: string | null;
  alg: string;
  header: JwtHeader;
  claims: JwtClaims;
}
export interface VerifyFailure {
  ok: false;
  code: VerifyFailureCode;
  reason: string;
}
export type VerifyResult = VerifySuccess | VerifyFailure;

export interface JwtVerifier {
  readonly issuer: string;
  /** Verifies `token` as of `now` (seconds since the epoch, injected so tests are exact). */
  verify(token: string, now: number): Promise<VerifyResult>;
}

/** JWTs of other kinds that must never pass as access tokens (RFC 8725 §3.11 explicit typing). */
const FOREIGN_TYPES = new Set(["secevent+jwt", "logout+jwt"]);

/**
 * Builds a verifier for one issuer. Async because every key is imported once up front: a key
 * that cannot be used is a configuration error to report now, not on the first token.
 *
 * @throws TokenTrustConfigError when the trust setup is unusable.
 */
export async function createJwtVerifier(
  trust: IssuerTrust,
  options: VerifierOptions = {},
): Promise<JwtVerifier> {
  checkTrust(trust);
  const keys = trust.jwks.keys;
  for (const jwk of keys) await checkKey(jwk, trust.algorithms);
  let jwks: ReturnType<typeof createLocalJWKSet>;
  try {
    jwks = createLocalJWKSet({ keys: [...keys] });
  } catch (err) {
    throw new TokenTrustConfigError(`JWKS of ${trust.issuer} is malformed: ${message(err)}`);
  }
  const tolerance = options.clockToleranceSec ?? 60;
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new TokenTrustConfigError("clockToleranceSec must be a non-negative number");
  }
  const acceptAny = options.acceptAnyAudience ?? true;
  const limits = options.limits ?? DEFAULT_JWT_LIMITS;
  const accepted = new Set(trust.algorithms);
  const audiences = [...trust.audiences];

  async function verify(token: string, now: number): Promise<VerifyResult> {
    if (typeof token !== "string") throw new TypeError("verify: token must be a string");
    if (!Number.isFinite(now))
      throw new TypeError("verify: now must be a finite number of seconds");
    const decoded = tryDecodeJwt(token, limits);
    if (!decoded.ok) return fail("malformed_jwt", decoded.reason);
    const { header, claims } = decoded.jwt;
    const alg = header.alg;

    if (alg.toLowerCase() === "none") {
      return fail("alg_none", "alg: none is rejected: the token is not signed");
    }
    if (/^hs\d+$/i.test(alg)) {
      return fail(
        "alg_hmac",
        `${quote(alg)} rejected: HMAC with a public key (the issuer's keys are public, so anyone could compute it)`,
      );
    }
    if (!accepted.has(alg)) {
      const list = [...accepted].join(", ");
      return fail(
        "alg_not_accepted",
        `alg ${quote(alg)} is not accepted for this issuer (accepted: ${list})`,
      );
    }
    for (const name of ["crit", "b64"]) {
      if (Object.hasOwn(header, name)) {
        return fail("unsupported_header", `header parameter ${name} is not supported`);
      }
    }
    const typ = header["typ"];
    if (
      typeof typ === "string" &&
      FOREIGN_TYPES.has(typ.toLowerCase().replace(/^application\//, ""))
    ) {
      return fail("wrong_type", `typ ${quote(typ)} is not an access or ID token`);
    }

    const iss = claims["iss"];
    if (iss !== trust.issuer) {
      const got =
        iss === undefined ? "none" : typeof iss === "string" ? quote(iss) : `a ${typeof iss}`;
      return fail("wrong_issuer", `issuer expected ${quote(trust.issuer)}, got ${got}`);
    }

    const kidClaim = header["kid"];
    const choice = selectKey(keys, alg, typeof kidClaim === "string" ? kidClaim : undefined);
    if (!choice.ok) return fail(choice.code, choice.reason);

    try {
      await compactVerify(token, jwks, { algorithms: [alg] });
    } catch (err) {
      return fromJose(err, choice.kid);
    }

    const problem = checkTimeAndAudience(claims, { now, tolerance, audiences, acceptAny });
    if (problem !== null) return fail(problem.code, problem.reason);
    return { ok: true, kid: choice.kid, alg, header, claims };
  }

  return { issuer: trust.issuer, verify };
}

/** One-shot verification; build a verifier with `createJwtVerifier` to verify many tokens. */
export async function verifyJwt(
  token: string,
  trust: IssuerTrust,
  options: VerifierOptions & { now: number },
): Promise<VerifyResult> {
  const verifier = await createJwtVerifier(trust, options);
  return verifier.verify(token, options.now);
}

function fail(code: VerifyFailureCode, reason: string): VerifyFailure {
  return { ok: false, code, reason };
}

/** jose's errors, in our words. Anything unexpected is a bug and is rethrown. */
function fromJose(err: unknown, kid: string | null): VerifyFailure {
  const code = typeof err === "object" && err !== null && "code" in err ? err.code : undefined;
  const key = kid === null ? "the issuer's key" : `key ${quote(kid)}`;
  switch (code) {
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return fail("bad_signature", `signature does not verify with ${key}`);
    case "ERR_JWKS_NO_MATCHING_KEY":
      return fail("no_key_for_alg", "no key in the issuer's JWKS fits the token");
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return fail("ambiguous_key", "several keys in the issuer's JWKS fit the token");
    case "ERR_JWS_INVALID":
      return fail("malformed_jwt", message(err));
    default:
      throw err;
  }
}

function checkTrust(trust: IssuerTrust): void {
  if (typeof trust.issuer !== "string" || trust.issuer.length === 0) {
    throw new TokenTrustConfigError("issuer must be a non-empty string");
  }
  if (trust.algorithms.length === 0) {
    throw new TokenTrustConfigError(`no accepted algorithms for ${trust.issuer}`);
  }
  for (const alg of trust.algorithms) {
    if (ASYMMETRIC_ALGS[alg] === undefined) {
      throw new TokenTrustConfigError(
        `${alg} cannot be accepted for ${trust.issuer}: only asymmetric signatures (${Object.keys(ASYMMETRIC_ALGS).join(", ")})`,
      );
    }
  }
  if (typeof trust.jwks !== "object" || trust.jwks === null || !Array.isArray(trust.jwks.keys)) {
    throw new TokenTrustConfigError(`JWKS of ${trust.issuer} has no keys array`);
  }
}

/** Public, asymmetric, importable for at least one accepted alg it fits, RSA ≥ 2048 bits. */
async function checkKey(jwk: JWK, algorithms: readonly string[]): Promise<void> {
  if (typeof jwk !== "object" || jwk === null)
    throw new TokenTrustConfigError("a JWKS entry is not an object");
  if (jwk.kid !== undefined && typeof jwk.kid !== "string") {
    throw new TokenTrustConfigError("a key's kid is not a string");
  }
  const name = jwk.kid === undefined ? "a key without kid" : `key ${quote(jwk.kid)}`;
  if (jwk.kty === "oct")
    throw new TokenTrustConfigError(`${name} is symmetric: not allowed in a JWKS`);
  if (jwk.d !== undefined) throw new TokenTrustConfigError(`${name} is a private key`);
  if (
    jwk.kty === "RSA" &&
    typeof jwk.n === "string" &&
    Buffer.from(jwk.n, "base64url").length * 8 < 2048
  ) {
    throw new TokenTrustConfigError(`${name} is an RSA key shorter than 2048 bits`);
  }
  for (const alg of algorithms) {
    const need = ASYMMETRIC_ALGS[alg];
    if (
      need === undefined ||
      need.kty !== jwk.kty ||
      (need.crv !== undefined && need.crv !== jwk.crv)
    )
      continue;
    if (jwk.alg !== undefined && jwk.alg !== alg) continue;
    try {
      await importJWK(jwk, alg);
    } catch (err) {
      throw new TokenTrustConfigError(`${name} cannot be used for ${alg}: ${message(err)}`);
    }
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
