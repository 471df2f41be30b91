import {
  AccountsRepository,
  AccountsService,
  ApiTokensService,
  OidcRepository,
  OidcService,
  PasswordHasher,
  type OidcSettings,
} from "../accounts/index.js";
import { AuditRepository, AuditService } from "../audit/index.js";
import { BansRepository, BansService } from "../bans/index.js";
import { systemClock, type Clock } from "../core/clock.js";
import { randomIds, type IdSource } from "../core/ids.js";
import { RiskServices } from "../risk/index.js";
import { txRunner, type Store } from "../store/index.js";

/** Every service, wired once over one store: the composition root. */
export interface AppContext {
  store: Store;
  clock: Clock;
  accounts: AccountsService;
  apiTokens: ApiTokensService;
  oidc: OidcService;
  audit: AuditService;
  risk: RiskServices;
  bans: BansService;
}

export interface ContextOptions {
  store: Store;
  clock?: Clock | undefined;
  ids?: IdSource | undefined;
  hasher?: PasswordHasher | undefined;
  sessionHours?: number | undefined;
  /** Login with an OIDC provider (config.ts `oidcSettings`); off when undefined. */
  oidc?: OidcSettings | undefined;
}

export function createContext(opts: ContextOptions): AppContext {
  const clock = opts.clock ?? systemClock;
  const ids = opts.ids ?? randomIds;
  const accountsTx = txRunner(opts.store, (exec) => ({
    accounts: new AccountsRepository(exec),
    audit: new AuditRepository(exec),
  }));
  const accounts = new AccountsService({
    tx: accountsTx,
    clock,
    ids,
    hasher: opts.hasher ?? new PasswordHasher(),
    sessionHours: opts.sessionHours ?? 12,
  });
  const oidcTx = txRunner(opts.store, (exec) => ({
    accounts: new AccountsRepository(exec),
    audit: new AuditRepository(exec),
    oidc: new OidcRepository(exec),
  }));
  return {
    store: opts.store,
    clock,
    accounts,
    apiTokens: new ApiTokensService({ tx: accountsTx, clock, ids }),
    oidc: new OidcService({
      settings: opts.oidc,
      tx: oidcTx,
      clock,
      ids,
      accounts,
    }),
    audit: new AuditService(txRunner(opts.store, (exec) => ({ audit: new AuditRepository(exec) }))),
    risk: new RiskServices(opts.store, clock, ids),
    bans: new BansService({
      tx: txRunner(opts.store, (exec) => ({
        bans: new BansRepository(exec),
        audit: new AuditRepository(exec),
      })),
      clock,
      ids,
    }),
  };
}
