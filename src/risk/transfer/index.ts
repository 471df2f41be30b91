/**
 * Moving a whole assessment in and out of a store as one lossless JSON document: what a backup,
 * a hand-over to another site, or a copy to experiment on needs.
 */
export {
  AssessmentExportSchema,
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  type AssessmentExport,
} from "./assessment-export.schema.js";
export { exportAssessment } from "./assessment-export.js";
export {
  insertAssessmentExport,
  parseAssessmentExport,
  transferRepos,
  type InsertOptions,
  type TransferRepos,
} from "./assessment-import.js";
export { checkAssessmentExport } from "./assessment-import.checks.js";
