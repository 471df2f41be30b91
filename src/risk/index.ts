/** The public surface of Assess: other domains and the app import only from here. */
export { RiskServices } from "./risk.services.js";
export { registerRiskRoutes } from "./risk.routes.js";
export type { RowView, RowsPage } from "./catalogue/rows.service.js";
export type { ScoreView, RoundView, VoteView } from "./presenters.js";
export { SETTLEMENT_RULES, type SettlementRule } from "./scoring/settlement.js";
export { BUILTIN_METHODOLOGIES, DEFAULT_METHODOLOGY_ID } from "./methodology/builtins.js";
export { loadExample } from "./demo/demo.loader.js";
