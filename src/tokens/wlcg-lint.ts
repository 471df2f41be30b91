/**
 * Lints a token's header and claims against the WLCG Common JWT Profiles (v1.1, see
 * wlcg-profile.ts for the source and every fact used). A responder inspecting a token needs more
 * than valid / invalid: which required claims are missing, whether the lifetime is outside what
 * the profile recommends (access tokens cannot be revoked), whether the scopes are broader than
 * the holder should have, and whether the token can be banned narrowly at all (no jti, no token
 * ban). Each finding has a stable rule id, a severity, a message with the actual values, and the
 * profile section it rests on. Rules prefixed `ttt.` are this tool's own consequences, not the
 * profile's words. Findings come in a fixed order, so output is deterministic. Pure: no I/O, no
 * clock (lint judges the token's shape, verification judges its validity now).
 */
import { isFiniteNumber } from "./claims-check.js";
import type { JwtClaims, JwtHeader } from "./jwt-decode.js";
import { quote } from "./jwks-select.js";
import {
  claim,
  guessHolder,
  guessKind,
  lifetimeOf,
  type Guess,
  type Holder,
} from "./token-traits.js";
import { lintAuthorization } from "./wlcg-lint-authz.js";
import {
  formatDuration,
  LIFETIME_GUIDANCE,
  NBF_BACKDATE_LIMIT,
  REF,
  REQUIRED_CLAIMS,
  SUB_MAX_LENGTH,
  WLCG_SUPPORTED_MAJOR,
  WLCG_VER_SYNTAX,
  WLCG_VER_TO_ISSUE,
  type TokenKind,
} from "./wlcg-profile.js";

export type Severity = "error" | "warning" | "info";

export interface LintFinding {
  /** Stable id, e.g. `wlcg.required.jti`, `wlcg.lifetime.too-long`, `ttt.ban.no-jti`. */
  rule: string;
  severity: Severity;
  message: string;
  /** Section of the WLCG Common JWT Profiles v1.1 the rule rests on. */
  profileRef: string;
}

export interface LintOptions {
  /** Which kind of token this is; guessed from the token when absent. */
  kind?: TokenKind;
  /** Who holds it; guessed from the claims when absent (see token-traits.ts). */
  holder?: Holder;
}

export interface LintReport {
  kind: Guess<TokenKind>;
  holder: Guess<Holder>;
  /** exp − iat in seconds, when both are numbers. */
  lifetimeSec: number | null;
  findings: LintFinding[];
}

const STRING_CLAIMS = ["iss", "sub", "jti", "wlcg.ver", "scope", "client_id", "azp"];
const NUMBER_CLAIMS = ["exp", "iat", "nbf", "auth_time"];

export function lintWlcgToken(
  token: { header?: JwtHeader; claims: JwtClaims },
  options: LintOptions = {},
): LintReport {
  const { header, claims } = token;
  const kind = options.kind
    ? { value: options.kind, evidence: "given" }
    : guessKind(header, claims);
  const holder = options.holder
    ? { value: options.holder, evidence: "given" }
    : guessHolder(claims);
  const findings: LintFinding[] = [];
  const emit = (rule: string, severity: Severity, message: string, profileRef: string): void => {
    findings.push({ rule, severity, message, profileRef });
  };

  if (header !== undefined) lintHeader(header, emit);
  if (kind.value !== "refresh") {
    lintRequired(claims, emit);
    lintTypes(claims, emit);
    lintIdentity(claims, emit);
    lintAuthorization(claims, kind.value, holder.value, emit);
  }
  const lifetimeSec = lifetimeOf(claims);
  lintLifetime(claims, kind.value, lifetimeSec, emit);
  return { kind, holder, lifetimeSec, findings };
}

type Emit = (rule: string, severity: Severity, message: string, profileRef: string) => void;

/** §4.2: asymmetric signatures only, and a kid to pick the key; §4.3.3: RS256 and ES256 MUST be supported. */
function lintHeader(header: JwtHeader, emit: Emit): void {
  const alg = header.alg;
  if (alg.toLowerCase() === "none" || /^hs\d+$/i.test(alg)) {
    const what =
      alg.toLowerCase() === "none"
        ? "the token is not signed"
        : "HMAC is incompatible with the profile";
    emit(
      "wlcg.alg.asymmetric",
      "error",
      `alg ${quote(alg)}: ${what}; the token MUST be signed with an asymmetric (RSA or EC) key`,
      REF.verification,
    );
  } else if (alg !== "RS256" && alg !== "ES256") {
    emit(
      "wlcg.alg.interop",
      "warning",
      `alg ${quote(alg)}: only RS256 and ES256 MUST be supported by every implementation, so some relying parties may refuse it`,
      REF.claimValidation,
    );
  }
  if (typeof header["kid"] !== "string") {
    emit(
      "wlcg.header.kid",
      "error",
      "no kid in the header: the token MUST name the key that signed it",
      REF.verification,
    );
  }
}

const REQUIRED_WHY: Readonly<Record<(typeof REQUIRED_CLAIMS)[number], string>> = {
  iss: "the issuer (one VO) is how relying parties find the keys",
  sub: "without it the token cannot be banned by identity (iss + sub)",
  exp: "without it the token never expires",
  iat: "the issue time",
  jti: "unique per issuer, for traceability",
  aud: "the issuer must say which relying parties the token is for (or that it is for any)",
  "wlcg.ver": "the profile version a relying party must understand",
};

function lintRequired(claims: JwtClaims, emit: Emit): void {
  for (const name of REQUIRED_CLAIMS) {
    if (claim(claims, name) !== undefined) continue;
    let message = `${name} is missing: required (${REQUIRED_WHY[name]})`;
    const ver = claim(claims, "ver");
    if (name === "wlcg.ver" && typeof ver === "string") {
      message += `; the token carries ver ${quote(ver)}, so it probably follows another profile (SciTokens)`;
    }
    emit(`wlcg.required.${name}`, "error", message, REF.commonClaims);
  }
  if (claim(claims, "jti") === undefined) {
    const fallback =
      claim(claims, "sub") === undefined
        ? "and without sub not even its identity can be: only its client, group or issuer"
        : "the narrowest ban left is its identity (iss + sub), which also denies the holder's other tokens";
    emit(
      "ttt.ban.no-jti",
      "warning",
      `without jti this token cannot be banned on its own (a token ban needs iss + jti); ${fallback}`,
      `${REF.commonClaims} (jti)`,
    );
  }
}

function lintTypes(claims: JwtClaims, emit: Emit): void {
  const wrong = (name: string, want: string): void =>
    emit(`wlcg.type.${name}`, "error", `${name} is not ${want}`, REF.commonClaims);
  for (const name of STRING_CLAIMS) {
    const v = claim(claims, name);
    if (v !== undefined && typeof v !== "string") wrong(name, "a string");
  }
  for (const name of NUMBER_CLAIMS) {
    const v = claim(claims, name);
    if (v !== undefined && !isFiniteNumber(v)) wrong(name, "a number of seconds");
  }
  const aud = claim(claims, "aud");
  if (aud !== undefined && typeof aud !== "string" && !isStringArray(aud)) {
    wrong("aud", "a string or an array of strings");
  }
  const groups = claim(claims, "wlcg.groups");
  if (groups !== undefined && !isStringArray(groups)) wrong("wlcg.groups", "an array of strings");
}

/** §2.1.1: iss a URL; sub ASCII, ≤ 255 characters; wlcg.ver MAJOR.MINOR with a supported MAJOR. */
function lintIdentity(claims: JwtClaims, emit: Emit): void {
  const iss = claim(claims, "iss");
  if (typeof iss === "string" && !isHttpsUrl(iss)) {
    emit(
      "wlcg.iss.https",
      "warning",
      `iss ${quote(iss)} is not an https URL: relying parties fetch the issuer's metadata and keys from it over HTTPS (§4.2.1)`,
      REF.commonClaims,
    );
  }
  const sub = claim(claims, "sub");
  if (typeof sub === "string") {
    const problem =
      sub.length === 0
        ? "is empty"
        : [...sub].some((ch) => ch.charCodeAt(0) > 0x7f)
          ? "is not ASCII"
          : sub.length > SUB_MAX_LENGTH
            ? `is ${sub.length} characters long (at most ${SUB_MAX_LENGTH})`
            : null;
    if (problem !== null) emit("wlcg.sub.format", "error", `sub ${problem}`, REF.commonClaims);
  }
  const ver = claim(claims, "wlcg.ver");
  if (typeof ver !== "string") return;
  if (!WLCG_VER_SYNTAX.test(ver)) {
    emit("wlcg.ver.syntax", "error", `wlcg.ver ${quote(ver)} is not MAJOR.MINOR`, REF.commonClaims);
  } else if (Number(ver.split(".")[0]) !== WLCG_SUPPORTED_MAJOR) {
    emit(
      "wlcg.ver.major",
      "error",
      `wlcg.ver ${quote(ver)}: MAJOR version ${ver.split(".")[0]} is not supported (only ${WLCG_SUPPORTED_MAJOR}); such a token MUST be rejected`,
      REF.claimValidation,
    );
  } else if (ver !== WLCG_VER_TO_ISSUE) {
    emit(
      "wlcg.ver.compat",
      "warning",
      `wlcg.ver ${quote(ver)}: "${WLCG_VER_TO_ISSUE}" MUST still be issued until all software accepts newer versions; libraries following 1.0 reject this token`,
      REF.commonClaims,
    );
  }
}

/** §4.3.1 default lifetimes, and nbf backdated by more than a few minutes. */
function lintLifetime(
  claims: JwtClaims,
  kind: TokenKind,
  lifetime: number | null,
  emit: Emit,
): void {
  const iat = claim(claims, "iat");
  const nbf = claim(claims, "nbf");
  if (isFiniteNumber(iat) && isFiniteNumber(nbf) && iat - nbf > NBF_BACKDATE_LIMIT) {
    emit(
      "wlcg.time.nbf-backdated",
      "info",
      `nbf is ${formatDuration(iat - nbf)} before iat: the profile expects a few minutes at most (60 s by default)`,
      REF.lifetime,
    );
  }
  if (lifetime === null) return;
  const g = LIFETIME_GUIDANCE[kind];
  const label = kind === "id" ? "ID tokens" : `${kind} tokens`;
  const range = `${formatDuration(g.min)} – ${formatDuration(g.max)}, recommended ${formatDuration(g.recommended)}`;
  const life = `lifetime ${formatDuration(lifetime)} (${lifetime} s)`;
  if (lifetime <= 0) {
    emit("wlcg.lifetime.invalid", "error", `exp is not after iat (${life})`, REF.lifetime);
  } else if (lifetime > g.max) {
    const why = kind === "refresh" ? "" : ", as access tokens cannot be revoked";
    emit(
      "wlcg.lifetime.too-long",
      "warning",
      `${life} exceeds the default maximum for ${label} (${range}): a longer lifetime needs a mitigation agreed through a risk assessment${why}`,
      REF.lifetime,
    );
  } else if (lifetime < g.min) {
    emit(
      "wlcg.lifetime.too-short",
      "info",
      `${life} is below the default minimum for ${label} (${range})`,
      REF.lifetime,
    );
  } else if (lifetime > g.recommended) {
    emit(
      "wlcg.lifetime.above-recommended",
      "info",
      `${life} is within the default range for ${label} but above the recommended ${formatDuration(g.recommended)}`,
      REF.lifetime,
    );
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}
