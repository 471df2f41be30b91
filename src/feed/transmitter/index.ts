/**
 * The SSF transmitter (issue 6): the outbox of ban changes, streams, poll and push delivery,
 * discovery and the JWKS. The app wires it in context.ts and http/app.ts.
 */
export { FEED_TOPIC, OutboxRepository, type OutboxEntry } from "./outbox.repository.js";
export { Transmitter, SSF_PATHS, type TransmitterOptions } from "./transmitter.js";
export { registerSsfRoutes } from "./ssf.routes.js";
export { registerFeedDeliveryRoutes, FEED_DELIVERY_PATH } from "./delivery-overview.routes.js";
export type { DeliveryOverview, StreamDeliveryView } from "./delivery-overview.service.js";
export {
  POLL_METHOD,
  PUSH_METHOD,
  VERIFICATION_EVENT,
  type DeliveryError,
  type Stream,
  type StreamStatus,
} from "./stream.model.js";
export type { PushOptions } from "./push-dispatcher.js";
export type { PollOptions, PollResponse } from "./poll.service.js";
