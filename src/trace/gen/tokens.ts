import { createHash } from "node:crypto";
import type { Rng } from "./rng.js";
import type { World } from "./scenario.js";

/**
 * The tokens of the scenario: claim sets, never real JWTs. Only tokens that pass through FTS get
 * a fake raw string (header.payload.signature, "eyJ…"), because FTS identifies a token by
 * token_id = the first 16 hex of sha1(raw) and prints its first and last five characters; the
 * raw string itself is never written anywhere.
 */
export interface RawInfo {
  tokenId: string;
  /** `first5...last5`, as FTS prints tokens. */
  frag: string;
}

export interface AccessToken {
  kind: "access";
  jti: string;
  sub: string;
  clientId: string;
  /** When IAM logged the token's issue (ms); uses come after it. */
  issuedMs: number;
  /** Epoch seconds. */
  iat: number;
  exp: number;
  scope: string;
  groups: string[];
  raw: RawInfo | null;
  /** The claim set as JSON, once computed (see accessPayload). */
  payload: string | null;
}

export interface RefreshToken {
  kind: "refresh";
  jti: string;
  sub: string;
  clientId: string;
  iat: number;
  exp: number;
  raw: RawInfo | null;
}

/** IAM's default access-token lifetime. */
export const ACCESS_TTL_S = 3600;
/** How long an IAM refresh token lives. */
export const REFRESH_TTL_S = 30 * 86400;

/** The scope string a user's client asks for. */
export function userScope(prod: boolean): string {
  return prod
    ? "openid offline_access wlcg.groups storage.read:/vo storage.modify:/vo compute.create compute.read"
    : "openid offline_access wlcg.groups storage.read:/vo storage.modify:/vo/users compute.create compute.read";
}

/** What FTS asks for when it exchanges a user's token. */
export const FTS_SCOPE = "openid offline_access wlcg.groups storage.read:/vo storage.modify:/vo";

/** A new access token (IAM's lifetime) issued at `atMs`. */
export function mintAccess(
  rng: Rng,
  p: { sub: string; clientId: string; atMs: number; scope: string; groups: string[] },
): AccessToken {
  const iat = Math.floor(p.atMs / 1000);
  return {
    kind: "access",
    jti: rng.uuid(),
    sub: p.sub,
    clientId: p.clientId,
    issuedMs: p.atMs,
    iat,
    exp: iat + ACCESS_TTL_S,
    scope: p.scope,
    groups: p.groups,
    raw: null,
    payload: null,
  };
}

/** A new refresh token issued at `atMs`. */
export function mintRefresh(
  rng: Rng,
  p: { sub: string; clientId: string; atMs: number },
): RefreshToken {
  const iat = Math.floor(p.atMs / 1000);
  return {
    kind: "refresh",
    jti: rng.uuid(),
    sub: p.sub,
    clientId: p.clientId,
    iat,
    exp: iat + REFRESH_TTL_S,
    raw: null,
  };
}

/** A time at or after `t` when the token exists: a use never precedes the issue. */
export function afterIssue(rng: Rng, tok: AccessToken, t: number): number {
  return Math.max(t, tok.issuedMs + rng.range(300, 2500));
}

const q = JSON.stringify;
const scopeJson = new Map<string, string>();
const scopeListJson = new Map<string, string>();
const groupsJson = new Map<string[], string>();

/** `"<scope>"` as JSON (scope strings are a handful of constants). */
function scopeText(scope: string): string {
  let text = scopeJson.get(scope);
  if (text === undefined) {
    text = q(scope);
    scopeJson.set(scope, text);
  }
  return text;
}

/** The scope string as IAM's `scopes` list, in JSON. */
export function scopeListText(scope: string): string {
  let text = scopeListJson.get(scope);
  if (text === undefined) {
    text = q(scope.split(" "));
    scopeListJson.set(scope, text);
  }
  return text;
}

const groupsCsv = new Map<string[], string>();

/** A group list comma-joined (XRootD, EOS), remembered per list. */
export function csv(groups: string[]): string {
  let text = groupsCsv.get(groups);
  if (text === undefined) {
    text = groups.join(",");
    groupsCsv.set(groups, text);
  }
  return text;
}

/** A group list as JSON (the lists are shared per user, so keyed by identity). */
function groupsText(groups: string[]): string {
  let text = groupsJson.get(groups);
  if (text === undefined) {
    text = q(groups);
    groupsJson.set(groups, text);
  }
  return text;
}

/**
 * The claim set of an access token, in the order IAM's audit examples show it (computed once per
 * token: IAM, the CE and FTS all print it). sub, jti and client_id are UUIDs, so they need no
 * JSON escaping.
 */
export function accessPayload(world: World, t: AccessToken): string {
  t.payload ??=
    `{"iss":${scopeText(world.issuer)},"sub":"${t.sub}","aud":${scopeText(world.aud)},"exp":${t.exp},` +
    `"iat":${t.iat},"nbf":${t.iat},"jti":"${t.jti}","client_id":"${t.clientId}",` +
    `"scope":${scopeText(t.scope)},"wlcg.ver":"1.0","wlcg.groups":${groupsText(t.groups)}}`;
  return t.payload;
}

/** The claim set of an IAM refresh token (an unsigned JWT). */
export function refreshPayload(world: World, t: RefreshToken): string {
  return `{"iss":${q(world.issuer)},"sub":${q(t.sub)},"exp":${t.exp},"iat":${t.iat},"jti":${q(t.jti)}}`;
}

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");

/** A fake RS256 signature (342 base64url characters) derived from the token's jti. */
function fakeSignature(jti: string): string {
  const h = Buffer.from(jti.replace(/-/g, ""), "hex").toString("base64url");
  return h.repeat(16).slice(0, 342);
}

/** FTS's view of a token: its token_id and printable fragment (computed once, then kept). */
export function rawInfo(world: World, t: AccessToken | RefreshToken): RawInfo {
  if (t.raw !== null) return t.raw;
  const raw =
    t.kind === "access"
      ? `${b64(`{"kid":"${world.kid}","alg":"RS256"}`)}.${b64(accessPayload(world, t))}.${fakeSignature(t.jti)}`
      : `${b64('{"alg":"none"}')}.${b64(refreshPayload(world, t))}.`;
  const tokenId = createHash("sha1").update(raw).digest("hex").slice(0, 16);
  t.raw = { tokenId, frag: `${raw.slice(0, 5)}...${raw.slice(-5)}` };
  return t.raw;
}
