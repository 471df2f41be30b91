import { authorize, type Actor } from "../accounts/index.js";
import { systemClock, type Clock } from "../core/clock.js";
import { NotFoundError } from "../core/errors.js";
import { parseInput } from "../core/validation.js";
import { workflowContext } from "../inspect/index.js";
import type { RiskServices } from "../risk/index.js";
import { HANDBOOK_CONTENT_TYPES, handbookFileName, renderHandbook } from "./handbook-render.js";
import { buildHandbook } from "./handbook.build.js";
import type { Handbook } from "./handbook.model.js";
import { HandbookQuery } from "./handbook.schema.js";

/** A rendered handbook: what to send and how to name the download. */
export interface RenderedHandbook {
  contentType: string;
  fileName: string;
  body: Buffer;
}

/**
 * The workflow handbook of the current assessment (the latest released version, as token
 * inspection uses): read through the Assess services with the caller's own role, so a role that
 * cannot read assessments gets the pages without risk rows and a note saying why. The clock
 * dates the PDF's metadata (the other formats carry no time).
 */
export class HandbookService {
  private readonly clock: Clock;

  constructor(private readonly deps: { risk: RiskServices; clock?: Clock }) {
    this.clock = deps.clock ?? systemClock;
  }

  async get(actor: Actor, input: unknown): Promise<Handbook> {
    authorize(actor, "handbook:read");
    const q = parseInput(HandbookQuery, input, "handbook");
    const ctx = await workflowContext(this.deps.risk, actor, {
      assessment: q.assessment,
      version: q.version,
    });
    const h = ctx.ok
      ? buildHandbook({
          assessment: ctx.assessment,
          note: null,
          workflows: ctx.workflows,
          rows: ctx.rows,
        })
      : buildHandbook({ assessment: null, note: ctx.note, workflows: [], rows: [] });
    if (q.workflow === undefined) return h;
    const pages = h.pages.filter((p) => p.workflow.id === q.workflow);
    if (pages.length === 0) throw new NotFoundError("workflow", q.workflow);
    return { ...h, pages };
  }

  /** The handbook as a file in the query's format (JSON when none is given). */
  async render(actor: Actor, input: unknown): Promise<RenderedHandbook> {
    const q = parseInput(HandbookQuery, input, "handbook");
    const h = await this.get(actor, q);
    const format = q.format ?? "json";
    return {
      contentType: HANDBOOK_CONTENT_TYPES[format],
      fileName: handbookFileName(h, q.workflow, format),
      body: await renderHandbook(h, format, this.clock.now()),
    };
  }
}
