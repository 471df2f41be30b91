import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { actor } from "../http/auth.js";
import { created } from "../http/reply.js";
import { BAN_KINDS } from "./ban.model.js";
import { CreateBanRequest, IssuerUrl, LiftBanBody } from "./ban.schema.js";
import type { BansService } from "./bans.service.js";
import { BanExportQuery, presentBanFile } from "./export/index.js";

const BanParams = z.strictObject({ id: z.string().min(1).max(100) });
const BansQuery = z.strictObject({
  state: z.enum(["active", "pending", "expired", "lifted"]).optional(),
  kind: z.enum(BAN_KINDS).optional(),
  iss: IssuerUrl.optional(),
});

/** The ban API (Respond): create, list, show, lift, and the ban files for the middleware. */
export function registerBanRoutes(root: FastifyInstance, bans: BansService): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  /** The file itself, or with as=json the file and what the format cannot enforce. */
  const sendExport = async (
    req: FastifyRequest,
    reply: FastifyReply,
    query: z.output<typeof BanExportQuery>,
  ) => {
    const file = await bans.exportFile(actor(req), query);
    if (query.as === "json") return presentBanFile(file);
    return reply
      .header("content-type", file.mediaType)
      .header("content-disposition", `attachment; filename="${file.filename}"`)
      .header("cache-control", "no-store")
      .header("x-ttt-unenforceable", String(file.unenforceable.length))
      .send(file.content);
  };
  const tags = ["respond"];
  app.post(
    "/api/v1/bans",
    {
      schema: {
        tags,
        summary: "Ban a token, identity, client, group or issuer (group/issuer need confirmBroad)",
        body: CreateBanRequest,
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
  app.get(
    "/api/v1/bans/export",
    {
      schema: {
        tags,
        summary:
          "A ban file for dcache, storm, arc, condor, xrootd, fts, eos or json; as=json wraps it with unenforceable_at",
        querystring: BanExportQuery,
      },
    },
    async (req, reply) => sendExport(req, reply, req.query),
  );
  // The same with the query in a JSON body: per-format options (eos.users of a big site) can
  // outgrow what a URL may carry (Node refuses request headers over 16 KiB).
  app.post(
    "/api/v1/bans/export",
    {
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags,
        summary: "The ban file of GET /api/v1/bans/export, asked with the query as a JSON body",
        body: BanExportQuery,
      },
    },
    async (req, reply) => sendExport(req, reply, req.body),
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
