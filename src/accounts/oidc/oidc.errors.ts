import { TttError } from "../../core/errors.js";

/**
 * Why an OIDC login did not end in a session. The code is stable: the callback redirects to
 * `/login?error=<code>` and the web app words it, so never rename one.
 */
export const OIDC_LOGIN_FAILURES = {
  oidc_not_configured: 404,
  /** The provider could not be reached or its discovery document was unusable. */
  oidc_unavailable: 502,
  /** The user (or the provider) declined: `error=access_denied` on the callback. */
  oidc_denied: 401,
  /** Any other error the provider reported on the callback. */
  oidc_provider_error: 502,
  /** No login cookie, an unknown login, or a state that does not match it. */
  oidc_bad_state: 400,
  /** The login took longer than the transaction lives (10 minutes). */
  oidc_expired: 400,
  /** Code exchange or ID-token validation failed (wrong PKCE verifier, nonce, signature …). */
  oidc_exchange_failed: 401,
  /** None of the user's groups maps to a role and the default role is "none". */
  oidc_no_role: 403,
  /** The linked local user is disabled; logging in elsewhere does not enable them. */
  oidc_user_disabled: 403,
  /** Anything unexpected (the server log says what). */
  oidc_failed: 500,
} as const;

export type OidcLoginFailure = keyof typeof OIDC_LOGIN_FAILURES;

/**
 * A refused OIDC login. Carries iss/sub for the log, and deliberately no `cause`: a library
 * error can hold a response body or claims, and nothing here may ever put a token in a log.
 */
export class OidcLoginError extends TttError {
  override readonly code: OidcLoginFailure;
  readonly iss: string | undefined;
  readonly sub: string | undefined;
  constructor(
    code: OidcLoginFailure,
    message: string,
    who: { iss?: string | undefined; sub?: string | undefined } = {},
  ) {
    super(code, OIDC_LOGIN_FAILURES[code], message);
    this.code = code;
    this.iss = who.iss;
    this.sub = who.sub;
  }
}
