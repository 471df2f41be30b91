import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { actor } from "../http/auth.js";
import { DecisionBody } from "./decision.schema.js";
import type { DecisionsService } from "./decisions.service.js";

/** Bodies here hold one token or claim set: 64 KiB is ample and keeps floods cheap. */
export const DECISION_BODY_LIMIT = 64 * 1024;

/** `POST /api/v1/decisions`: allow or deny one token or claim set, with the bans and why. */
export function registerDecisionRoutes(root: FastifyInstance, decisions: DecisionsService): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post(
    "/api/v1/decisions",
    {
      bodyLimit: DECISION_BODY_LIMIT,
      schema: {
        tags: ["respond"],
        summary:
          "Allow or deny: {token} is verified against the trusted issuers then matched; {claims} is matched only",
        body: DecisionBody,
      },
    },
    async (req) => {
      const outcome = await decisions.decide(actor(req), req.body);
      // The log names the token by iss, sub, jti (and a fingerprint), never by the token.
      // Without a verified token, iss/sub/jti are only what the caller claimed: say so.
      const v = outcome.verification;
      req.log.info(
        {
          ...outcome.subject,
          verified: v === undefined ? "claims given" : v.ok ? "yes" : v.code,
          decision: outcome.decision,
        },
        "decision",
      );
      return outcome;
    },
  );
}
