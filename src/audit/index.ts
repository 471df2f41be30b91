export { AuditRepository, type AuditRecord } from "./audit.repository.js";
export { AuditService, type AuditRepos } from "./audit.service.js";
export { GENESIS_HASH, verifyChain, type ChainVerdict, type ChainedEntry } from "./hash-chain.js";
export { registerAuditRoutes } from "./audit.routes.js";
