import type { Clock } from "../../core/clock.js";
import type { IdSource } from "../../core/ids.js";
import { presentUser } from "../accounts.presenters.js";
import type { UserRow } from "../accounts.repository.js";
import type { AccountsRepos } from "../accounts.service.js";
import type { Role } from "../roles.js";
import { nameCandidates, type ExternalIdentity } from "./oidc.claims.js";
import { OidcLoginError } from "./oidc.errors.js";

/** Who the audit log names for changes an OIDC login makes (linking, role sync). */
export const OIDC_AUDIT_ACTOR = "oidc";

/**
 * The local user of an OIDC identity, inside the caller's write transaction: found by
 * (issuer, subject) — never by name, so a provider account called "admin" does not become the
 * local admin — or created under a free name; its role follows the current claims on every
 * login. A disabled user is refused and left as it is.
 */
export async function linkExternalUser(
  { accounts, audit }: AccountsRepos,
  identity: ExternalIdentity,
  deps: { clock: Clock; ids: IdSource },
): Promise<{ user: UserRow; created: boolean }> {
  const at = deps.clock.now().toISOString();
  const who = { iss: identity.iss, sub: identity.sub };
  const found = await accounts.findUserByExternal(identity.iss, identity.sub);
  if (found !== undefined) {
    if (found.disabled === 1)
      throw new OidcLoginError("oidc_user_disabled", `user '${found.name}' is disabled`, who);
    if (found.role === identity.role) return { user: found, created: false };
    const next: UserRow = { ...found, role: identity.role };
    await accounts.updateUser(found.id, { role: identity.role });
    await audit.append({
      at,
      actor: OIDC_AUDIT_ACTOR,
      action: "user.update",
      target: `user:${found.name}`,
      before: presentUser(found),
      after: presentUser(next),
    });
    return { user: next, created: false };
  }
  const name = await freeName(accounts, identity.name, deps.ids);
  const user = newExternalUser(name, identity, at, deps.ids);
  await accounts.insertUser(user);
  await audit.append({
    at,
    actor: OIDC_AUDIT_ACTOR,
    action: "user.create",
    target: `user:${user.name}`,
    after: { ...presentUser(user), external: who },
  });
  return { user, created: true };
}

/** `base`, else `base-2` … `base-1000`, else `base-<random>`: an OIDC login never fails on a name. */
async function freeName(
  accounts: AccountsRepos["accounts"],
  base: string,
  ids: IdSource,
): Promise<string> {
  for (const name of nameCandidates(base)) {
    if ((await accounts.findUserByName(name)) === undefined) return name;
  }
  return `${base.slice(0, 51)}-${ids.id("u").slice(-12).toLowerCase()}`;
}

function newExternalUser(
  name: string,
  identity: ExternalIdentity & { role: Role },
  at: string,
  ids: IdSource,
): UserRow {
  return {
    id: ids.id("usr"),
    name,
    role: identity.role,
    display_name: identity.displayName,
    // No password: an OIDC user logs in at the provider (an admin may still set one).
    password_hash: null,
    disabled: 0,
    created_at: at,
    external_iss: identity.iss,
    external_sub: identity.sub,
    site: null,
  };
}
