/**
 * Facts from the WLCG Common JWT Profiles that the linter and verifier rely on, in one place so
 * each can be checked against the document. Source: "WLCG Common JWT Profiles", WLCG AuthZ
 * Working Group, version 1.1 (23.09.2025, https://zenodo.org/records/3460258; source
 * repository github.com/WLCG-AuthZ-WG/common-jwt-profile, v1.1/profile.md). Section numbers
 * below are that document's. Pure data.
 */

export const WLCG_PROFILE = {
  title: "WLCG Common JWT Profiles",
  version: "1.1",
  published: "2025-09-23",
  url: "https://zenodo.org/records/3460258",
} as const;

/**
 * §2.1.1 (aud): "The special string value of "https://wlcg.cern.ch/jwt/v1/any" signifies that
 * the issuer intends the token to be valid for all relying parties."
 */
export const ANY_AUDIENCE = "https://wlcg.cern.ch/jwt/v1/any";

/** §2.1.1 claims marked "Required" for every WLCG token (access and ID tokens alike). */
export const REQUIRED_CLAIMS = ["iss", "sub", "exp", "iat", "jti", "aud", "wlcg.ver"] as const;

/**
 * §2.1.1 (wlcg.ver): names follow `[0-9]+\.[0-9]+`; "1.0" MUST still be used for tokens that
 * follow 1.1 until all software has been upgraded, because 1.0 told libraries to reject every
 * other version. §4.3.3: a library MUST reject an unsupported MAJOR and accept newer MINORs.
 */
export const WLCG_VER_SYNTAX = /^[0-9]+\.[0-9]+$/;
export const WLCG_SUPPORTED_MAJOR = 1;
export const WLCG_VER_TO_ISSUE = "1.0";

/**
 * §2.1.1 (wlcg.groups): `group ::= '/' groupname | group '/' groupname`,
 * `groupname ::= [a-zA-Z0-9][a-zA-Z0-9_.-]*`; the root group MUST be the VO's name.
 */
export const WLCG_GROUP_SYNTAX = /^(\/[a-zA-Z0-9][a-zA-Z0-9_.-]*)+$/;

/** §2.1.1 (sub): ASCII, at most 255 characters, case-sensitive. */
export const SUB_MAX_LENGTH = 255;

/** §2.2.1: the storage and compute authorizations the profile defines. */
export const STORAGE_OPERATIONS = ["read", "create", "modify", "stage"] as const;
export const COMPUTE_OPERATIONS = ["read", "modify", "create", "cancel"] as const;

export type TokenKind = "access" | "id" | "refresh";

export interface LifetimeGuidance {
  recommended: number;
  min: number;
  max: number;
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

/**
 * §4.3.1 Token Lifetime Guidance, default values (taken by the profile from the AARC-G081 draft),
 * in seconds: access and ID tokens 1 h recommended, 15 min – 6 h ("should be short as we do not
 * foresee the deployment of a revocation mechanism"); refresh tokens 30 days, 1 – 400 days
 * ("can be longer-lived as they are revocable"). Values outside need "alternative mitigation …
 * agreed through a risk assessment"; FTS third-party copies and pilot frameworks are the
 * profile's own examples of such workflows.
 */
export const LIFETIME_GUIDANCE: Readonly<Record<TokenKind, LifetimeGuidance>> = {
  access: { recommended: HOUR, min: 15 * MINUTE, max: 6 * HOUR },
  id: { recommended: HOUR, min: 15 * MINUTE, max: 6 * HOUR },
  refresh: { recommended: 30 * DAY, min: DAY, max: 400 * DAY },
};

/**
 * §4.3.1: nbf "can be slightly backdated" against iat for clock skew; "in practice … a few
 * minutes at most, with a default recommended value of 60 seconds". We flag more than 5 min.
 */
export const NBF_BACKDATE_LIMIT = 5 * MINUTE;
export const DEFAULT_CLOCK_SKEW = 60;

/** Section references used in findings, worded once. */
export const REF = {
  commonClaims: "§2.1.1 Common Claims",
  accessClaims: "§2.1.3 Access Token Claims",
  scope: "§2.2.1 Capability-based Authorization: scope",
  groups: "§2.2.2 Group Based Authorization: wlcg.groups",
  verification: "§4.2 Token Verification",
  algorithms: "§4.2.1 Metadata lookup",
  lifetime: "§4.3.1 Token Lifetime Guidance",
  claimValidation: "§4.3.3 Claim and Token validation",
} as const;

/** "12 h", "1 h 30 min", "4 d", "45 s": lifetimes as a responder reads them. */
export function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? "-" : "";
  let rest = Math.round(Math.abs(seconds));
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", DAY],
    ["h", HOUR],
    ["min", MINUTE],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest} s`);
  return sign + parts.join(" ");
}
