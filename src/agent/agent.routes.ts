/**
 * The agent's local HTTP server: `/healthz` (ok / stale, with the last contact), `/metrics`
 * (Prometheus text) and `POST /api/v1/decisions` with `{claims, site?}`, answered from the
 * agent's own list — it keeps answering while the transmitter is away. Bind it to loopback or
 * a management network: it has no authentication.
 */
import Fastify, { type FastifyInstance } from "fastify";
import { z } from "zod";
import { BanIndex, SiteName, decideClaims } from "../bans/index.js";
import { parseInput } from "../core/validation.js";
import { errorHandler } from "../http/error-handler.js";
import type { Clock } from "../core/clock.js";
import type { AgentStore } from "./agent-store.repository.js";
import type { AgentService } from "./agent.service.js";

const DecisionBody = z.strictObject({
  claims: z.record(z.string(), z.unknown()),
  site: SiteName.optional(),
});

export interface AgentHttpDeps {
  agent: AgentService;
  store: AgentStore;
  clock: Clock;
  site: string;
}

/** Builds (does not start) the server. */
export function buildAgentHttp(d: AgentHttpDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  // The server's one error handler: the same {error: {code, message, details}} bodies (bad
  // JSON, a body over the limit, a failed validation) as the central API.
  app.setErrorHandler(errorHandler);
  let index: { version: number; index: BanIndex } | undefined;
  const currentIndex = () => {
    if (index?.version !== d.agent.listVersion) {
      const bans = d.store.bans().filter((b) => b.state === "active");
      index = { version: d.agent.listVersion, index: new BanIndex(bans) };
    }
    return index.index;
  };

  app.get("/healthz", async (_req, reply) => {
    const h = d.agent.health();
    return reply.code(h.status === "stale" ? 503 : 200).send(h);
  });
  app.get("/metrics", async (_req, reply) =>
    reply
      .type("text/plain; version=0.0.4; charset=utf-8")
      .send(d.agent.metrics.render(d.agent.health().status === "stale")),
  );
  app.post("/api/v1/decisions", (req) => {
    const body = parseInput(DecisionBody, req.body, "invalid decision request", "body");
    return decideClaims(currentIndex(), body.claims, d.clock.now().getTime(), body.site ?? d.site);
  });
  return app;
}
