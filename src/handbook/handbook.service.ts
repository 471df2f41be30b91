import { authorize, type Actor } from "../accounts/index.js";
import { NotFoundError } from "../core/errors.js";
import { parseInput } from "../core/validation.js";
import { workflowContext } from "../inspect/index.js";
import type { RiskServices } from "../risk/index.js";
import { buildHandbook } from "./handbook.build.js";
import type { Handbook } from "./handbook.model.js";
import { HandbookQuery } from "./handbook.schema.js";

/**
 * The workflow handbook of the current assessment (the latest released version, as token
 * inspection uses): read through the Assess services with the caller's own role, so a role that
 * cannot read assessments gets the pages without risk rows and a note saying why.
 */
export class HandbookService {
  constructor(private readonly deps: { risk: RiskServices }) {}

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
}
