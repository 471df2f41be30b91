/** The public surface of accounts: users, sessions, API tokens, roles and the policy. */
export { AccountsRepository } from "./accounts.repository.js";
export { AccountsService, type AccountsRepos } from "./accounts.service.js";
export { ApiTokensService } from "./api-tokens.service.js";
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
