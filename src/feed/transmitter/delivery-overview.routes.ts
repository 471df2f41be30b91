import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { actor } from "../../http/auth.js";
import { DeliveryOverviewQuery } from "./stream.schema.js";
import type { Transmitter } from "./transmitter.js";

/** Where the delivery overview is served: TTT's own path, apart from the SSF endpoints. */
export const FEED_DELIVERY_PATH = "/api/v1/feed/delivery";

/** The ban feed's delivery per site (admins and responders; read only, not SSF). */
export function registerFeedDeliveryRoutes(root: FastifyInstance, feed: Transmitter): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    FEED_DELIVERY_PATH,
    {
      schema: {
        tags: ["feed"],
        summary: "Every site's stream: owner, status and delivery figures",
        querystring: DeliveryOverviewQuery,
      },
    },
    (req) => feed.delivery.overview(actor(req)),
  );
}
