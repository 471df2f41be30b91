import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { actor } from "../../http/auth.js";
import { VersionParams } from "../risk.schema.js";
import { REPORT_FORMATS, type ReportService } from "./report.service.js";

const ReportQuery = z.strictObject({
  format: z.enum(REPORT_FORMATS).default("html"),
  /** `inline` shows HTML/PDF in the browser; the default downloads. */
  disposition: z.enum(["attachment", "inline"]).default("attachment"),
});

/** RFC 6266 filename: ASCII fallback plus the UTF-8 form. */
function contentDisposition(kind: string, fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** GET /api/v1/assessments/{a}/versions/{v}/report?format=md|html|pdf|xlsx|csv|json */
export function registerReportRoutes(root: FastifyInstance, reports: ReportService): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    "/api/v1/assessments/:a/versions/:v/report",
    {
      schema: {
        tags: ["assess"],
        summary:
          "The report of a version as Markdown, HTML, PDF, XLSX, CSV (CISO Assistant columns) or JSON (the lossless export of the whole assessment)",
        params: VersionParams,
        querystring: ReportQuery,
      },
    },
    async (req, reply) => {
      const { a, v } = req.params;
      const r = await reports.render(actor(req), a, v, req.query.format);
      return reply
        .header("content-type", r.contentType)
        .header("content-disposition", contentDisposition(req.query.disposition, r.fileName))
        .header("cache-control", "no-store")
        .send(r.body);
    },
  );
}
