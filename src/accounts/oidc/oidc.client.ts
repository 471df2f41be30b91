import * as oidc from "openid-client";
import type { Claims } from "./oidc.claims.js";
import { OidcLoginError } from "./oidc.errors.js";
import type { OidcSettings } from "./oidc.settings.js";

/** What a login keeps server-side between the redirect and the callback. */
export interface AuthorizationChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * The provider, behind one small interface (the only I/O of the flow besides the store). Tokens
 * never leave it: `exchange` hands back validated claims only.
 */
export interface OidcClient {
  /** A fresh authorization request (PKCE S256, state, nonce) and the URL to send the user to. */
  authorizationRequest(redirectUri: string): Promise<{ url: string; checks: AuthorizationChecks }>;
  /**
   * Validates the callback (state, iss), redeems the code with the PKCE verifier, validates the
   * ID token (signature, aud, nonce, exp) and returns its claims, completed from UserInfo when
   * the role claim or a name is missing (providers that follow OIDC Core release profile claims
   * there, not in the ID token of a code flow).
   */
  exchange(callbackUrl: URL, checks: AuthorizationChecks, roleClaim: string): Promise<Claims>;
}

const DISCOVERY_TIMEOUT_S = 10;

/** The real client over openid-client v6; discovery is cached, and retried after a failure. */
export class OpenidClient implements OidcClient {
  private config: Promise<oidc.Configuration> | undefined;

  constructor(private readonly settings: OidcSettings) {}

  private configuration(): Promise<oidc.Configuration> {
    if (this.config === undefined) {
      const { issuer, clientId, clientSecret } = this.settings;
      const url = new URL(issuer);
      // config.ts allows http only for loopback issuers (tests, a provider on this machine).
      const execute = url.protocol === "http:" ? [oidc.allowInsecureRequests] : [];
      const pending = oidc
        .discovery(
          url,
          clientId,
          undefined,
          clientSecret === undefined ? oidc.None() : oidc.ClientSecretBasic(clientSecret),
          { execute, timeout: DISCOVERY_TIMEOUT_S },
        )
        .catch((err: unknown) => {
          this.config = undefined;
          throw new OidcLoginError(
            "oidc_unavailable",
            `OIDC discovery at ${issuer} failed: ${describe(err)}`,
          );
        });
      this.config = pending;
    }
    return this.config;
  }

  async authorizationRequest(
    redirectUri: string,
  ): Promise<{ url: string; checks: AuthorizationChecks }> {
    const config = await this.configuration();
    const checks: AuthorizationChecks = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      response_type: "code",
      scope: this.settings.scopes.join(" "),
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: "S256",
    });
    return { url: url.href, checks };
  }

  async exchange(
    callbackUrl: URL,
    checks: AuthorizationChecks,
    roleClaim: string,
  ): Promise<Claims> {
    const config = await this.configuration();
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (idClaims === undefined) throw new Error("the token response has no ID token");
      const complete = roleClaim in idClaims && "preferred_username" in idClaims;
      if (complete || config.serverMetadata().userinfo_endpoint === undefined) return idClaims;
      const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      return { ...info, ...idClaims };
    } catch (err) {
      throw new OidcLoginError(
        "oidc_exchange_failed",
        `OIDC code exchange failed: ${describe(err)}`,
      );
    }
  }
}

/**
 * An error as one short line for the log: name, code, message, an OAuth error code and the
 * message of a wrapped library error (fixed texts such as 'unexpected ID Token "nonce" claim
 * value'). Never a cause's other fields or a response body, which can carry claims or tokens.
 */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return "unknown error";
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const e = err as { code?: unknown; error?: unknown; error_description?: unknown };
  const details = [
    str(e.error), // an OAuth error code such as invalid_grant
    str(e.error_description),
    err.cause instanceof Error ? err.cause.message : undefined,
  ].filter((d) => d !== undefined);
  const code = str(e.code);
  const more = details.length > 0 ? ` (${details.join(": ")})` : "";
  return `${err.name}${code === undefined ? "" : ` ${code}`}: ${err.message}${more}`.slice(0, 300);
}
