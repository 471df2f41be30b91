import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { PasswordHasher, TEST_SCRYPT_COST } from "../../src/accounts/index.js";
import { loadConfig, oidcSettings } from "../../src/app/config.js";
import { createContext, type AppContext } from "../../src/app/context.js";
import { FixedClock } from "../../src/core/clock.js";
import { buildApp } from "../../src/http/app.js";
import type { Store } from "../../src/store/index.js";

/** A real TTT server on 127.0.0.1 at a free port, configured through TTT_OIDC_* variables. */
export interface TttServer {
  base: string;
  ctx: AppContext;
  app: FastifyInstance;
  /** The clock of the store's records (sessions, login transactions); the provider keeps real time. */
  clock: FixedClock;
  /** Every log line the server wrote (JSON), to check what is — and is not — logged. */
  logs: string[];
  close(): Promise<void>;
}

export async function startTtt(store: Store, env: Record<string, string>): Promise<TttServer> {
  const clock = new FixedClock(new Date());
  const config = loadConfig({}, env);
  const ctx = createContext({
    store,
    clock,
    hasher: new PasswordHasher(TEST_SCRYPT_COST),
    oidc: oidcSettings(config),
  });
  await ctx.accounts.ensureAdmin("admin-password-1");
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  const logger = { level: "info", stream };
  const app = await buildApp(ctx, { logger });
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    base,
    ctx,
    app,
    clock,
    logs,
    async close() {
      await app.close();
      await store.close();
    },
  };
}
