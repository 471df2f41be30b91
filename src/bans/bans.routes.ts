import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { actor } from "../http/auth.js";
import { created } from "../http/reply.js";
import { BAN_KINDS } from "./ban.model.js";
import { CreateBanBody, IssuerUrl, LiftBanBody } from "./ban.schema.js";
import type { BansService } from "./bans.service.js";

const BanParams = z.strictObject({ id: z.string().min(1).max(100) });
const BansQuery = z.strictObject({
  state: z.enum(["active", "pending", "expired", "lifted"]).optional(),
  kind: z.enum(BAN_KINDS).optional(),
  iss: IssuerUrl.optional(),
});

/** The ban API (Respond): create, list, show, lift. Decisions and ban files come later. */
export function registerBanRoutes(root: FastifyInstance, bans: BansService): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ["respond"];
  app.post(
    "/api/v1/bans",
    {
      schema: {
        tags,
        summary: "Ban a token, identity, client, group or issuer (group/issuer need confirmBroad)",
        body: CreateBanBody,
      },
    },
    (req, reply) => created(reply, bans.create(actor(req), req.body)),
  );
  app.get(
    "/api/v1/bans",
    {
      schema: {
        tags,
        summary: "Bans, oldest first, by state now, kind, issuer",
        querystring: BansQuery,
      },
    },
    (req) => bans.list(actor(req), req.query),
  );
  app.get("/api/v1/bans/:id", { schema: { tags, summary: "One ban", params: BanParams } }, (req) =>
    bans.get(actor(req), req.params.id),
  );
  app.post(
    "/api/v1/bans/:id/lift",
    {
      schema: {
        tags,
        summary: "Lift a ban for good, with a reason",
        params: BanParams,
        body: LiftBanBody,
      },
    },
    (req) => bans.lift(actor(req), req.params.id, req.body),
  );
}
