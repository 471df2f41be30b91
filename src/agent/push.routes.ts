/**
 * The agent's RFC 8935 push endpoint: the transmitter POSTs one SET per request
 * (`application/secevent+jwt`) with the bearer secret the agent gave it when it created its
 * stream. 202 only after the SET is committed to the agent's store; 400 `{err, description}`
 * with the RFC 8935 code when it is refused — a replay (a jti received before) included, which is
 * harmless for a retransmission after a lost answer: the SET was applied the first time, and the
 * transmitter records the refusal and stops; 401 `authentication_failed` for a missing or wrong
 * secret.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Refusal } from "./set-receiver.service.js";

export const SET_MEDIA_TYPE = "application/secevent+jwt";

export interface PushRouteDeps {
  path: string;
  /** The bearer secret the transmitter must present. */
  secret: string;
  /** Verifies and commits one SET; the refusal, or null when accepted. */
  receive: (set: string) => Promise<Refusal | null>;
}

const digest = (s: string) => createHash("sha256").update(s).digest();

export function registerPushRoute(app: FastifyInstance, d: PushRouteDeps): void {
  const expected = digest(`Bearer ${d.secret}`);
  app.addContentTypeParser(SET_MEDIA_TYPE, { parseAs: "string" }, (_req, body, done) => {
    done(null, body);
  });
  app.post(d.path, async (req, reply) => {
    // Compared as digests: constant time, whatever the length sent.
    if (!timingSafeEqual(digest(req.headers.authorization ?? ""), expected)) {
      return reply
        .code(401)
        .header("www-authenticate", 'Bearer realm="ttt-agent"')
        .send({ err: "authentication_failed", description: "missing or wrong bearer secret" });
    }
    const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== SET_MEDIA_TYPE || typeof req.body !== "string" || req.body.trim() === "") {
      return reply
        .code(400)
        .send({ err: "invalid_request", description: `the body must be one ${SET_MEDIA_TYPE}` });
    }
    const refusal = await d.receive(req.body.trim());
    if (refusal !== null) return reply.code(400).send(refusal);
    return reply.code(202).send();
  });
}
