import { ROLES, type Role } from "../roles.js";
import type { OidcSettings } from "./oidc.settings.js";

/** Claims as they come from the provider: untrusted shapes, read defensively. */
export type Claims = Readonly<Record<string, unknown>>;

/** The identity TTT keeps from a login: who (iss, sub), what to call them, and their role. */
export interface ExternalIdentity {
  iss: string;
  sub: string;
  /** A valid, not yet de-duplicated user name. */
  name: string;
  displayName: string | null;
  role: Role;
}

/**
 * The groups in the configured claim. The claim name is taken literally: `wlcg.groups` is one
 * claim of the WLCG profile, not the path wlcg → groups. A single string counts as one group.
 */
export function groupsOf(claims: Claims, roleClaim: string): string[] {
  const value = Object.hasOwn(claims, roleClaim) ? claims[roleClaim] : undefined;
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) return [];
  return value.filter((g): g is string => typeof g === "string");
}

/**
 * The role the claims earn: the widest role any group maps to (admin > facilitator > assessor >
 * viewer), else the default; null means "refuse", so nobody gets in by merely having an account
 * at the provider.
 */
export function mapRole(
  claims: Claims,
  settings: Pick<OidcSettings, "roleClaim" | "roleMap" | "defaultRole">,
): Role | null {
  let best: number | undefined;
  for (const group of groupsOf(claims, settings.roleClaim)) {
    const role = Object.hasOwn(settings.roleMap, group) ? settings.roleMap[group] : undefined;
    if (role === undefined) continue;
    const rank = ROLES.indexOf(role);
    if (best === undefined || rank < best) best = rank;
  }
  if (best !== undefined) return ROLES[best] ?? null;
  return settings.defaultRole === "none" ? null : settings.defaultRole;
}

const MAX_NAME = 64;

/**
 * A user name matching accounts' UserName pattern, from preferred_username, else the local part
 * of email, else "user": lower-cased, accents dropped, anything else turned into "-".
 */
export function userNameFrom(claims: Claims): string {
  const str = (k: string) => {
    const v = claims[k];
    return typeof v === "string" ? v : "";
  };
  const raw = str("preferred_username") || (str("email").split("@")[0] ?? "");
  const cleaned = raw
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+/, "")
    .slice(0, MAX_NAME)
    .replace(/[._-]+$/, "");
  return cleaned === "" ? "user" : cleaned;
}

/** `name`, then `name-2`, `name-3` …, each cut to fit 64 characters: candidates when taken. */
export function* nameCandidates(base: string, limit = 1000): Generator<string> {
  yield base;
  for (let n = 2; n <= limit; n++) {
    const suffix = `-${n}`;
    yield `${base.slice(0, MAX_NAME - suffix.length)}${suffix}`;
  }
}

/** The identity of a login, or null when the claims earn no role (the login is refused). */
export function identityFrom(
  claims: Claims,
  settings: Pick<OidcSettings, "roleClaim" | "roleMap" | "defaultRole">,
): Omit<ExternalIdentity, "role"> & { role: Role | null } {
  const name = typeof claims.name === "string" ? claims.name.slice(0, 200) : null;
  return {
    iss: String(claims.iss),
    sub: String(claims.sub),
    name: userNameFrom(claims),
    displayName: name,
    role: mapRole(claims, settings),
  };
}
