import { TttError } from "../core/errors.js";

/**
 * The signing-key directory or a key file in it cannot be used safely: wrong permissions, a
 * symlink, unreadable JSON, a key that is not ES256. An operator error, reported at start-up
 * with the path and the fix; never carries key material.
 */
export class SigningKeyError extends TttError {
  readonly path: string;
  constructor(
    code: "key_file_permissions" | "key_file_invalid" | "key_dir_unsafe",
    path: string,
    message: string,
  ) {
    super(code, 500, message, { details: { path } });
    this.path = path;
  }
}

/** A SET verifier was set up with something unusable (no issuer, an HMAC alg, a private key
 * in the JWKS …): a programmer or operator error, thrown at construction, never per SET. */
export class SetVerifierConfigError extends TttError {
  constructor(message: string) {
    super("invalid_feed_config", 500, message);
  }
}
