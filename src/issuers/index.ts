/**
 * The public surface of the trusted-issuer registry (issue 5): which issuers' tokens verify,
 * with their keys fetched and cached (online) or configured (offline). The decision point uses
 * `IssuersService.trustFor` and hands the result to `createJwtVerifier` (tokens/).
 */
export {
  DEFAULT_ALGORITHMS,
  FETCH_LIMITS,
  ISSUER_MODES,
  KEY_SOURCES,
  MIN_FETCH_INTERVAL_MS,
  REFRESH_HOURS,
  type Issuer,
  type IssuerConfig,
  type IssuerKeyState,
  type IssuerMode,
  type KeySource,
  type RefreshError,
} from "./issuer.model.js";
export {
  CreateIssuerBody,
  UpdateIssuerBody,
  parseIssuerConfig,
  type CreateIssuerInput,
  type UpdateIssuerInput,
} from "./issuer.schema.js";
export { publicJwk, PRIVATE_MEMBERS, type KeySummary } from "./public-jwk.js";
export {
  fetchIssuerKeys,
  discoverJwksUri,
  KeyFetchError,
  KEY_FETCH_ERROR_CODES,
  type FetchLike,
  type FetchOptions,
  type FetchedKeys,
  type KeyFetchErrorCode,
} from "./jwks-fetch.js";
export { ISSUER_TOPIC, IssuersRepository } from "./issuers.repository.js";
export { startIssuerSync } from "./issuer-sync.js";
export type { RefreshResult, TrustForOptions, TrustLookup } from "./key-cache.js";
export { IssuersService, type IssuerRepos, type IssuersDeps } from "./issuers.service.js";
export { presentIssuer, type IssuerView } from "./issuers.presenters.js";
export { registerIssuerRoutes } from "./issuers.routes.js";
