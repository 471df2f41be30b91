/**
 * The baseline of bench:decide-http: a bare Fastify app on loopback with one POST route that
 * parses the JSON body and answers a small JSON object — no auth, no logging, no logic. What
 * TTT's decision route costs on top of this is the figure to watch on a noisy machine.
 */
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.post("/api/v1/decisions", (_req, reply) => {
  void reply.send({ decision: "allow", bans: [], reason: "baseline" });
});
const address = await app.listen({ port: 0, host: "127.0.0.1" });
process.stdout.write(`listening on ${address}\n`);
