import type { Command } from "commander";
import { feedSettings, loadConfig, oidcSettings, traceSettings } from "../../app/config.js";
import { TttError } from "../../core/errors.js";
import { loadExampleIncident } from "../../app/example-incident.js";
import { bootstrap } from "../../app/bootstrap.js";
import { createContext, type AppContext } from "../../app/context.js";
import type { Actor } from "../../accounts/index.js";
import { openStore } from "../../store/index.js";
import { int, type GlobalOptions } from "../runtime.js";

/** `ttt serve`: the HTTP server on the configured store. */
export function serveCommand(program: Command): void {
  program
    .command("serve")
    .description("run the server (default http://0.0.0.0:8080 on SQLite in ./ttt-data)")
    .option("--port <n>", "port (default 8080, env TTT_PORT)", int)
    .option("--host <host>", "address to listen on (default 0.0.0.0, env TTT_HOST)")
    .action(async (o: { port?: number; host?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      let stopRetention = () => undefined as void;
      const config = loadConfig({
        port: o.port,
        host: o.host,
        dataDir: g.dataDir,
        databaseUrl: g.databaseUrl,
        config: g.config,
      });
      const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
      const ctx = createContext({
        store,
        sessionHours: config.sessionHours,
        oidc: oidcSettings(config),
        tokenCacheSize: config.tokenCacheSize,
        feed: feedSettings(config),
        trace: traceSettings(config),
      });
      const boot = await bootstrap(ctx, config);
      stopRetention = scheduleRetention(ctx, await ctx.accounts.localActor(g.as));
      const { buildApp } = await import("../../http/app.js"); // see runtime.ts
      const app = await buildApp(ctx, {
        logger: { level: config.logLevel },
        secureCookies: config.secureCookies,
        syncInstances: true,
      });
      if (boot.generatedAdminPassword !== undefined) {
        process.stdout.write(
          `\n  Created user 'admin' with password: ${boot.generatedAdminPassword}\n  It is shown only this once; set TTT_ADMIN_PASSWORD to choose it.\n\n`,
        );
      }
      if (boot.exampleLoaded) {
        process.stdout.write(
          "  Loaded the example assessment 'wlcg-token-workflows' (illustrative).\n",
        );
        const admin = await ctx.accounts.localActor("admin");
        try {
          const ex = await loadExampleIncident(ctx, admin, config.dataDir);
          process.stdout.write(
            `  Loaded the example incident ${ex.incident}: generated logs of two sites (${ex.events} events, ${ex.alerts} alerts).\n`,
          );
        } catch (err) {
          process.stderr.write(
            `  The example incident was not loaded: ${(err as Error).message}\n`,
          );
        }
      }
      const stop = async () => {
        stopRetention();
        await app.close();
        await store.close();
        process.exit(0);
      };
      process.once("SIGINT", () => void stop());
      process.once("SIGTERM", () => void stop());
      let address: string;
      try {
        address = await app.listen({ port: config.port, host: config.host });
      } catch (err) {
        await app.close();
        await store.close();
        throw new TttError(
          "listen_failed",
          500,
          `cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`,
        );
      }
      process.stdout.write(
        `TTT listening on ${address} (store: ${store.dialect} ${store.location}); API docs at /docs\n`,
      );
    });

  program
    .command("demo")
    .description(
      "load the example assessment (illustrative data reconstructed from public minutes)",
    )
    .action(async (_o: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const config = loadConfig({
        dataDir: g.dataDir,
        databaseUrl: g.databaseUrl,
        config: g.config,
        loadExample: "false",
      });
      const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
      try {
        const ctx = createContext({ store, sessionHours: config.sessionHours });
        await bootstrap(ctx, config);
        const { loadExample } = await import("../../risk/index.js");
        const r = await loadExample(ctx, await ctx.accounts.localActor(g.as));
        process.stdout.write(
          r.created
            ? `loaded example assessment '${r.assessment}'\n`
            : `example assessment '${r.assessment}' already present\n`,
        );
      } finally {
        await store.close();
      }
    });
}

const RETENTION_EVERY_MS = 6 * 3_600_000;

/**
 * With TTT_TRACE_RETENTION_DAYS set, deletes older ingested events now and every 6 hours. A
 * failure is logged and retried at the next turn; it never stops the server.
 */
function scheduleRetention(ctx: AppContext, actor: Actor): () => void {
  const days = ctx.traceSettings.retentionDays;
  if (days === 0) return () => undefined;
  const run = () =>
    void ctx.retention.prune(actor, days).then(
      (r) => process.stdout.write(`retention: removed ${r.events} events before ${r.cutoff}\n`),
      (err: unknown) => process.stderr.write(`retention failed: ${String(err)}\n`),
    );
  run();
  const timer = setInterval(run, RETENTION_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
