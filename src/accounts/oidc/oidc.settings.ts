import type { Role } from "../roles.js";

/** What the role of an OIDC user is when none of their groups maps: a role, or refuse ("none"). */
export type OidcDefaultRole = Role | "none";

/**
 * The validated OIDC settings (from TTT_OIDC_*; see app/config.ts). Absent when OIDC login is
 * off, so nothing in accounts/ has to ask "is it configured?" field by field.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** Absent: a public client (PKCE only, no client authentication). */
  clientSecret?: string | undefined;
  /** Absent: derived from each request, `${proto}://${host}/api/v1/auth/oidc/callback`. */
  redirectUrl?: string | undefined;
  scopes: string[];
  /** The button label: "Log in with <name>". */
  name: string;
  /** A claim name taken literally (`wlcg.groups` is one claim, as in the WLCG profile). */
  roleClaim: string;
  /** Group → role; the widest matching role wins. */
  roleMap: Readonly<Record<string, Role>>;
  defaultRole: OidcDefaultRole;
}

/** The callback path; the default redirect URL is this path on the request's own origin. */
export const OIDC_CALLBACK_PATH = "/api/v1/auth/oidc/callback";

/**
 * Plain-HTTP issuers are allowed on loopback only: tests and a provider on the same machine.
 * Anywhere else the issuer's discovery document and keys must come over TLS.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Scopes asked for when TTT_OIDC_SCOPES is unset. */
export const OIDC_DEFAULT_SCOPES = "openid profile email";
