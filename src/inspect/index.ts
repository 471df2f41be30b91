/** Token inspection (Respond): other domains and the app import only from here. */
export { InspectBody, type InspectInput } from "./inspect.schema.js";
export {
  InspectService,
  type BanSuggestion,
  type InspectDeps,
  type InspectedRow,
  type InspectReport,
} from "./inspect.service.js";
export { registerInspectRoutes } from "./inspect.routes.js";
export { workflowContext, type AssessmentRef, type WorkflowContext } from "./workflow-context.js";
