import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { actor } from "../../http/auth.js";
import { renderTrace } from "./formats/trace-formats.js";
import type { TraceService } from "./trace.service.js";
import { TraceRequest } from "./trace.schema.js";

const CONTENT_TYPE = {
  csv: "text/csv; charset=utf-8",
  timesketch: "application/x-ndjson; charset=utf-8",
  ecs: "application/x-ndjson; charset=utf-8",
  table: "text/plain; charset=utf-8",
} as const;

/**
 * GET /api/v1/trace?by=jti|sub|client|path|ip&value=…[&iss=…][&withDerived=true][&from=…][&to=…]
 * [&site=…][&limit=…][&format=json|csv|timesketch|ecs|table]: the trace result (JSON by default;
 * the other formats as text for download).
 */
export function registerTraceRoutes(root: FastifyInstance, trace: TraceService): void {
  root.withTypeProvider<ZodTypeProvider>().get(
    "/api/v1/trace",
    {
      schema: {
        tags: ["trace"],
        summary:
          "Trace a token (jti), identity (sub), client, path or address across the ingested logs: tokens with links and evidence, the timeline (proven and candidate events apart), a summary",
        querystring: TraceRequest,
      },
    },
    async (req, reply) => {
      const result = await trace.trace(actor(req), req.query);
      const format = req.query.format ?? "json";
      req.log.info(
        { by: result.query.by, events: result.timeline.length, tookMs: result.tookMs },
        "trace",
      );
      if (format === "json") return result;
      return reply.type(CONTENT_TYPE[format]).send(renderTrace(result, format));
    },
  );
}
