import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { DECISION_BODY_LIMIT } from "../decisions/index.js";
import { actor } from "../http/auth.js";
import { InspectBody } from "./inspect.schema.js";
import type { InspectService } from "./inspect.service.js";

/** `POST /api/v1/tokens/inspect`: a POST so the token never appears in a URL or access log. */
export function registerInspectRoutes(root: FastifyInstance, inspect: InspectService): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post(
    "/api/v1/tokens/inspect",
    {
      bodyLimit: DECISION_BODY_LIMIT,
      schema: {
        tags: ["respond"],
        summary:
          "Inspect a token: verification, WLCG profile findings, likely workflow and its risk rows, matching bans",
        body: InspectBody,
      },
    },
    async (req) => {
      const report = await inspect.inspect(actor(req), req.body);
      const c = report.claims;
      req.log.info(
        {
          iss: c["iss"],
          sub: c["sub"],
          jti: c["jti"],
          fingerprint: report.fingerprint,
          verified: report.verification.ok ? "yes" : report.verification.code,
        },
        "token inspected",
      );
      return report;
    },
  );
}
