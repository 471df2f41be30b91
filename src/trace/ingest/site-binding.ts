import { ForbiddenError } from "../../core/errors.js";
import type { Actor } from "../../accounts/index.js";
import type { LogSource } from "./log-source.js";

/**
 * The sources as an account may ingest them. A `site` account bound to a site (users.site)
 * speaks for that site only: its logs are labelled with it, and naming another site is refused
 * before anything is read — one site's credentials must not be able to write events, and so
 * traces and alerts, in another site's name. With `requireBinding` (TTT_REQUIRE_SITE_BINDING), a
 * `site` account bound to no site is refused. Other actors' sources are returned unchanged.
 */
export function bindSources(
  actor: Actor,
  sources: readonly LogSource[],
  requireBinding = false,
): readonly LogSource[] {
  const site = actor.site;
  if (site === null && requireBinding && actor.role === "site")
    throw new ForbiddenError(
      `account ${actor.name} is bound to no site, and this server lets site accounts ingest only in their own site's name (TTT_REQUIRE_SITE_BINDING): an admin binds it with ttt users set ${actor.name} --site SITE`,
    );
  if (site === null) return sources;
  for (const s of sources)
    if (s.site !== null && s.site !== site)
      throw new ForbiddenError(
        `account ${actor.name} speaks for site ${site}: it may not ingest logs of site ${s.site}`,
      );
  // A view of each source with the site set; the source's getters and methods stay its own.
  return sources.map((s) =>
    s.site === site
      ? s
      : (Object.create(s, { site: { value: site, enumerable: true } }) as LogSource),
  );
}
