/**
 * The agent's local HTTP server: `/healthz` (ok / stale, with the last contact), `/metrics`
 * (Prometheus text) and `POST /api/v1/decisions` with `{claims, site?}`, answered from the
 * agent's own list — it keeps answering while the transmitter is away. Bind it to loopback or
 * a management network: it has no authentication.
 */
import Fastify, { type FastifyInstance } from "fastify";
import { z } from "zod";
import { BanIndex, SiteName, decideClaims } from "../bans/index.js";
import { fieldIssues } from "../core/validation.js";
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
  app.post("/api/v1/decisions", async (req, reply) => {
    const body = DecisionBody.safeParse(req.body);
    if (!body.success) {
      const issues = fieldIssues(body.error.issues, "body");
      return reply.code(400).send({
        error: { code: "validation_failed", message: "invalid decision request", issues },
      });
    }
    const site = body.data.site ?? d.site;
    return decideClaims(currentIndex(), body.data.claims, d.clock.now().getTime(), site);
  });
  return app;
}
