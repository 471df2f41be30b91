/**
 * Why a received SET is refused: our stable codes, each with the RFC 8935 §2.3 error code a
 * receiver reports it as (push: the 400 body; poll: `setErrs`). The mapping and its reasons are
 * in docs/feed-events.md; set-verify.ts produces these.
 */
export const RFC8935_ERRORS = [
  "invalid_request",
  "invalid_key",
  "invalid_issuer",
  "invalid_audience",
  "authentication_failed",
  "access_denied",
] as const;
export type Rfc8935Error = (typeof RFC8935_ERRORS)[number];

/** Every reason a SET can be refused, each with the RFC 8935 error it is reported as. */
export const SET_FAILURES = {
  malformed_set: "invalid_request",
  alg_none: "authentication_failed",
  alg_hmac: "invalid_key",
  alg_not_accepted: "invalid_key",
  unsupported_header: "invalid_request",
  wrong_type: "invalid_request",
  missing_kid: "invalid_key",
  unknown_kid: "invalid_key",
  no_usable_key: "invalid_key",
  bad_signature: "authentication_failed",
  forbidden_claim: "invalid_request",
  missing_events: "invalid_request",
  wrong_issuer: "invalid_issuer",
  wrong_audience: "invalid_audience",
  invalid_claims: "invalid_request",
  iat_too_old: "invalid_request",
  iat_in_future: "invalid_request",
  replayed_jti: "invalid_request",
} as const satisfies Record<string, Rfc8935Error>;
export type SetFailureCode = keyof typeof SET_FAILURES;
