import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { actor } from "../../http/auth.js";
import { renderTrace } from "./formats/trace-formats.js";
import type { TraceService } from "./trace.service.js";
import { TraceRequest } from "./trace.schema.js";

const EXTENSION = { csv: "csv", timesketch: "jsonl", ecs: "ndjson", table: "txt" } as const;

const CONTENT_TYPE = {
  csv: "text/csv; charset=utf-8",
  timesketch: "application/x-ndjson; charset=utf-8",
  ecs: "application/x-ndjson; charset=utf-8",
  table: "text/plain; charset=utf-8",
} as const;

/**
 * GET /api/v1/trace?by=jti|sub|client|path|ip&value=…[&iss=…][&withDerived=true][&from=…][&to=…]
 * [&site=…][&limit=…][&format=json|csv|timesketch|ecs|table]: the trace result (JSON by default;
 * the other formats as text, as an attachment named trace-<by>-<format>.<ext>).
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
      const name = `trace-${result.query.by}-${format}.${EXTENSION[format]}`;
      return reply
        .type(CONTENT_TYPE[format])
        .header("content-disposition", `attachment; filename="${name}"`)
        .send(renderTrace(result, format));
    },
  );
}
