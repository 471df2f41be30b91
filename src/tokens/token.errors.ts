import { TttError } from "../core/errors.js";

/**
 * Errors of the token-inspection core. Both deliberately carry no `cause` and never the token:
 * a bearer token in an error message ends up in a log, and a logged token is a stolen token.
 * Refer to a token by `tokenFingerprint` (jwt-decode.ts) instead.
 */

/**
 * The input is not a compact JWS we are willing to read. `reason` is precise and stable enough
 * for tests and for the responder ("3 segments expected, got 2"); it names positions and
 * lengths, never token content.
 */
export class MalformedJwtError extends TttError {
  override readonly code = "malformed_jwt" as const;
  readonly reason: string;
  constructor(reason: string) {
    super("malformed_jwt", 400, `malformed JWT: ${reason}`, { details: { reason } });
    this.reason = reason;
  }
}

/**
 * The trust configuration handed to the verifier is unusable (no algorithms, an HMAC algorithm,
 * a symmetric key in a public JWKS …). A programmer or operator error, never a bad token, so it
 * is thrown rather than returned.
 */
export class TokenTrustConfigError extends TttError {
  constructor(message: string) {
    super("invalid_trust_config", 500, message);
  }
}
