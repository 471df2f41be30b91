import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { actor } from "../http/auth.js";
import { renderHandbookMarkdown } from "./handbook-markdown.js";
import { HandbookQuery } from "./handbook.schema.js";
import type { HandbookService } from "./handbook.service.js";

/** GET /api/v1/handbook[?workflow=…][&assessment=…][&version=…][&format=md]. */
export function registerHandbookRoutes(root: FastifyInstance, handbook: HandbookService): void {
  root.withTypeProvider<ZodTypeProvider>().get(
    "/api/v1/handbook",
    {
      schema: {
        tags: ["handbook"],
        summary:
          "Per workflow: the hops its tokens cross, what each logs and which bans it enforces, its risk rows, a traceability score and the response playbook",
        querystring: HandbookQuery,
      },
    },
    async (req, reply) => {
      const h = await handbook.get(actor(req), req.query);
      if (req.query.format !== "md") return h;
      return reply.type("text/markdown; charset=utf-8").send(renderHandbookMarkdown(h));
    },
  );
}
