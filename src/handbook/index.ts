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
export { HandbookService, type RenderedHandbook } from "./handbook.service.js";
export { HANDBOOK_FORMATS, type HandbookFormat } from "./handbook.schema.js";
export { registerHandbookRoutes } from "./handbook.routes.js";
export { renderHandbookMarkdown } from "./handbook-markdown.js";
export { renderHandbookHtml } from "./handbook-html.js";
export { renderHandbookPdf } from "./handbook-pdf.js";
export { renderHandbook } from "./handbook-render.js";
