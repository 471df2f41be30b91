/**
 * Defensive decoding of an untrusted compact JWT (a JWS in compact serialisation, RFC 7515 §7.1).
 *
 * Everything that reaches Respond is hostile until proven otherwise: a token pasted by a
 * responder, a token from a decision request, a token in a log line. So decoding is strict and
 * bounded before anything else looks at it: a size limit first (nothing is decoded or parsed
 * beyond it), exactly three segments, canonical base64url without padding (RFC 7515 §2: "with
 * all trailing '=' characters omitted"), UTF-8 JSON objects for header and payload, and an `alg`.
 * Each refusal has one stable code (`malformed_jwt`) and a precise reason that names positions
 * and lengths but never token content.
 *
 * The result keeps header and claims but not the signature bytes: header + payload + signature
 * *are* the bearer token, and a decoded token must be safe to keep in memory, show and log.
 * Pure: no I/O.
 */
import { hash } from "node:crypto";
import { MalformedJwtError } from "./token.errors.js";

/** Limits applied before any decoding. Large enough for real WLCG tokens (1–3 KiB). */
export interface JwtLimits {
  /** Whole token, in UTF-8 bytes. */
  maxTokenBytes: number;
  /** Decoded protected header, in bytes. */
  maxHeaderBytes: number;
}

export const DEFAULT_JWT_LIMITS: Readonly<JwtLimits> = Object.freeze({
  maxTokenBytes: 16384,
  maxHeaderBytes: 2048,
});

/** A JOSE header as found: only `alg` is guaranteed (a non-empty string). */
export type JwtHeader = Readonly<Record<string, unknown>> & { readonly alg: string };

/** A claim set as found: an object whose values are untrusted and unchecked. */
export type JwtClaims = Readonly<Record<string, unknown>>;

export interface DecodedJwt {
  header: JwtHeader;
  claims: JwtClaims;
  /** Decoded signature length in bytes; 0 for an unsigned (`alg: none`) token. */
  signatureBytes: number;
  /** `tokenFingerprint` of the token: how logs and messages may refer to it. */
  fingerprint: string;
}

export type DecodeResult =
  { ok: true; jwt: DecodedJwt } | { ok: false; code: "malformed_jwt"; reason: string };

/**
 * A short, stable reference to a token (first 16 hex digits of its SHA-256) for logs, errors
 * and caches, so that nothing ever needs to carry the token itself. 64 bits tell tokens apart
 * in any incident; they cannot be turned back into the token.
 */
export function tokenFingerprint(token: string): string {
  return hash("sha256", token, "hex").slice(0, 16);
}

/**
 * Decodes a compact JWT or throws `MalformedJwtError`. Does not verify anything: the signature,
 * the issuer and the times are jwt-verify.ts's job; this only decides whether the input is
 * well-formed enough to look at.
 *
 * @throws MalformedJwtError for every malformed input; TypeError only if `token` is not a string
 *   (a programmer error: edges validate their input with zod first).
 */
export function decodeJwt(token: string, limits: JwtLimits = DEFAULT_JWT_LIMITS): DecodedJwt {
  if (typeof token !== "string") throw new TypeError("decodeJwt: token must be a string");
  if (token.length === 0) throw new MalformedJwtError("token is empty");
  // A string of n UTF-16 units has at least n UTF-8 bytes: the cheap test first, then the exact one.
  if (token.length > limits.maxTokenBytes || Buffer.byteLength(token) > limits.maxTokenBytes) {
    throw new MalformedJwtError(`token larger than ${limits.maxTokenBytes} bytes`);
  }
  const segments = token.split(".");
  if (segments.length !== 3) {
    const jwe = segments.length === 5 ? " (an encrypted JWE is not supported)" : "";
    throw new MalformedJwtError(`3 segments expected, got ${segments.length}${jwe}`);
  }
  const [headerPart, payloadPart, signaturePart] = segments as [string, string, string];

  if (decodedLength(headerPart) > limits.maxHeaderBytes) {
    throw new MalformedJwtError(`header larger than ${limits.maxHeaderBytes} bytes`);
  }
  const header = parseObject(decodeSegment(headerPart, "header"), "header");
  if (!Object.hasOwn(header, "alg")) throw new MalformedJwtError("header has no alg");
  const alg = header["alg"];
  if (typeof alg !== "string") throw new MalformedJwtError("header alg is not a string");
  if (alg.length === 0) throw new MalformedJwtError("header alg is empty");
  if (Object.hasOwn(header, "kid") && typeof header["kid"] !== "string") {
    throw new MalformedJwtError("header kid is not a string");
  }

  const claims = parseObject(decodeSegment(payloadPart, "payload"), "payload");
  // An empty signature is well-formed (an unsigned token); verification refuses it later.
  const signatureBytes =
    signaturePart.length === 0 ? 0 : decodeSegment(signaturePart, "signature").length;

  return {
    header: header as JwtHeader,
    claims,
    signatureBytes,
    fingerprint: tokenFingerprint(token),
  };
}

/** `decodeJwt` as a result, for callers that report rather than throw (inspection, fuzzing). */
export function tryDecodeJwt(token: string, limits: JwtLimits = DEFAULT_JWT_LIMITS): DecodeResult {
  try {
    return { ok: true, jwt: decodeJwt(token, limits) };
  } catch (err) {
    if (err instanceof MalformedJwtError) return { ok: false, code: err.code, reason: err.reason };
    throw err; // a bug, not a bad token: let it surface
  }
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

type SegmentName = "header" | "payload" | "signature";

/** Bytes a base64url segment of this length decodes to (without decoding it). */
function decodedLength(segment: string): number {
  return Math.floor((segment.length * 3) / 4);
}

/**
 * Strict base64url: alphabet `A–Z a–z 0–9 - _` only, no padding, a possible length, and
 * canonical (unused trailing bits zero). Node's own decoder silently skips illegal characters
 * and ignores trailing bits, so one token could otherwise be spelled many ways.
 */
function decodeSegment(segment: string, name: SegmentName): Buffer {
  if (segment.length === 0) throw new MalformedJwtError(`${name} is empty`);
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    const ok =
      (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;
    if (!ok) {
      const what = c === 61 ? "padding '=' is not allowed" : `illegal character at offset ${i}`;
      throw new MalformedJwtError(`${name} is not base64url: ${what}`);
    }
  }
  if (segment.length % 4 === 1) {
    throw new MalformedJwtError(`${name} is not base64url: impossible length ${segment.length}`);
  }
  const bytes = Buffer.from(segment, "base64url");
  if (bytes.toString("base64url") !== segment) {
    throw new MalformedJwtError(`${name} is not base64url: non-canonical trailing bits`);
  }
  return bytes;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** UTF-8 (no BOM: JSON.parse then fails, as RFC 8259 §8.1 allows) JSON text holding an object. */
function parseObject(bytes: Buffer, name: "header" | "payload"): Record<string, unknown> {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new MalformedJwtError(`${name} is not UTF-8`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MalformedJwtError(`${name} is not JSON`);
  }
  if (!isJsonObject(value)) {
    const got = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    throw new MalformedJwtError(`${name} is not a JSON object: got ${got}`);
  }
  return value;
}
