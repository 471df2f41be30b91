import type { BanKind } from "../ban.model.js";
import { MIDDLEWARES, type Middleware } from "./formats.js";

/**
 * What each middleware can enforce from a file, per ban kind, and how — the table of
 * docs/ban-files.md and the source of every ban view's `unenforceable_at`.
 *
 * - `full`: the file denies exactly what the ban denies.
 * - `partial`: the file denies it, with a caveat the note states (a narrower or broader match,
 *   or a condition on the site's configuration). Partial still counts as enforceable.
 * - `none`: the middleware has no way to express it; the note says what to use instead.
 *
 * Sources (the facts in docs/bans-and-feeds.md, "What each middleware can enforce", checked
 * against the middleware's own documentation or code where noted in each format's module).
 */
export type SupportLevel = "full" | "partial" | "none";

export interface Support {
  level: SupportLevel;
  note: string;
}

const CONDOR_PLUGIN =
  "use the HTCondor-CE mapping plugin (ttt condor-plugin) or a TTT decision point";

const NO_IAT = `no rule can compare iat with a cutoff; ${CONDOR_PLUGIN}, or ban the whole identity if that is acceptable`;
const NO_CLIENT = `no rule matches client_id/azp; ${CONDOR_PLUGIN}, or disable the client at the issuer`;
const NO_JTI = `no rule matches jti; ${CONDOR_PLUGIN}, or ban the identity (iss + sub)`;

const full = (note: string): Support => ({ level: "full", note });
const partial = (note: string): Support => ({ level: "partial", note });
const none = (note: string): Support => ({ level: "none", note });

export const ENFORCEABILITY: Record<Middleware, Record<BanKind, Support>> = {
  dcache: {
    token: partial(
      "ban line on the jti principal <jti>@<op>; whether a release's banfile parser builds the principal the OIDC plugin produces is not confirmed: check with 'explain login'",
    ),
    identity: partial(
      "ban line on the OIDC subject principal <sub>@<op>; whether a release's banfile parser builds the principal the OIDC plugin produces is not confirmed: check with 'explain login'",
    ),
    "identity-before": none(NO_IAT),
    client: none(NO_CLIENT),
    group: none(`gPlazma's group principal carries no issuer; ${CONDOR_PLUGIN}`),
    issuer: none("remove or disable the issuer's gplazma.oidc.provider entry"),
  },
  storm: {
    token: none(NO_JTI),
    identity: full("deny policy with an oidc-subject principal (iss + sub), placed first"),
    "identity-before": none(NO_IAT),
    client: none(NO_CLIENT),
    group: partial("deny policy with an oauth-group principal: the exact group, not its subgroups"),
    issuer: none("remove the issuer from oauth.issuers and from the storage areas' orgs"),
  },
  arc: {
    token: none(NO_JTI),
    identity: full("authtokens rule <sub> <iss> * * * in the banned authgroup"),
    "identity-before": none(NO_IAT),
    client: none(NO_CLIENT),
    group: partial("authtokens rule * <iss> * * <group>: the exact group, not its subgroups"),
    issuer: full("authtokens rule * <iss> * * *"),
  },
  condor: {
    token: full("the mapping plugin rejects the token"),
    identity: full("the mapping plugin rejects the token"),
    "identity-before": full("the mapping plugin compares iat with the cutoff"),
    client: full("the mapping plugin matches client_id and azp"),
    group: full("the mapping plugin matches the group and its subgroups"),
    issuer: full("the mapping plugin rejects every token of the issuer"),
  },
  xrootd: {
    token: none(NO_JTI),
    identity: partial(
      "name_mapfile maps the sub to a no-access user: denies only where access depends on the mapped user, not where the token's scopes grant it",
    ),
    "identity-before": none(NO_IAT),
    client: none(NO_CLIENT),
    group: partial("name_mapfile group rule: the exact group, same scope caveat as subjects"),
    issuer: partial("a name_mapfile rule without sub maps every token of the issuer"),
  },
  fts: {
    token: none(NO_JTI),
    identity: partial(
      "fts-rest-ban --user with the bare sub: FTS does not keep the issuer, so the sub is banned for every issuer",
    ),
    "identity-before": none(NO_IAT),
    client: none(NO_CLIENT),
    group: none("FTS bans users and storage, not groups; ban the identities"),
    issuer: none("remove the issuer from the FTS token configuration"),
  },
  eos: {
    token: none(`eos access ban token takes EOS token vouchers, not jti; ${CONDOR_PLUGIN}`),
    identity: partial(
      "eos access ban user on the local account the identity maps to (given in options)",
    ),
    "identity-before": none(NO_IAT),
    client: none(NO_CLIENT),
    group: none("eos bans local unix groups, which TTT cannot know"),
    issuer: none("remove the issuer from the EOS token configuration"),
  },
};

/** How `middleware` supports bans of `kind`. */
export function supportOf(middleware: Middleware, kind: BanKind): Support {
  return ENFORCEABILITY[middleware][kind];
}

/** The middleware (in MIDDLEWARES order) that cannot enforce a ban of this kind at all. */
export function unenforceableAt(kind: BanKind): Middleware[] {
  return MIDDLEWARES.filter((m) => ENFORCEABILITY[m][kind].level === "none");
}
