/** The public surface of Assess: other domains and the app import only from here. */
export { RiskServices } from "./risk.services.js";
export { registerRiskRoutes } from "./risk.routes.js";
export { registerMeetingRoutes } from "./meeting/meeting.routes.js";
export * as MeetingProtocol from "./meeting/meeting.protocol.js";
export type { RowView, RowsPage } from "./catalogue/row-views.js";
export type { ScoreView, RoundView, VoteView } from "./presenters.js";
export { SETTLEMENT_RULES, type SettlementRule } from "./scoring/settlement.js";
export { BUILTIN_METHODOLOGIES, DEFAULT_METHODOLOGY_ID } from "./methodology/builtins.js";
export { loadExample } from "./demo/demo.loader.js";
export type { VersionDiff } from "./versions/diff.js";
export type { AssessmentView } from "./versions/versions.service.js";
export type { CheckReport } from "./checks/checks.service.js";
export type { MitigationView } from "./catalogue/mitigation-views.js";
export { REPORT_FORMATS, type ReportFormat } from "./report/report.service.js";
export type { ReportData } from "./report/report.data.js";
export { registerImportRoutes } from "./import/import.routes.js";
export {
  IMPORT_FORMATS,
  describeIssue,
  type ImportFormat,
  type ImportIssue,
  type ImportOutcome,
} from "./import/import.types.js";
