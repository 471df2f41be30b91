import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { actor } from "../http/auth.js";
import { HandbookQuery } from "./handbook.schema.js";
import type { HandbookService } from "./handbook.service.js";

/** RFC 6266 attachment: an ASCII file name plus its UTF-8 form. */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * GET /api/v1/handbook[?workflow=…][&assessment=…][&version=…][&format=json|md|html|pdf]: JSON
 * as the API's answer by default; md, html and pdf as a download with its file name.
 */
export function registerHandbookRoutes(root: FastifyInstance, handbook: HandbookService): void {
  root.withTypeProvider<ZodTypeProvider>().get(
    "/api/v1/handbook",
    {
      schema: {
        tags: ["handbook"],
        summary:
          "Per workflow: the hops its tokens cross, what each logs and which bans it enforces, its risk rows, a traceability score and the response playbook; as JSON, Markdown, HTML or PDF",
        querystring: HandbookQuery,
      },
    },
    async (req, reply) => {
      const format = req.query.format ?? "json";
      if (format === "json") return handbook.get(actor(req), req.query);
      const file = await handbook.render(actor(req), req.query);
      return reply
        .type(file.contentType)
        .header("content-disposition", attachment(file.fileName))
        .header("cache-control", "no-store")
        .send(file.body);
    },
  );
}
