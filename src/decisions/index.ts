/**
 * The decision point (Respond): verify a token against the trusted issuers and match it against
 * the bans. `DecisionPoint` is the in-process library function; the service and route put a
 * role check and an HTTP edge in front of it. Other domains import only from here.
 */
export {
  DecisionPoint,
  type DecisionInput,
  type DecisionOutcome,
  type DecisionPointDeps,
  type Verification,
} from "./decision-point.js";
export { ClaimSet, DecisionBody, MAX_TOKEN_CHARS, TokenString } from "./decision.schema.js";
export { DecisionsService } from "./decisions.service.js";
export { DECISION_BODY_LIMIT, registerDecisionRoutes } from "./decisions.routes.js";
export {
  TokenChecker,
  type CheckFailureCode,
  type IssuerState,
  type RefreshFailure,
  type TokenCheck,
  type TokenCheckerOptions,
  type TrustLookup,
  type TrustSource,
} from "./token-checker.js";
