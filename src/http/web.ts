import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** Where `vite build` puts the web app (dist/web next to dist/http, or from the sources). */
export const WEB_ROOT = fileURLToPath(new URL("../../dist/web", import.meta.url));

/**
 * Serves the built web app on the same port as the API. Unknown non-API GETs get index.html so
 * the app's own routes survive a reload. Without a build, the API still works and `/` says how
 * to build.
 */
export async function installWeb(app: FastifyInstance, root = WEB_ROOT): Promise<void> {
  if (!existsSync(`${root}/index.html`)) {
    app.get("/", { config: { public: true }, schema: { hide: true } }, (_req, reply) =>
      reply
        .type("text/plain")
        .send(
          "The web app is not built: run `npm run build`. The API is at /api/v1, docs at /docs.\n",
        ),
    );
    return;
  }
  // The app's files are public (the login page must load); the API behind them is not.
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/")) route.config = { ...(route.config ?? {}), public: true };
  });
  await app.register(fastifyStatic, { root, prefix: "/", wildcard: false, index: ["index.html"] });
  app.get("/*", { config: { public: true }, schema: { hide: true } }, (req, reply) => {
    const path = req.url.split("?")[0] ?? "/";
    if (path.startsWith("/api/"))
      return reply
        .status(404)
        .send({ error: { code: "not_found", message: `no route GET ${path}` } });
    return reply.sendFile("index.html", root);
  });
}
