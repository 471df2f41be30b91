/**
 * Checks an untrusted token against the trusted issuers: decode, find the issuer, verify with
 * its current keys. Used by the decision point and the inspector, so both give one answer.
 *
 * Two caches keep verification off the hot path without weakening it:
 * - one verifier per issuer and key set (importing keys is the slow part of building one);
 * - verified tokens by their SHA-256 until the earlier of their exp and a short horizon, so a
 *   token presented again is not verified again (stack notes: ES256 verify is ~7k/s per core).
 *   The key is the full hash of the token, never the token; a refused token is not cached.
 *   While a token is being verified, the same token arriving again (a job's parallel
 *   transfers all present one token at once) waits for that verification instead of starting
 *   its own, so a burst costs one verification, not one per request; what it then gets is
 *   checked as a remembered token is (see `join`). With the cache off (cacheSize 0) every
 *   request verifies on its own.
 * An unknown kid asks the issuer source once for fresher keys (the source rate-limits that).
 */
import { hash } from "node:crypto";
import type { Clock } from "../core/clock.js";
import {
  createJwtVerifier,
  tokenFingerprint,
  tryDecodeJwt,
  type IssuerTrust,
  type JwtClaims,
  type JwtHeader,
  type JwtVerifier,
  type VerifyFailureCode,
  type VerifyResult,
} from "../tokens/index.js";

/** What the issuer registry tells about one issuer: its trust and how fresh its keys are. */
export interface TrustLookup {
  trust: IssuerTrust;
  keysFetchedAt: string | null;
  stale: boolean;
  lastRefreshError: RefreshFailure | null;
}

/** The last failed key refresh of an issuer (its keys stay in use meanwhile). */
export interface RefreshFailure {
  code: string;
  message: string;
  at: string;
}

/** The issuer registry as the checker needs it (IssuersService implements it). */
export interface TrustSource {
  trustFor(iss: string, opts?: { unknownKid?: boolean }): Promise<TrustLookup | undefined>;
}

export type CheckFailureCode =
  VerifyFailureCode | "unknown_issuer" | "issuer_unusable" | "issuer_keys_unavailable";

export interface IssuerState {
  issuer: string;
  keysFetchedAt: string | null;
  stale: boolean;
  lastRefreshError: RefreshFailure | null;
}

export type TokenCheck =
  | {
      ok: true;
      header: JwtHeader;
      claims: JwtClaims;
      kid: string | null;
      alg: string;
      fingerprint: string;
      issuer: IssuerState;
      /** Verified earlier and remembered, or by a request that carried it at the same time. */
      cached: boolean;
    }
  | {
      ok: false;
      code: CheckFailureCode;
      reason: string;
      /** Decoded header and claims when the token could be decoded (never verified). */
      header: JwtHeader | null;
      claims: JwtClaims | null;
      fingerprint: string;
      issuer: IssuerState | null;
    };

export interface TokenCheckerOptions {
  clock: Clock;
  issuers: TrustSource;
  /** Most verified tokens remembered (default 100,000). */
  cacheSize?: number | undefined;
  /** Longest a verified token is remembered, in seconds (default 300). */
  cacheSeconds?: number | undefined;
}

interface CachedToken {
  until: number;
  header: JwtHeader;
  claims: JwtClaims;
  kid: string | null;
  alg: string;
  /** The token's fingerprint, kept so a remembered token is not hashed a second time. */
  fingerprint: string;
  /** The issuer's trust the token was verified with: the entry counts only while it is current. */
  trust: IssuerTrust;
}

const sha256 = (token: string) => hash("sha256", token, "base64url");

export class TokenChecker {
  /**
   * By trust object: the registry hands out the same object while an issuer's keys and settings
   * stay the same, and a new one when they change (a new object only costs a new verifier).
   */
  private readonly verifiers = new WeakMap<IssuerTrust, Promise<JwtVerifier>>();
  private readonly verified = new Map<string, CachedToken>();
  /** Verifications in progress, by token hash (at most one per concurrent request). */
  private readonly inflight = new Map<string, Promise<TokenCheck>>();
  private readonly cacheSize: number;
  private readonly cacheSeconds: number;

  constructor(private readonly opts: TokenCheckerOptions) {
    this.cacheSize = opts.cacheSize ?? 100_000;
    this.cacheSeconds = opts.cacheSeconds ?? 300;
  }

  async check(token: string): Promise<TokenCheck> {
    const nowSec = this.nowSec();
    const hash = sha256(token);
    const remembered = await this.remembered(hash, nowSec);
    if (remembered !== undefined) return remembered;
    if (this.cacheSize === 0) return this.verifyFresh(token, hash, nowSec);
    const running = this.inflight.get(hash);
    if (running !== undefined) return this.join(running, token, hash);
    const verifying = this.verifyFresh(token, hash, nowSec);
    this.inflight.set(hash, verifying);
    try {
      return await verifying;
    } finally {
      this.inflight.delete(hash);
    }
  }

  /**
   * The answer for a request that found its token being verified by another one. A token that
   * verified is taken from the cache like any remembered one — checked against the issuer's
   * keys as they are now and against this request's own clock, since the issuer may have been
   * removed, its keys replaced or the token expired while it waited. If that fails, or the
   * shared verification threw, it verifies on its own. A refusal is shared (a copy): it only
   * ever refuses.
   */
  private async join(
    running: Promise<TokenCheck>,
    token: string,
    hash: string,
  ): Promise<TokenCheck> {
    const shared = await running.catch(() => null);
    if (shared !== null && !shared.ok) return { ...shared };
    const nowSec = this.nowSec();
    return (await this.remembered(hash, nowSec)) ?? this.verifyFresh(token, hash, nowSec);
  }

  /** The remembered answer for a token verified before, while its issuer has the same keys. */
  private async remembered(hash: string, nowSec: number): Promise<TokenCheck | undefined> {
    const hit = this.verified.get(hash);
    if (hit === undefined || hit.until <= nowSec) return undefined;
    const current = await this.opts.issuers.trustFor(hit.trust.issuer);
    if (current === undefined || current.trust !== hit.trust) return undefined;
    return { ok: true, ...pick(hit), issuer: state(current), cached: true };
  }

  private nowSec(): number {
    return this.opts.clock.now().getTime() / 1000;
  }

  /** Decodes and verifies a token not found in the cache (and remembers it if it verifies). */
  private async verifyFresh(token: string, hash: string, nowSec: number): Promise<TokenCheck> {
    const decoded = tryDecodeJwt(token);
    if (!decoded.ok) {
      return failure("malformed_jwt", decoded.reason, null, null, tokenFingerprint(token), null);
    }
    const { header, claims, fingerprint } = decoded.jwt;
    const iss = claims["iss"];
    if (typeof iss !== "string" || iss === "") {
      return failure(
        "wrong_issuer",
        "the token has no iss claim",
        header,
        claims,
        fingerprint,
        null,
      );
    }
    let lookup = await this.opts.issuers.trustFor(iss);
    if (lookup === undefined) {
      return failure(
        "unknown_issuer",
        `issuer ${JSON.stringify(iss)} is not a trusted issuer (ttt issuers add)`,
        header,
        claims,
        fingerprint,
        null,
      );
    }
    let result = await this.verifyWith(lookup, token, nowSec);
    if (!result.ok && result.code === "unknown_kid") {
      const fresher = await this.opts.issuers.trustFor(iss, { unknownKid: true });
      if (fresher !== undefined && fresher.trust !== lookup.trust) {
        lookup = fresher;
        result = await this.verifyWith(lookup, token, nowSec);
      }
    }
    if (
      !result.ok &&
      (result.code === "unknown_kid" || result.code === "no_key_for_alg") &&
      lookup.trust.jwks.keys.length === 0
    ) {
      // No key at all: the signature could not be checked, which is not the same as a forged
      // kid. (Other refusals — alg none, an HMAC alg — stand whatever the keys.)
      return failure(
        "issuer_keys_unavailable",
        noKeysReason(lookup),
        header,
        claims,
        fingerprint,
        state(lookup),
      );
    }
    if (!result.ok) {
      return failure(result.code, result.reason, header, claims, fingerprint, state(lookup));
    }
    this.remember(hash, { ...result, fingerprint }, lookup.trust, nowSec);
    return {
      ok: true,
      header: result.header,
      claims: result.claims,
      kid: result.kid,
      alg: result.alg,
      fingerprint,
      issuer: state(lookup),
      cached: false,
    };
  }

  private async verifyWith(
    lookup: TrustLookup,
    token: string,
    nowSec: number,
  ): Promise<VerifyResult | { ok: false; code: "issuer_unusable"; reason: string }> {
    let verifier = this.verifiers.get(lookup.trust);
    if (verifier === undefined) {
      verifier = createJwtVerifier(lookup.trust);
      this.verifiers.set(lookup.trust, verifier);
    }
    try {
      return await (await verifier).verify(token, nowSec);
    } catch (err) {
      this.verifiers.delete(lookup.trust);
      return {
        ok: false,
        code: "issuer_unusable",
        reason: `the keys of ${lookup.trust.issuer} cannot be used: ${(err as Error).message}`,
      };
    }
  }

  private remember(
    hash: string,
    result: Omit<CachedToken, "until" | "trust">,
    trust: IssuerTrust,
    nowSec: number,
  ): void {
    if (this.cacheSize === 0) return;
    const exp = result.claims["exp"];
    const horizon = nowSec + this.cacheSeconds;
    const until = typeof exp === "number" && exp < horizon ? exp : horizon;
    if (this.verified.size >= this.cacheSize) {
      // Drop the oldest entry (Maps iterate in insertion order): bounded memory under a flood.
      const oldest = this.verified.keys().next();
      if (oldest.done !== true) this.verified.delete(oldest.value);
    }
    this.verified.set(hash, { until, ...result, trust });
  }
}

function pick(c: CachedToken) {
  return { header: c.header, claims: c.claims, kid: c.kid, alg: c.alg, fingerprint: c.fingerprint };
}

/** Why an issuer has no key to check a signature with, and what to do about it. */
function noKeysReason(l: TrustLookup): string {
  const last = l.lastRefreshError;
  if (l.keysFetchedAt === null)
    return `issuer ${l.trust.issuer} has no keys yet, so the signature cannot be checked${last === null ? "" : ` (last key fetch, ${last.at}: ${last.code}: ${last.message})`}; fix the JWKS URL or the network, then ttt issuers refresh`;
  return `issuer ${l.trust.issuer} publishes no keys (its key set of ${l.keysFetchedAt} is empty), so the signature cannot be checked; check the issuer's JWKS, then ttt issuers refresh`;
}

function state(l: TrustLookup): IssuerState {
  return {
    issuer: l.trust.issuer,
    keysFetchedAt: l.keysFetchedAt,
    stale: l.stale,
    lastRefreshError: l.lastRefreshError,
  };
}

function failure(
  code: CheckFailureCode,
  reason: string,
  header: JwtHeader | null,
  claims: JwtClaims | null,
  fingerprint: string,
  issuer: IssuerState | null,
): TokenCheck {
  return { ok: false, code, reason, header, claims, fingerprint, issuer };
}
