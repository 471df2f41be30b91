/**
 * Verification of a received SET, as a site agent does before it touches its ban list.
 *
 * A bad SET is an answer, not an exception: `{ ok: false, err, code, description }`, where `err`
 * is the RFC 8935 §2.3 error code to send back (push: the 400 body; poll: `setErrs`) and `code`
 * is our stable, finer reason. Checks run cheapest and most telling first, and the claims are
 * judged only after the signature, so every claim-based answer is about the transmitter's own
 * words: structure → alg (`none` and HMAC refused outright; an HMAC keyed with the transmitter's
 * public key is the classic forgery) → header extensions → typ → kid → signature (jose over a
 * `createLocalJWKSet`) → forbidden claims (`sub`, `exp`: SSF 1.0) → events → iss → aud → jti →
 * iat window → replay (`seen(jti)`, consulted last so that no forged or invalid SET can touch
 * the replay store).
 *
 * RFC 8935 mapping (docs/feed-events.md):
 * - invalid_request: not a SET we can read (malformed, wrong typ, missing or forbidden claims,
 *   no events, iat outside the window, a jti already received);
 * - invalid_key: the signing key or algorithm is unacceptable (HMAC, an alg not allowed, no
 *   kid, unknown kid, kid naming a key of another type);
 * - authentication_failed: nothing authenticates the transmitter (alg none, bad signature);
 * - invalid_issuer / invalid_audience: iss / aud are not the ones configured;
 * - access_denied: never produced here; the agent answers it for a stream it does not accept.
 */
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from "jose";
import type { Clock } from "../core/clock.js";
import { tryDecodeJwt, type JwtHeader } from "../tokens/index.js";
import { SetVerifierConfigError } from "./feed.errors.js";
import { SET_TYP } from "./set-sign.js";
import { SET_FAILURES, type Rfc8935Error, type SetFailureCode } from "./set-errors.js";

/** Asymmetric algorithms a verifier may be configured with (RFC 7518 §3.1, RFC 8037). */
const ASYMMETRIC = new Set([
  "ES256",
  "ES384",
  "ES512",
  "PS256",
  "PS384",
  "PS512",
  "RS256",
  "RS384",
  "RS512",
  "EdDSA",
  "Ed25519",
]);

/** Largest SET accepted: a ban with 1,000 sites fits with room to spare. */
const MAX_SET_BYTES = 256 * 1024;

/** The claims of a verified SET: the checked members typed, the rest left as found. */
export interface ReceivedSetClaims {
  iss: string;
  iat: number;
  jti: string;
  aud: string | string[];
  txn?: string;
  sub_id: { format: string } & Record<string, unknown>;
  events: Record<string, Record<string, unknown>>;
  [claim: string]: unknown;
}

export interface SetVerifySuccess {
  ok: true;
  kid: string;
  header: JwtHeader;
  claims: ReceivedSetClaims;
}
export interface SetVerifyFailure {
  ok: false;
  err: Rfc8935Error;
  code: SetFailureCode;
  description: string;
  /** The SET's jti when it could be read (for `setErrs`); not authenticated unless the code
   * comes after the signature check. */
  jti: string | null;
}
export type SetVerifyResult = SetVerifySuccess | SetVerifyFailure;

export interface SetVerifierOptions {
  /** The transmitter's published keys. Rebuild the verifier when they change. */
  jwks: JSONWebKeySet;
  /** The transmitter's issuer identifier: `iss` must equal it exactly. */
  issuer: string;
  /** This receiver's audience value: `aud` (string or array) must contain it. */
  audience: string;
  /** Accepted signature algorithms; only ES256 unless configured (asymmetric ones only). */
  algorithms?: readonly string[];
  clock: Clock;
  /** Allowed clock difference in seconds, both ways (default 60). */
  clockSkewSec?: number;
  /** Oldest `iat` accepted, in seconds before now (default one day); null: no limit. */
  maxAgeSec?: number | null;
  /** True if a SET with this jti was already accepted. Recording it is the caller's job,
   * once the event is applied (so a crash before then lets the retransmission through). */
  seen?: (jti: string) => boolean | Promise<boolean>;
}

export interface SetVerifier {
  verify(token: string): Promise<SetVerifyResult>;
}

/** @throws SetVerifierConfigError for an unusable configuration. */
export function createSetVerifier(options: SetVerifierOptions): SetVerifier {
  const algorithms = [...(options.algorithms ?? ["ES256"])];
  checkOptions(options, algorithms);
  const keys = options.jwks.keys;
  let jwks: ReturnType<typeof createLocalJWKSet>;
  try {
    jwks = createLocalJWKSet({ keys: [...keys] });
  } catch (err) {
    throw new SetVerifierConfigError(`the transmitter's JWKS is unusable: ${message(err)}`);
  }
  const skew = options.clockSkewSec ?? 60;
  const maxAge = options.maxAgeSec === undefined ? 86400 : options.maxAgeSec;
  const accepted = new Set(algorithms);
  const kids = new Set(keys.map((k) => k.kid).filter((k): k is string => typeof k === "string"));

  async function verify(token: string): Promise<SetVerifyResult> {
    if (typeof token !== "string") throw new TypeError("verify: token must be a string");
    const decoded = tryDecodeJwt(token, { maxTokenBytes: MAX_SET_BYTES, maxHeaderBytes: 2048 });
    if (!decoded.ok) return fail("malformed_set", decoded.reason, null);
    const { header, claims } = decoded.jwt;
    const rawJti = typeof claims["jti"] === "string" ? claims["jti"] : null;
    const alg = header.alg;

    if (alg.toLowerCase() === "none") {
      return fail("alg_none", "alg none: the SET is not signed", rawJti);
    }
    if (/^hs\d+$/i.test(alg)) {
      return fail(
        "alg_hmac",
        `alg ${alg} refused: an HMAC over public keys proves nothing`,
        rawJti,
      );
    }
    if (!accepted.has(alg)) {
      return fail(
        "alg_not_accepted",
        `alg ${alg} is not accepted (accepted: ${algorithms.join(", ")})`,
        rawJti,
      );
    }
    for (const name of ["crit", "b64"]) {
      if (Object.hasOwn(header, name)) {
        return fail("unsupported_header", `header parameter ${name} is not supported`, rawJti);
      }
    }
    const typ = header["typ"];
    if (typeof typ !== "string" || typ.toLowerCase().replace(/^application\//, "") !== SET_TYP) {
      const got = typeof typ === "string" ? JSON.stringify(typ) : "none";
      return fail("wrong_type", `typ must be ${SET_TYP}, got ${got}`, rawJti);
    }
    const kid = header["kid"];
    if (typeof kid !== "string" || kid === "") {
      return fail("missing_kid", "the header names no kid", rawJti);
    }
    if (!kids.has(kid)) {
      return fail(
        "unknown_kid",
        `kid ${JSON.stringify(kid)} is not in the transmitter's JWKS`,
        rawJti,
      );
    }

    try {
      await compactVerify(token, jwks, { algorithms: [alg] });
    } catch (err) {
      const code = errorCode(err);
      if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") {
        return fail(
          "bad_signature",
          `signature does not verify with key ${JSON.stringify(kid)}`,
          rawJti,
        );
      }
      if (code === "ERR_JWKS_NO_MATCHING_KEY" || code === "ERR_JWKS_MULTIPLE_MATCHING_KEYS") {
        return fail("no_usable_key", `key ${JSON.stringify(kid)} cannot verify ${alg}`, rawJti);
      }
      if (code === "ERR_JWS_INVALID") return fail("malformed_set", message(err), rawJti);
      throw err;
    }

    const problem = await checkClaims(claims);
    if (problem !== null) return fail(problem[0], problem[1], rawJti);
    return { ok: true, kid, header, claims: claims as ReceivedSetClaims };
  }

  /** Claim checks on an authentic SET; [code, description] of the first problem, or null. */
  async function checkClaims(
    c: Readonly<Record<string, unknown>>,
  ): Promise<[SetFailureCode, string] | null> {
    for (const name of ["sub", "exp"]) {
      if (Object.hasOwn(c, name))
        return ["forbidden_claim", `claim ${name} must not be in a SET (SSF 1.0)`];
    }
    const events = c["events"];
    if (!isRecord(events) || Object.keys(events).length === 0) {
      return ["missing_events", "events must be an object with at least one event"];
    }
    for (const [uri, body] of Object.entries(events)) {
      if (!isRecord(body))
        return ["missing_events", `event ${JSON.stringify(uri)} is not an object`];
    }
    if (typeof c["iss"] !== "string") return ["invalid_claims", "iss must be a string"];
    if (c["iss"] !== options.issuer) {
      return [
        "wrong_issuer",
        `iss expected ${JSON.stringify(options.issuer)}, got ${JSON.stringify(c["iss"])}`,
      ];
    }
    const aud = c["aud"];
    const auds = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : null;
    if (auds === null || auds.length === 0 || !auds.every((a) => typeof a === "string")) {
      return ["wrong_audience", "aud must be a string or a non-empty array of strings"];
    }
    if (!auds.includes(options.audience)) {
      return ["wrong_audience", `aud does not include ${JSON.stringify(options.audience)}`];
    }
    const jti = c["jti"];
    if (typeof jti !== "string" || jti === "")
      return ["invalid_claims", "jti must be a non-empty string"];
    if (c["txn"] !== undefined && typeof c["txn"] !== "string") {
      return ["invalid_claims", "txn must be a string"];
    }
    const subId = c["sub_id"];
    if (!isRecord(subId) || typeof subId["format"] !== "string") {
      return ["invalid_claims", "sub_id must be an object with a format"];
    }
    const iat = c["iat"];
    if (typeof iat !== "number" || !Number.isFinite(iat)) {
      return ["invalid_claims", "iat must be a number of seconds"];
    }
    const now = options.clock.now().getTime() / 1000;
    if (iat > now + skew)
      return ["iat_in_future", `iat is ${Math.ceil(iat - now)} s in the future`];
    if (maxAge !== null && iat < now - maxAge - skew) {
      return [
        "iat_too_old",
        `iat is ${Math.floor(now - iat)} s old (at most ${maxAge} s accepted)`,
      ];
    }
    if (options.seen !== undefined && (await options.seen(jti))) {
      return ["replayed_jti", `jti ${JSON.stringify(jti)} was already received`];
    }
    return null;
  }

  return { verify };
}

function fail(code: SetFailureCode, description: string, jti: string | null): SetVerifyFailure {
  return { ok: false, err: SET_FAILURES[code], code, description, jti };
}

function checkOptions(o: SetVerifierOptions, algorithms: string[]): void {
  if (typeof o.issuer !== "string" || o.issuer === "") {
    throw new SetVerifierConfigError("issuer must be a non-empty string");
  }
  if (typeof o.audience !== "string" || o.audience === "") {
    throw new SetVerifierConfigError("audience must be a non-empty string");
  }
  if (algorithms.length === 0) throw new SetVerifierConfigError("no accepted algorithms");
  for (const alg of algorithms) {
    if (!ASYMMETRIC.has(alg)) {
      throw new SetVerifierConfigError(`${alg} cannot be accepted: only asymmetric signatures`);
    }
  }
  for (const [name, v] of [
    ["clockSkewSec", o.clockSkewSec],
    ["maxAgeSec", o.maxAgeSec],
  ] as const) {
    if (v !== undefined && v !== null && (!Number.isFinite(v) || v < 0)) {
      throw new SetVerifierConfigError(`${name} must be a non-negative number`);
    }
  }
  if (!isRecord(o.jwks) || !Array.isArray(o.jwks.keys)) {
    throw new SetVerifierConfigError("the transmitter's JWKS has no keys array");
  }
  for (const k of o.jwks.keys) {
    if (k.kty === "oct") throw new SetVerifierConfigError("a symmetric key has no place in a JWKS");
    if (k.d !== undefined) throw new SetVerifierConfigError("the JWKS holds a private key");
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function errorCode(err: unknown): unknown {
  return typeof err === "object" && err !== null && "code" in err ? err.code : undefined;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
