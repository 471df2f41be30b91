/** The workflow handbook and playbooks (issue 9): the three jobs joined per workflow. */
export type {
  Handbook,
  HandbookPage,
  HandbookRow,
  Hop,
  HopComponent,
  PlaybookStep,
  Traceable,
} from "./handbook.model.js";
export { HandbookService } from "./handbook.service.js";
export { registerHandbookRoutes } from "./handbook.routes.js";
export { renderHandbookMarkdown } from "./handbook-markdown.js";
