import cookie from "@fastify/cookie";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from "fastify-type-provider-zod";
import { registerAccountRoutes, registerOidcRoutes, type Actor } from "../accounts/index.js";
import type { AppContext } from "../app/context.js";
import { registerAuditRoutes } from "../audit/index.js";
import { registerBanRoutes, startBanSync } from "../bans/index.js";
import { registerDecisionRoutes } from "../decisions/index.js";
import { registerFeedDeliveryRoutes, registerSsfRoutes } from "../feed/transmitter/index.js";
import { registerInspectRoutes } from "../inspect/index.js";
import { registerIssuerRoutes, startIssuerSync } from "../issuers/index.js";
import { registerHandbookRoutes } from "../handbook/index.js";
import { registerIncidentRoutes } from "../incidents/index.js";
import { registerAlertRoutes, registerIngestRoutes, registerTraceRoutes } from "../trace/index.js";
import { registerImportRoutes, registerMeetingRoutes, registerRiskRoutes } from "../risk/index.js";
import { installAuth } from "./auth.js";
import { installBodyRules } from "./body.js";
import { installWeb } from "./web.js";
import { errorHandler } from "./error-handler.js";
import { VERSION } from "../app/version.js";

export interface AppOptions {
  /** CLI local mode: every request acts as this user; the app never listens on a socket. */
  localActor?: Actor | undefined;
  /** Fastify's logger: off, on, or a level (and a stream, for tests that read the log). */
  logger?: boolean | { level: string; stream?: NodeJS.WritableStream } | undefined;
  secureCookies?: boolean | undefined;
  /** Folder of the built web app (default dist/web). */
  webRoot?: string | undefined;
  /** Follow bans and trusted issuers changed by other instances on the same store (servers: on). */
  syncInstances?: boolean | undefined;
}

/** Builds the HTTP app: one Fastify instance with every domain's routes. */
export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    // Closing must not wait on browsers: open WebSockets and keep-alive sockets are cut.
    forceCloseConnections: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({
      error: {
        code: "not_found",
        message: `no route ${req.method} ${req.url.split("?")[0] ?? ""}`,
      },
    });
  });
  installBodyRules(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "TTT — Token Trust & Traceability",
        version: VERSION,
        description:
          "Assess, Respond, Trace. Authenticate with `Authorization: Bearer <API token>` or a session cookie from POST /api/v1/auth/login.",
      },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer" },
          session: { type: "apiKey", in: "cookie", name: "ttt_session" },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  installAuth(app, ctx.accounts, ctx.apiTokens, opts.localActor);
  // The browsable API page and its assets are public, like /openapi.json itself.
  app.addHook("onRoute", (route) => {
    if (route.url.startsWith("/docs")) route.config = { ...(route.config ?? {}), public: true };
  });
  await app.register(swaggerUi, { routePrefix: "/docs", uiConfig: { docExpansion: "list" } });

  app.get("/healthz", { config: { public: true }, schema: { hide: true } }, async () => {
    await ctx.store.db.selectFrom("audit_head").select("id").limit(1).execute();
    return { status: "ok", store: ctx.store.dialect, version: VERSION };
  });
  app.get("/openapi.json", { config: { public: true }, schema: { hide: true } }, () =>
    app.swagger(),
  );

  await installWeb(app, opts.webRoot);
  registerAccountRoutes(app, ctx, { secureCookies: opts.secureCookies ?? false });
  registerOidcRoutes(app, ctx.oidc, { secureCookies: opts.secureCookies ?? false });
  registerAuditRoutes(app, ctx);
  registerRiskRoutes(app, ctx.risk);
  registerBanRoutes(app, ctx.bans);
  registerIssuerRoutes(app, ctx.issuers);
  registerDecisionRoutes(app, ctx.decisions);
  registerInspectRoutes(app, ctx.inspect);
  registerSsfRoutes(app, ctx.feed);
  registerFeedDeliveryRoutes(app, ctx.feed);
  if (opts.syncInstances === true) {
    const stopBans = await startBanSync(ctx.store, ctx.bans, (err) =>
      app.log.error({ err }, "ban sync failed; resyncing"),
    );
    const stopIssuers = await startIssuerSync(ctx.store, ctx.issuers, (err) =>
      app.log.error({ err }, "trusted issuer sync failed"),
    );
    const stopFeed = await ctx.feed.start((err) => app.log.error({ err }, "ban feed push failed"));
    app.addHook("onClose", async () => {
      await stopFeed();
      await stopBans();
      await stopIssuers();
    });
  }
  await registerMeetingRoutes(app, ctx.risk.meetings);
  await registerImportRoutes(app, ctx.risk.imports);
  await registerIngestRoutes(app, ctx.ingest, {
    maxBytes: ctx.traceSettings.ingestMaxBytes,
    incident: {
      check: (a, id) => ctx.incidents.get(a, id),
      record: (a, id, summary) => ctx.incidents.recordIngest(a, id, summary),
    },
  });
  registerTraceRoutes(app, ctx.trace);
  registerAlertRoutes(app, ctx.alerts);
  registerIncidentRoutes(app, ctx.incidents);
  registerHandbookRoutes(app, ctx.handbook);
  return app;
}
