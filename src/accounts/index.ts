/** The public surface of accounts: users, sessions, API tokens, roles and the policy. */
export { AccountsRepository } from "./accounts.repository.js";
export { AccountsService, type AccountsRepos } from "./accounts.service.js";
export { ApiTokensService } from "./api-tokens.service.js";
export { ActorCache } from "./actor-cache.js";
export { presentUser, type ApiTokenView, type UserView } from "./accounts.presenters.js";
export {
  PasswordHasher,
  DEFAULT_SCRYPT_COST,
  TEST_SCRYPT_COST,
  type ScryptCost,
} from "./password.js";
export { authorize, can, type Action } from "./policy.js";
export { ROLES, Role, type Actor } from "./roles.js";
export { registerAccountRoutes } from "./accounts.routes.js";
export { OidcService, type OidcRepos, type SessionGrant } from "./oidc/oidc.service.js";
export { OidcRepository } from "./oidc/oidc.repository.js";
export { registerOidcRoutes, OIDC_LOGIN_COOKIE } from "./oidc/oidc.routes.js";
export { OidcLoginError, type OidcLoginFailure } from "./oidc/oidc.errors.js";
export type { OidcClient } from "./oidc/oidc.client.js";
export {
  isLoopbackHost,
  OIDC_DEFAULT_SCOPES,
  type OidcDefaultRole,
  type OidcSettings,
} from "./oidc/oidc.settings.js";
