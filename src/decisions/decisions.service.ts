import { authorize, type Actor } from "../accounts/index.js";
import { parseInput } from "../core/validation.js";
import type { DecisionOutcome, DecisionPoint } from "./decision-point.js";
import { DecisionBody } from "./decision.schema.js";

/**
 * Decisions for callers with a role (sites, responders): validates the body at this edge too,
 * then asks the decision point. Holds no state of its own.
 */
export class DecisionsService {
  constructor(private readonly point: DecisionPoint) {}

  async decide(actor: Actor, input: unknown): Promise<DecisionOutcome> {
    authorize(actor, "decision:ask");
    const body = parseInput(DecisionBody, input, "invalid decision request", "body");
    const site = body.site;
    return body.token !== undefined
      ? this.point.decide({ token: body.token, site })
      : this.point.decide({ claims: body.claims ?? {}, site });
  }
}
