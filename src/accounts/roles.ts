import { z } from "zod";

/**
 * Roles, widest first (OIDC picks the first one a user's groups map to). `responder` creates
 * and lifts bans and manages the trusted issuers; `site` is what a site's services log in as:
 * it reads bans and trusted issuers, nothing more.
 */
export const ROLES = ["admin", "facilitator", "assessor", "responder", "site", "viewer"] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Who is acting: resolved from a session cookie, an API token, or the local CLI. */
export interface Actor {
  userId: string;
  name: string;
  role: Role;
  via: "session" | "token" | "local";
  /**
   * The credential is the user's own: a password session, or an API token they made themselves.
   * False for the local CLI acting `--as` someone and for tokens an admin made for them, so
   * private things (a hidden vote) are not shown to whoever holds a delegated credential.
   */
  ownCredential: boolean;
  /**
   * For a `site` account bound to a site: that site. Its log uploads are labelled with it and
   * may not name another. Null for every other actor.
   */
  site: string | null;
}
