/**
 * Test factory for tokens: real issuers with freshly generated keys, signed tokens, and
 * hand-assembled malformed ones. Tests build what they need here instead of keeping token
 * fixtures (which would be bearer tokens in the repository, and would expire). Not used by
 * production code.
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import type { IssuerTrust } from "../tokens/jwt-verify.js";

/** 2026-01-01T00:00:00Z: the fixed "now" of token tests, in seconds. */
export const NOW = 1767225600;

export interface TestIssuer {
  issuer: string;
  alg: "ES256" | "RS256";
  kid: string;
  privateKey: CryptoKey;
  /** The public key as published in a JWKS (with kid, alg, use). */
  jwk: JWK;
}

export async function makeIssuer(
  alg: "ES256" | "RS256",
  kid: string,
  issuer = "https://iam.example.org/",
): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  return { issuer, alg, kid, privateKey, jwk };
}

/** Trust in `issuers[0]`'s issuer with the keys of all of them (a JWKS during key rotation). */
export function trustOf(
  issuers: readonly TestIssuer[],
  overrides: Partial<IssuerTrust> = {},
): IssuerTrust {
  const first = issuers[0];
  if (first === undefined) throw new Error("trustOf needs at least one issuer");
  return {
    issuer: first.issuer,
    jwks: { keys: issuers.map((i) => i.jwk) },
    algorithms: ["ES256", "RS256"],
    audiences: ["https://storage.example.org"],
    ...overrides,
  };
}

/** Claims of a well-formed WLCG access token issued at NOW, valid for one hour. */
export function accessClaims(
  issuer: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    "wlcg.ver": "1.0",
    iss: issuer,
    sub: "e1eb758b-b73c-4761-bfff-adc793da409c",
    aud: "https://storage.example.org",
    iat: NOW,
    nbf: NOW - 60,
    exp: NOW + 3600,
    jti: "40ce5a87-e419-4bdf-9e11-61dfb160f89d",
    scope: "storage.read:/dteam/data",
    client_id: "dteam-client",
    ...extra,
  };
}

/** Signs `claims` with `by`'s key; `header` may replace alg, kid or add typ, crit … */
export async function sign(
  by: TestIssuer,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: by.alg, kid: by.kid, ...header })
    .sign(by.privateKey);
}

/** base64url of a JSON value or raw bytes, for hand-made tokens. */
export function b64(value: unknown): string {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value), "utf8");
  return bytes.toString("base64url");
}

/** A compact token assembled from parts, no signing. */
export function assemble(header: unknown, payload: unknown, signature = ""): string {
  return `${b64(header)}.${b64(payload)}.${signature}`;
}
