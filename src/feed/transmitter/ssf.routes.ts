import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { actor } from "../../http/auth.js";
import { created } from "../../http/reply.js";
import {
  CreateStreamBody,
  PollBody,
  RequiredStreamIdQuery,
  StatusBody,
  StreamId,
  StreamIdQuery,
  SubjectBody,
  UpdateStreamBody,
  VerifyBody,
} from "./stream.schema.js";
import { SSF_PATHS, type Transmitter } from "./transmitter.js";

/**
 * The SSF transmitter's HTTP surface (SSF 1.0 §7–8, RFC 8936): public discovery and JWKS;
 * stream management, subjects, verification and poll with an API token.
 */
export function registerSsfRoutes(root: FastifyInstance, feed: Transmitter): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ["feed"];
  const pub = { public: true };
  app.get(
    "/.well-known/ssf-configuration",
    { config: pub, schema: { tags, summary: "SSF transmitter configuration metadata" } },
    () => feed.discovery(),
  );
  app.get(
    SSF_PATHS.jwks,
    { config: pub, schema: { tags, summary: "Public keys that verify the SETs" } },
    (_req, reply) => {
      void reply.header("cache-control", "max-age=300");
      return feed.jwks();
    },
  );
  app.post(
    "/api/v1/ssf/keys/rotate",
    { schema: { tags, summary: "Rotate the signing key (admin); the old key stays published" } },
    (req) => feed.rotateKey(actor(req)),
  );
  const cfg = SSF_PATHS.configuration;
  app.post(
    cfg,
    {
      schema: {
        tags,
        summary: "Create a stream (bootstraps the current ban list)",
        body: CreateStreamBody,
      },
    },
    (req, reply) => created(reply, feed.streams.create(actor(req), req.body)),
  );
  app.get(
    cfg,
    { schema: { tags, summary: "A stream, or all of yours", querystring: StreamIdQuery } },
    (req) => feed.streams.read(actor(req), req.query.stream_id),
  );
  app.patch(
    cfg,
    { schema: { tags, summary: "Change the given properties", body: UpdateStreamBody } },
    (req) => feed.streams.update(actor(req), req.body, "patch"),
  );
  app.put(
    cfg,
    {
      schema: { tags, summary: "Replace the receiver-supplied properties", body: UpdateStreamBody },
    },
    (req) => feed.streams.update(actor(req), req.body, "replace"),
  );
  app.delete(
    cfg,
    { schema: { tags, summary: "Delete a stream", querystring: RequiredStreamIdQuery } },
    async (req, reply) => {
      await feed.streams.delete(actor(req), req.query.stream_id);
      return reply.status(204).send();
    },
  );
  app.get(
    SSF_PATHS.status,
    { schema: { tags, summary: "Stream status and delivery", querystring: RequiredStreamIdQuery } },
    (req) => feed.streams.status(actor(req), req.query.stream_id),
  );
  app.post(
    SSF_PATHS.status,
    { schema: { tags, summary: "Enable, pause or disable a stream", body: StatusBody } },
    (req) => feed.streams.setStatus(actor(req), req.body),
  );
  app.post(
    SSF_PATHS.addSubject,
    { schema: { tags, summary: "Add a subject (informational)", body: SubjectBody } },
    async (req) => {
      await feed.signals.addSubject(actor(req), req.body);
      return {};
    },
  );
  app.post(
    SSF_PATHS.removeSubject,
    { schema: { tags, summary: "Remove a subject", body: SubjectBody } },
    async (req, reply) => {
      await feed.signals.removeSubject(actor(req), req.body);
      return reply.status(204).send();
    },
  );
  app.post(
    SSF_PATHS.verification,
    { schema: { tags, summary: "Queue a verification event", body: VerifyBody } },
    async (req, reply) => {
      await feed.signals.verify(actor(req), req.body);
      return reply.status(204).send();
    },
  );
  app.post(
    `${SSF_PATHS.poll}/:stream_id`,
    {
      schema: {
        tags,
        summary: "RFC 8936 poll: acknowledge, report errors, receive SETs",
        params: z.strictObject({ stream_id: StreamId }),
        body: PollBody.optional(),
      },
    },
    (req, reply) => {
      const abort = new AbortController(); // a long poll ends when its client goes away
      reply.raw.once("close", () => abort.abort());
      return feed.poll.poll(actor(req), req.params.stream_id, req.body, abort.signal);
    },
  );
}
