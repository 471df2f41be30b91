import {
  ActorCache,
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
import { DecisionPoint, DecisionsService, TokenChecker } from "../decisions/index.js";
import { HandbookService } from "../handbook/index.js";
import { IncidentsRepository, IncidentsService } from "../incidents/index.js";
import { InspectService } from "../inspect/index.js";
import { IssuersRepository, IssuersService, type FetchOptions } from "../issuers/index.js";
import { Transmitter, type TransmitterOptions } from "../feed/transmitter/index.js";
import { RiskServices } from "../risk/index.js";
import { txRunner, type Store } from "../store/index.js";
import {
  CheckpointsRepository,
  IngestService,
  RetentionService,
  RunsRepository,
  SegmentsRepository,
  EventsRepository,
  IdentitiesRepository,
  TraceService,
  AlertsService,
  AlertsRepository,
  WebhookNotifier,
  type Alert,
} from "../trace/index.js";

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
  issuers: IssuersService;
  /** The in-process decision point (library use); `decisions` puts a role check in front. */
  decisionPoint: DecisionPoint;
  decisions: DecisionsService;
  inspect: InspectService;
  /** The SSF transmitter of the ban feed (streams, poll, push, keys). */
  feed: Transmitter;
  /** Trace: log ingest, and the retention of what it stored. */
  ingest: IngestService;
  retention: RetentionService;
  /** Trace: tokens, identities, clients, paths and addresses through the ingested events. */
  trace: TraceService;
  /** Trace: alerts raised by ingest (banned identities seen, tokens used after exp). */
  alerts: AlertsService;
  traceSettings: TraceSettings;
  /** Incidents: the response case file. */
  incidents: IncidentsService;
  /** The workflow handbook and playbooks. */
  handbook: HandbookService;
}

export interface TraceSettings {
  /** Largest upload POST /api/v1/ingest takes, in bytes as sent. */
  ingestMaxBytes: number;
  /** Days events are kept (0: for ever). */
  retentionDays: number;
  /** `site` accounts may ingest only once bound to a site (TTT_REQUIRE_SITE_BINDING). */
  requireSiteBinding?: boolean | undefined;
  /** Where new alerts are POSTed besides the store (TTT_ALERT_WEBHOOK_URL), if anywhere. */
  alertWebhook?: { url: string; secret: string | null } | undefined;
  /**
   * Postings (bytes per read) from which the end-of-run merge takes a second thread
   * (bucket-merger.ts; default 1 MiB): tests set 0 to use it on a few segments.
   */
  mergeWorkerFrom?: number | undefined;
}

export interface ContextOptions {
  store: Store;
  clock?: Clock | undefined;
  ids?: IdSource | undefined;
  hasher?: PasswordHasher | undefined;
  sessionHours?: number | undefined;
  /** Login with an OIDC provider (config.ts `oidcSettings`); off when undefined. */
  oidc?: OidcSettings | undefined;
  /** How trusted issuers' keys are fetched (fetch function, timeout, size cap); defaults apply. */
  issuerFetch?: FetchOptions | undefined;
  /** Verified tokens the decision point remembers until their exp (default 100,000; 0: none). */
  tokenCacheSize?: number | undefined;
  /** The ban feed: key directory, issuer, delivery settings (config.ts `feedSettings`). */
  feed?: Omit<TransmitterOptions, "store" | "clock" | "ids"> | undefined;
  /** Trace settings (config.ts ingestMaxBytes, traceRetentionDays). */
  trace?: Partial<TraceSettings> | undefined;
}

export function createContext(opts: ContextOptions): AppContext {
  const clock = opts.clock ?? systemClock;
  const ids = opts.ids ?? randomIds;
  const actorCache = new ActorCache(clock);
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
    onUserChange: () => actorCache.clear(),
  });
  const oidcTx = txRunner(opts.store, (exec) => ({
    accounts: new AccountsRepository(exec),
    audit: new AuditRepository(exec),
    oidc: new OidcRepository(exec),
  }));
  const risk = new RiskServices(opts.store, clock, ids);
  const feed = new Transmitter(opts.store, { ...opts.feed, store: opts.store, clock, ids });
  const bans = new BansService({
    tx: txRunner(opts.store, (exec) => ({
      bans: new BansRepository(exec, opts.store.feed),
      audit: new AuditRepository(exec),
      outbox: feed.core.outbox(exec),
      incidentExists: async (id) => (await new IncidentsRepository(exec).get(id)) !== undefined,
      coverage: (iss, group) => new IdentitiesRepository(exec).coverage(iss, group),
      tokenExp: (iss, jti) => new IdentitiesRepository(exec).tokenExp(iss, jti),
      issuerKnown: async (iss) =>
        (await new IssuersRepository(exec).getByIss(iss)) !== undefined ||
        (await new IdentitiesRepository(exec).knowsIssuer(iss)),
      sitesSeen: () => new IdentitiesRepository(exec).sitesSeen(),
    })),
    clock,
    ids,
  });
  const issuers = new IssuersService({
    tx: txRunner(opts.store, (exec) => ({
      issuers: new IssuersRepository(exec, opts.store.feed),
      audit: new AuditRepository(exec),
    })),
    clock,
    ids,
    fetch: opts.issuerFetch,
  });
  const checker = new TokenChecker({ clock, issuers, cacheSize: opts.tokenCacheSize });
  const index = () => bans.index();
  const decisionPoint = new DecisionPoint({ index, checker, clock });
  const traceSettings: TraceSettings = {
    ingestMaxBytes: opts.trace?.ingestMaxBytes ?? 2 * 1024 ** 3,
    retentionDays: opts.trace?.retentionDays ?? 0,
  };
  const alerts = new AlertsService({
    repo: new AlertsRepository(opts.store.db),
    tx: txRunner(opts.store, (exec) => ({
      alerts: new AlertsRepository(exec),
      audit: new AuditRepository(exec),
    })),
    clock,
    bans: () => new BansRepository(opts.store.db).list(),
    ...alertNotifier(opts.trace?.alertWebhook),
  });
  const trace = new TraceService({ events: new EventsRepository(opts.store.db), clock });
  const ingest = new IngestService({
    tx: txRunner(opts.store, (exec) => ({
      runs: new RunsRepository(exec),
      audit: new AuditRepository(exec),
    })),
    checkpoints: new CheckpointsRepository(opts.store.db),
    segments: new SegmentsRepository(
      opts.store.bulk,
      opts.store.partitions,
      opts.trace?.mergeWorkerFrom,
    ),
    alerts,
    clock,
    requireSiteBinding: opts.trace?.requireSiteBinding === true,
    // PostgreSQL's writer holds more per segment: one worker peaked at 496 MB there, two at 555–583
    parseWorkers: opts.store.dialect === "postgres" ? 1 : 2,
  });
  const handbook = new HandbookService({ risk, clock });
  return {
    store: opts.store,
    clock,
    accounts,
    apiTokens: new ApiTokensService({ tx: accountsTx, clock, ids, cache: actorCache }),
    oidc: new OidcService({
      settings: opts.oidc,
      tx: oidcTx,
      clock,
      ids,
      accounts,
    }),
    audit: new AuditService(txRunner(opts.store, (exec) => ({ audit: new AuditRepository(exec) }))),
    risk,
    bans,
    issuers,
    decisionPoint,
    decisions: new DecisionsService(decisionPoint),
    inspect: new InspectService({ checker, index, risk, clock }),
    feed,
    ingest,
    retention: new RetentionService({ store: opts.store, clock }),
    trace,
    alerts,
    traceSettings,
    handbook,
    incidents: new IncidentsService({
      tx: txRunner(opts.store, (exec) => ({
        incidents: new IncidentsRepository(exec),
        audit: new AuditRepository(exec),
        bans: new BansRepository(exec),
        alerts: new AlertsRepository(exec),
        events: new EventsRepository(exec),
      })),
      clock,
      ids,
      trace: (actor, input) => trace.trace(actor, input),
      handbook: (actor) => handbook.get(actor, {}),
    }),
  };
}

/** The webhook's notify and idle functions, when one is configured. */
function alertNotifier(hook: TraceSettings["alertWebhook"]): {
  notify?: (alerts: readonly Alert[]) => void;
  delivered?: () => Promise<void>;
} {
  if (hook === undefined) return {};
  const notifier = new WebhookNotifier({ url: hook.url, secret: hook.secret });
  return { notify: (alerts) => notifier.notify(alerts), delivered: () => notifier.idle() };
}
