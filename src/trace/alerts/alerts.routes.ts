import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { actor } from "../../http/auth.js";
import { AlertsQuery } from "./alerts.schema.js";
import type { AlertsService } from "./alerts.service.js";

/** GET /api/v1/alerts?since=…&kind=banned|expired-token&ban=…&site=…&limit=… (newest first). */
export function registerAlertRoutes(root: FastifyInstance, alerts: AlertsService): void {
  root.withTypeProvider<ZodTypeProvider>().get(
    "/api/v1/alerts",
    {
      schema: {
        tags: ["trace"],
        summary:
          "Alerts raised by ingest: events a ban covered at their time, tokens used after their exp",
        querystring: AlertsQuery,
      },
    },
    async (req) => ({ alerts: await alerts.list(actor(req), req.query) }),
  );
}
