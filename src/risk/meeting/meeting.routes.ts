import websocket from "@fastify/websocket";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { TttError } from "../../core/errors.js";
import { actor } from "../../http/auth.js";
import { Slug } from "../risk.schema.js";
import type { ServerMessage } from "./meeting.protocol.js";
import type { MeetingService } from "./meeting.service.js";

/** Largest message a client may send; the biggest legitimate one is a row's notes. */
const MAX_MESSAGE = 64 * 1024;
const HEARTBEAT_MS = 30_000;

/** GET /api/v1/meetings/{a}/ws — the live meeting room (see meeting.protocol.ts). */
export async function registerMeetingRoutes(
  root: FastifyInstance,
  meetings: MeetingService,
): Promise<void> {
  await root.register(websocket, { options: { maxPayload: MAX_MESSAGE } });
  // A refused upgrade (401, 403, 404) is answered over the raw socket; end that socket too, or it
  // lingers half-open and a server shutdown waits for it.
  root.addHook("onResponse", (req, reply, done) => {
    if (req.headers.upgrade?.toLowerCase() === "websocket" && reply.statusCode >= 400)
      req.raw.socket.destroy();
    done();
  });
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    "/api/v1/meetings/:a/ws",
    {
      websocket: true,
      schema: {
        tags: ["assess"],
        summary:
          "Meeting room WebSocket: hidden voting live (protocol in src/risk/meeting/meeting.protocol.ts)",
        params: z.strictObject({ a: Slug }),
        querystring: z.strictObject({ spectator: z.stringbool().optional() }),
      },
    },
    async (socket, req) => {
      const send = (m: ServerMessage) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
      };
      // Messages that arrive while joining wait for it, so none is lost or handled out of order.
      const early: string[] = [];
      let joined: Awaited<ReturnType<MeetingService["join"]>> | undefined;
      socket.on("message", (data: Buffer, isBinary: boolean) => {
        const text = isBinary ? "" : data.toString("utf8");
        if (joined) void meetings.handle(joined.room, joined.conn, text);
        else early.push(text);
      });
      let alive = true;
      socket.on("pong", () => (alive = true));
      const beat = setInterval(() => {
        if (!alive) socket.terminate();
        alive = false;
        socket.ping();
      }, HEARTBEAT_MS);
      socket.on("close", () => {
        clearInterval(beat);
        if (joined) void meetings.leave(joined.room, joined.conn);
      });
      try {
        joined = await meetings.join(actor(req), req.params.a, req.query.spectator ?? false, send);
        for (const text of early.splice(0)) await meetings.handle(joined.room, joined.conn, text);
        if (socket.readyState !== socket.OPEN) await meetings.leave(joined.room, joined.conn);
      } catch (err) {
        const e = err instanceof TttError ? err : new TttError("internal", 500, "internal error");
        send({ type: "error", code: e.code, message: e.message });
        socket.close(1008, e.code);
      }
    },
  );
}
