import { authorize, type Actor } from "../accounts/index.js";
import type { DecisionOutcome, DecisionPoint } from "./decision-point.js";
import type { DecisionBodyInput } from "./decision.schema.js";

/**
 * Decisions for callers with a role (sites, responders): the role check, then the decision
 * point. The body arrives validated by the route's schema (DecisionBody); it is not parsed a
 * second time here because this is the hottest path of the server (a second zod pass cost a
 * fifth of a decision). In-process callers use DecisionPoint, which never trusts its input.
 */
export class DecisionsService {
  constructor(private readonly point: DecisionPoint) {}

  async decide(actor: Actor, body: DecisionBodyInput): Promise<DecisionOutcome> {
    authorize(actor, "decision:ask");
    const site = body.site;
    return body.token !== undefined
      ? this.point.decide({ token: body.token, site })
      : this.point.decide({ claims: body.claims ?? {}, site });
  }
}
