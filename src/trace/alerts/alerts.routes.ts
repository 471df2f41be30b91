import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { actor } from "../../http/auth.js";
import { AlertAckBody, AlertIdParams, AlertsQuery } from "./alerts.schema.js";
import type { AlertsService } from "./alerts.service.js";

/**
 * GET /api/v1/alerts?since=…&kind=banned|expired-token&ban=…&site=…&state=open|acknowledged&limit=…
 * (newest first); POST /api/v1/alerts/:id/ack {note}.
 */
export function registerAlertRoutes(root: FastifyInstance, alerts: AlertsService): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post(
    "/api/v1/alerts/:id/ack",
    {
      schema: {
        tags: ["trace"],
        summary: "Acknowledge an alert: it has been looked at (409 if someone already did)",
        params: AlertIdParams,
        body: AlertAckBody,
      },
    },
    async (req) => ({ alert: await alerts.acknowledge(actor(req), req.params.id, req.body) }),
  );
  app.get(
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
