import type { Clock } from "../../core/clock.js";
import type { IdSource } from "../../core/ids.js";
import type { TxRunner } from "../../store/index.js";
import { sha256 } from "../accounts.presenters.js";
import type { AccountsRepos, AccountsService } from "../accounts.service.js";
import type { Actor } from "../roles.js";
import { linkExternalUser } from "./external-users.js";
import { OpenidClient, type OidcClient } from "./oidc.client.js";
import { identityFrom } from "./oidc.claims.js";
import { OidcLoginError } from "./oidc.errors.js";
import type { OidcRepository } from "./oidc.repository.js";
import { OIDC_CALLBACK_PATH, type OidcSettings } from "./oidc.settings.js";

export interface OidcRepos extends AccountsRepos {
  oidc: OidcRepository;
}

export interface OidcDeps {
  /** Undefined: OIDC login is off (the routes say so; local accounts work as ever). */
  settings: OidcSettings | undefined;
  tx: TxRunner<OidcRepos>;
  clock: Clock;
  ids: IdSource;
  /** Sessions are opened exactly as for a password login. */
  accounts: AccountsService;
  /** The provider; defaults to openid-client over the settings. */
  client?: OidcClient | undefined;
}

/** The session cookie material of a successful login, as AccountsService.login gives it. */
export interface SessionGrant {
  secret: string;
  actor: Actor;
  expiresAt: string;
}

/** How long a login may sit at the provider before its callback is refused as expired. */
export const OIDC_LOGIN_TTL_MS = 10 * 60_000;

/**
 * Log in with an OIDC provider: authorization code with PKCE (S256), state and nonce, all kept
 * server-side under a random id the browser holds in an HttpOnly cookie. The callback links the
 * identity (iss, sub) to a local user, maps the role claim, and opens a normal session.
 */
export class OidcService {
  private readonly client: OidcClient | undefined;

  constructor(private readonly deps: OidcDeps) {
    this.client =
      deps.client ?? (deps.settings === undefined ? undefined : new OpenidClient(deps.settings));
  }

  /** What the login page needs: whether to offer the button, and its label. */
  status(): { enabled: boolean; name?: string } {
    const s = this.deps.settings;
    return s === undefined ? { enabled: false } : { enabled: true, name: s.name };
  }

  private enabled(): { settings: OidcSettings; client: OidcClient } {
    const { settings } = this.deps;
    if (settings === undefined || this.client === undefined)
      throw new OidcLoginError("oidc_not_configured", "OIDC login is not configured");
    return { settings, client: this.client };
  }

  /**
   * Starts a login: stores state, nonce and PKCE verifier, returns the provider URL and the
   * id for the login cookie. `origin` (proto://host of the request) makes the redirect URL
   * when none is configured.
   */
  async begin(
    origin: string,
    returnTo: string,
  ): Promise<{ url: string; loginId: string; expiresAt: string }> {
    const { settings, client } = this.enabled();
    const redirectUri = settings.redirectUrl ?? `${origin}${OIDC_CALLBACK_PATH}`;
    const { url, checks } = await client.authorizationRequest(redirectUri);
    const loginId = this.deps.ids.secret(32);
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + OIDC_LOGIN_TTL_MS).toISOString();
    await this.deps.tx.write(async ({ oidc }) => {
      await oidc.deleteExpired(now.toISOString());
      await oidc.insert({
        id_hash: sha256(loginId),
        state: checks.state,
        nonce: checks.nonce,
        code_verifier: checks.codeVerifier,
        redirect_uri: redirectUri,
        return_to: returnTo,
        created_at: now.toISOString(),
        expires_at: expiresAt,
      });
    });
    return { url, loginId, expiresAt };
  }

  /**
   * Finishes a login from the callback's query parameters. The login transaction is consumed
   * first, so a callback is good once; every refusal is an OidcLoginError with a stable code.
   */
  async complete(
    loginId: string | undefined,
    params: URLSearchParams,
  ): Promise<{ session: SessionGrant; returnTo: string; iss: string; sub: string }> {
    const { settings, client } = this.enabled();
    if (loginId === undefined || loginId === "")
      throw new OidcLoginError("oidc_bad_state", "no OIDC login cookie on the callback");
    const row = await this.deps.tx.write(({ oidc }) => oidc.take(sha256(loginId)));
    if (row === undefined)
      throw new OidcLoginError("oidc_bad_state", "unknown or already used OIDC login");
    if (row.expires_at <= this.deps.clock.now().toISOString())
      throw new OidcLoginError("oidc_expired", `the OIDC login expired at ${row.expires_at}`);
    if (params.get("state") !== row.state)
      throw new OidcLoginError("oidc_bad_state", "the state does not match this OIDC login");
    // Error responses carry the state too: only the provider that got this login can refuse it.
    const error = params.get("error");
    if (error !== null) {
      const description = (params.get("error_description") ?? "").slice(0, 200);
      throw new OidcLoginError(
        error === "access_denied" ? "oidc_denied" : "oidc_provider_error",
        `the provider answered '${error.slice(0, 100)}'${description ? `: ${description}` : ""}`,
      );
    }
    // The redirect URI of the request, not of this callback's Host header: the token endpoint
    // compares it with the one the authorization request used.
    const callbackUrl = new URL(row.redirect_uri);
    for (const [k, v] of params) callbackUrl.searchParams.append(k, v);
    const claims = await client.exchange(
      callbackUrl,
      { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier },
      settings.roleClaim,
    );
    const identity = identityFrom(claims, settings);
    const { role } = identity;
    if (role === null)
      throw new OidcLoginError(
        "oidc_no_role",
        `no group in claim '${settings.roleClaim}' maps to a role, and the default role is none`,
        identity,
      );
    const session = await this.deps.tx.write(async (repos) => {
      const { user } = await linkExternalUser(repos, { ...identity, role }, this.deps);
      return this.deps.accounts.openSession(repos, user, { via: "oidc", issuer: identity.iss });
    });
    // The login may have changed the user's role (from the provider's groups).
    this.deps.accounts.userChanged();
    return { session, returnTo: row.return_to, iss: identity.iss, sub: identity.sub };
  }
}
