export { AccountsRepository } from "./accounts.repository.js";
export {
  AccountsService,
  presentUser,
  type AccountsRepos,
  type ApiTokenView,
  type UserView,
} from "./accounts.service.js";
export {
  PasswordHasher,
  DEFAULT_SCRYPT_COST,
  TEST_SCRYPT_COST,
  type ScryptCost,
} from "./password.js";
export { authorize, can, type Action } from "./policy.js";
export { ROLES, Role, type Actor } from "./roles.js";
export { registerAccountRoutes } from "./accounts.routes.js";
