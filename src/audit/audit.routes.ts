import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../app/context.js";
import { actor } from "../http/auth.js";

const AuditQuery = z.strictObject({
  target: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().min(1).optional(),
});

/** Reading the audit chain and verifying it (admin). */
export function registerAuditRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ["audit"];
  app.get(
    "/api/v1/audit",
    { schema: { tags, summary: "Audit entries, newest first", querystring: AuditQuery } },
    (req) =>
      ctx.audit.list(actor(req), {
        target: req.query.target,
        limit: req.query.limit,
        beforeSeq: req.query.before,
      }),
  );
  app.get(
    "/api/v1/audit/verify",
    { schema: { tags, summary: "Verify the hash chain; reports the first broken link" } },
    (req) => ctx.audit.verify(actor(req)),
  );
}
