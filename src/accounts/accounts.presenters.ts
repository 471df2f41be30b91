import { createHash } from "node:crypto";
import type { ApiTokenRow, UserRow } from "./accounts.repository.js";
import type { Actor, Role } from "./roles.js";

/** sha256 hex: how session and API-token secrets are stored (never the secret itself). */
export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** A user as the API shows it: never the password hash. */
export interface UserView {
  id: string;
  name: string;
  role: Role;
  displayName: string | null;
  disabled: boolean;
  createdAt: string;
  /** The site the account is bound to; in force only while its role is `site`. */
  site: string | null;
}

export interface ApiTokenView {
  id: string;
  user: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function presentUser(u: UserRow): UserView {
  return {
    id: u.id,
    name: u.name,
    role: u.role as Role,
    displayName: u.display_name,
    disabled: u.disabled === 1,
    createdAt: u.created_at,
    site: u.site,
  };
}

export function actorOf(u: UserRow, via: Actor["via"], ownCredential: boolean): Actor {
  const site = u.role === "site" ? u.site : null;
  return { userId: u.id, name: u.name, role: u.role as Role, via, ownCredential, site };
}

export function presentToken(t: ApiTokenRow, user: string): ApiTokenView {
  return {
    id: t.id,
    user,
    label: t.label,
    createdAt: t.created_at,
    lastUsedAt: t.last_used_at,
    revokedAt: t.revoked_at,
  };
}
