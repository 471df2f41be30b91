/**
 * The public surface of token inspection (Respond): decode, verify, lint, guess the workflow.
 * Other domains and the app import only from here. Everything here is pure apart from crypto;
 * fetching issuers' keys, HTTP and storage are wired elsewhere.
 */
export {
  decodeJwt,
  tryDecodeJwt,
  tokenFingerprint,
  DEFAULT_JWT_LIMITS,
  type DecodedJwt,
  type DecodeResult,
  type JwtClaims,
  type JwtHeader,
  type JwtLimits,
} from "./jwt-decode.js";
export {
  createJwtVerifier,
  verifyJwt,
  VERIFY_FAILURE_CODES,
  type IssuerTrust,
  type JwtVerifier,
  type VerifierOptions,
  type VerifyFailure,
  type VerifyFailureCode,
  type VerifyResult,
  type VerifySuccess,
} from "./jwt-verify.js";
export {
  lintWlcgToken,
  type LintFinding,
  type LintOptions,
  type LintReport,
  type Severity,
} from "./wlcg-lint.js";
export {
  guessWorkflow,
  type GuessReason,
  type WorkflowCandidate,
  type WorkflowDescriptor,
  type WorkflowGuess,
} from "./workflow-guess.js";
export { parseScopes, type ParsedScopes, type ScopeEntry } from "./wlcg-scopes.js";
export { guessHolder, guessKind, type Holder } from "./token-traits.js";
export { expectWorkflow, type WorkflowExpectation, type HolderClass } from "./workflow-traits.js";
export { ANY_AUDIENCE, LIFETIME_GUIDANCE, WLCG_PROFILE, type TokenKind } from "./wlcg-profile.js";
export { MalformedJwtError, TokenTrustConfigError } from "./token.errors.js";
export { ASYMMETRIC_ALGS } from "./jwks-select.js";
