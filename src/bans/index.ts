/**
 * The public surface of the bans domain: its pure core (ban model, input schemas, claim facts,
 * the in-memory decision index and the decision) and the stored bans with their service and
 * routes. Other domains import only from here.
 */
export {
  BAN_KINDS,
  BAN_STATES,
  BROAD_KINDS,
  MAX_ISS_LENGTH,
  MAX_KEY_LENGTH,
  TOKEN_BAN_GRACE_MS,
  defaultTokenBanExpiry,
  describeKey,
  effectiveState,
  kindRank,
  type Ban,
  type BanCommon,
  type BanKey,
  type BanKind,
  type BanOf,
  type BanSites,
  type BanState,
  type EffectiveBanState,
} from "./ban.model.js";
export {
  CreateBanBody,
  IssuerUrl,
  LiftBanBody,
  SiteName,
  issuerProblem,
  parseCreateBan,
  toBan,
  type CreateBanInput,
  type LiftBanInput,
  type NewBanContext,
} from "./ban.schema.js";
export { extractFacts, facts, type ClaimFacts } from "./claims.js";
export { BanIndex, type BanMatch } from "./ban-index.js";
export { groupCovers } from "./ban-keys.js";
export { decide, decideClaims, explain, type Decision } from "./decide.js";
export { BAN_TOPIC, BansRepository, type BanFilter } from "./bans.repository.js";
export { BansService, type BanRepos, type BansDeps, type ListBansQuery } from "./bans.service.js";
export {
  presentBan,
  type BanCoverage,
  type BanView,
  type CreatedBanView,
} from "./bans.presenters.js";
export { registerBanRoutes } from "./bans.routes.js";
export {
  ENFORCEABILITY,
  supportOf,
  EXPORT_FORMATS,
  MIDDLEWARES,
  parseBanFile,
  presentBanFile,
  renderBanFile,
  shellQuote,
  unenforceableAt,
  type BanFileResult,
  type ExportFormat,
  type Middleware,
  type Unenforceable,
  type Support,
  type SupportLevel,
} from "./export/index.js";
export { startBanSync } from "./ban-sync.js";
