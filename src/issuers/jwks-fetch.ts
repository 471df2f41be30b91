/**
 * Fetching an issuer's public keys over HTTP, defensively: the endpoint is on the network and
 * may be slow, broken, hijacked or huge. Every request has a timeout, a size cap, a JSON content
 * type check; redirects are followed only to URLs we would fetch in the first place; and only
 * public signing keys the token verifier can use are kept. Each failure is a KeyFetchError with
 * a stable code, so a refresh can report it and keep the keys it had.
 */
import type { JWK } from "jose";
import { TttError } from "../core/errors.js";
import { FETCH_LIMITS, type KeySource } from "./issuer.model.js";
import { fetchUrlProblem } from "./issuer.schema.js";
import { keyName, publicJwk, unusableReason } from "./public-jwk.js";

/** The part of the global `fetch` we use; injected so a deployment can add a proxy or CA. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export const KEY_FETCH_ERROR_CODES = [
  "jwks_unreachable",
  "jwks_timeout",
  "jwks_http_status",
  "jwks_too_large",
  "jwks_not_json",
  "jwks_invalid",
  "jwks_no_usable_keys",
  "discovery_failed",
] as const;
export type KeyFetchErrorCode = (typeof KEY_FETCH_ERROR_CODES)[number];

/** Keys could not be fetched. 502: the issuer (upstream), not the request, is at fault. */
export class KeyFetchError extends TttError {
  declare readonly code: KeyFetchErrorCode;
  constructor(code: KeyFetchErrorCode, message: string) {
    super(code, 502, message);
  }
}

export interface FetchOptions {
  fetch?: FetchLike | undefined;
  timeoutMs?: number | undefined;
  maxBytes?: number | undefined;
}

export interface FetchedKeys {
  keys: JWK[];
  url: string;
  source: Exclude<KeySource, "static">;
  /** Keys of the set that were left out, each with why (an encryption key, RSA-1024 …). */
  skipped: string[];
}

/** What to fetch: the configured jwks_uri, or discovery from the issuer URL when null. */
export interface KeyTarget {
  iss: string;
  jwksUri: string | null;
  algorithms: readonly string[];
}

/** Fetches and checks an issuer's keys; throws KeyFetchError (never keys that would not verify). */
export async function fetchIssuerKeys(
  target: KeyTarget,
  opts: FetchOptions = {},
): Promise<FetchedKeys> {
  const source = target.jwksUri === null ? "discovery" : "jwks_uri";
  const url = target.jwksUri ?? (await discoverJwksUri(target.iss, opts));
  const body = await getJson(url, opts);
  if (typeof body !== "object" || body === null || !Array.isArray((body as Jwks).keys)) {
    throw new KeyFetchError("jwks_invalid", `${url} is not a JWKS: no "keys" array`);
  }
  const raw = (body as Jwks).keys;
  if (raw.length > FETCH_LIMITS.maxKeys) {
    throw new KeyFetchError(
      "jwks_invalid",
      `${url} serves ${raw.length} keys, more than ${FETCH_LIMITS.maxKeys}`,
    );
  }
  const keys: JWK[] = [];
  const skipped: string[] = [];
  for (const [i, k] of raw.entries()) {
    const checked = publicJwk(k);
    const why = checked.ok
      ? await unusableReason(checked.key, target.iss, target.algorithms)
      : checked.reason;
    if (checked.ok && why === null) keys.push(checked.key);
    else skipped.push(`${keyName(k, i)} ${why ?? ""}`.trim());
  }
  if (keys.length === 0) {
    const reasons = skipped.length === 0 ? "the set is empty" : skipped.join("; ");
    throw new KeyFetchError("jwks_no_usable_keys", `${url}: no usable signing key (${reasons})`);
  }
  return { keys, url, source, skipped };
}

interface Jwks {
  keys: unknown[];
}

/**
 * The jwks_uri from `<iss>/.well-known/openid-configuration` (OpenID Connect Discovery 1.0 §4;
 * the WLCG profile §4.2.1 makes this document mandatory). Its `issuer` must equal ours (§4.3 of
 * Discovery), else a document served for another issuer could hand us its keys.
 */
export async function discoverJwksUri(iss: string, opts: FetchOptions = {}): Promise<string> {
  const url = `${iss.replace(/\/$/, "")}/.well-known/openid-configuration`;
  const doc = await getJson(url, opts);
  if (typeof doc !== "object" || doc === null) {
    throw new KeyFetchError("discovery_failed", `${url} is not a JSON object`);
  }
  const { issuer, jwks_uri: jwksUri } = doc as { issuer?: unknown; jwks_uri?: unknown };
  if (issuer !== iss) {
    throw new KeyFetchError(
      "discovery_failed",
      `${url} names issuer ${JSON.stringify(issuer)}, not ${JSON.stringify(iss)}`,
    );
  }
  if (typeof jwksUri !== "string") {
    throw new KeyFetchError("discovery_failed", `${url} has no jwks_uri`);
  }
  const problem = fetchUrlProblem(jwksUri);
  if (problem !== null) {
    throw new KeyFetchError("discovery_failed", `${url}: jwks_uri ${problem}`);
  }
  return jwksUri;
}

/** Redirects followed at most when fetching keys or the OpenID configuration. */
const MAX_REDIRECTS = 3;

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;

/** GET a JSON document within the limits. Transport failures keep their own code in discovery too. */
async function getJson(url: string, opts: FetchOptions): Promise<unknown> {
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  const timeoutMs = opts.timeoutMs ?? FETCH_LIMITS.timeoutMs;
  const maxBytes = opts.maxBytes ?? FETCH_LIMITS.maxBytes;
  const bad = (code: KeyFetchErrorCode, message: string) => new KeyFetchError(code, message);
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    // Redirects are followed by hand, each target checked before it is asked: with "follow",
    // a hostile issuer could make this server send a request anywhere (only the answer would be
    // refused).
    let res: Response;
    let at = url;
    for (let hop = 0; ; hop++) {
      res = await fetchImpl(at, {
        signal,
        redirect: "manual",
        headers: { accept: "application/jwk-set+json, application/json" },
      });
      const location = res.headers.get("location");
      if (res.status < 300 || res.status > 399 || location === null) break;
      await res.body?.cancel();
      if (hop >= MAX_REDIRECTS)
        throw bad("jwks_invalid", `${url}: more than ${MAX_REDIRECTS} redirects`);
      const next = new URL(location, at).toString();
      const problem = fetchUrlProblem(next);
      if (problem !== null) throw bad("jwks_invalid", `${url} redirected to a URL that ${problem}`);
      at = next;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw bad("jwks_http_status", `${url} answered HTTP ${res.status}`);
    }
    const type = res.headers.get("content-type") ?? "";
    if (!JSON_TYPE.test(type)) {
      await res.body?.cancel();
      throw bad(
        "jwks_not_json",
        `${url} answered ${type === "" ? "no content type" : JSON.stringify(type)}, not JSON`,
      );
    }
    const text = await readCapped(res, maxBytes, url);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw bad("jwks_not_json", `${url} answered invalid JSON`);
    }
  } catch (err) {
    if (err instanceof KeyFetchError) throw err;
    if (signal.aborted) {
      throw new KeyFetchError("jwks_timeout", `${url} did not answer within ${timeoutMs} ms`);
    }
    throw bad("jwks_unreachable", `${url} unreachable: ${describe(err)}`);
  }
}

/** The body as text, refusing (and cancelling) past `max` bytes, whatever Content-Length says. */
async function readCapped(res: Response, max: number, url: string): Promise<string> {
  const tooLarge = () =>
    new KeyFetchError("jwks_too_large", `${url} answered more than ${max} bytes`);
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > max) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (res.body === null) return "";
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${err.message}${cause}`;
}
