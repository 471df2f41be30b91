import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { actor } from "../http/auth.js";
import { created } from "../http/reply.js";
import { CreateIssuerBody, UpdateIssuerBody } from "./issuer.schema.js";
import type { IssuersService } from "./issuers.service.js";

/** An issuer id, or the issuer URL itself (percent-encoded in the path). */
const IssuerParams = z.strictObject({ id: z.string().min(1).max(2048) });

/** The trusted-issuer registry (Respond): which issuers' tokens verify, and their keys. */
export function registerIssuerRoutes(root: FastifyInstance, issuers: IssuersService): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ["issuers"];
  // A key refresh still running in the background must finish before the store closes.
  root.addHook("onClose", () => issuers.idle());
  app.post(
    "/api/v1/issuers",
    {
      schema: {
        tags,
        summary: "Trust an issuer: online (jwksUri, or discovery) or offline (static jwks)",
        body: CreateIssuerBody,
      },
    },
    (req, reply) => created(reply, issuers.add(actor(req), req.body)),
  );
  app.get(
    "/api/v1/issuers",
    { schema: { tags, summary: "Trusted issuers with the state of their keys" } },
    (req) => issuers.list(actor(req)),
  );
  app.post(
    "/api/v1/issuers/refresh",
    { schema: { tags, summary: "Fetch every online issuer's keys now; one result each" } },
    (req) => issuers.refreshAll(actor(req)),
  );
  app.get(
    "/api/v1/issuers/:id",
    { schema: { tags, summary: "One trusted issuer (by id or issuer URL)", params: IssuerParams } },
    (req) => issuers.get(actor(req), req.params.id),
  );
  app.patch(
    "/api/v1/issuers/:id",
    {
      schema: {
        tags,
        summary: "Change algorithms, audiences, refresh period or key source",
        params: IssuerParams,
        body: UpdateIssuerBody,
      },
    },
    (req) => issuers.update(actor(req), req.params.id, req.body),
  );
  app.delete(
    "/api/v1/issuers/:id",
    { schema: { tags, summary: "Stop trusting an issuer", params: IssuerParams } },
    (req) => issuers.remove(actor(req), req.params.id),
  );
  app.post(
    "/api/v1/issuers/:id/refresh",
    {
      schema: {
        tags,
        summary: "Fetch an issuer's keys now (a failure keeps the old keys)",
        params: IssuerParams,
      },
    },
    (req) => issuers.refresh(actor(req), req.params.id),
  );
}
