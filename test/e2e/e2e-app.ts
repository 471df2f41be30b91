import { mkdirSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import type { Browser, BrowserContext } from "playwright-core";
import { PasswordHasher, TEST_SCRYPT_COST, type Actor } from "../../src/accounts/index.js";
import { createContext, type AppContext } from "../../src/app/context.js";
import { buildApp } from "../../src/http/app.js";
import { loadExample } from "../../src/risk/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { launchChromium } from "../../src/test-support/chromium.js";
import { ensureWebBuild } from "../../src/test-support/web-build.js";

/** Where browser tests write screenshots and downloads. */
export const ARTIFACTS = process.env.TTT_ARTIFACTS ?? "test-artifacts";

export interface E2eStore {
  store: Store;
  ctx: AppContext;
  admin: Actor;
}

/**
 * The browser tests' store: in-memory SQLite, the built-in methodologies, `admin`, and the
 * example assessment when asked for. Each test then adds what it needs before serving.
 */
export async function e2eStore(opts: { example?: boolean } = {}): Promise<E2eStore> {
  const store = await openStore({ dataDir: "", sqliteFile: ":memory:" });
  const ctx = createContext({ store, hasher: new PasswordHasher(TEST_SCRYPT_COST) });
  await ctx.risk.methodologies.installBuiltins();
  await ctx.accounts.ensureAdmin("admin-password-1");
  const admin = await ctx.accounts.localActor("admin");
  if (opts.example === true) await loadExample(ctx, admin);
  return { store, ctx, admin };
}

export interface E2eServer {
  app: FastifyInstance;
  base: string;
  browser: Browser;
  /** Every browser context a test opens (loginPage's `contexts`), closed with the rest. */
  contexts: BrowserContext[];
}

/**
 * Serves the app of `ctx` on a free loopback port (web app freshly built) and opens Chromium;
 * `contexts` collects the browser contexts the test opens, for e2eClose.
 */
export async function e2eServe(
  ctx: AppContext,
  contexts: BrowserContext[] = [],
): Promise<E2eServer> {
  ensureWebBuild();
  mkdirSync(ARTIFACTS, { recursive: true });
  const app = await buildApp(ctx);
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  return { app, base, browser: await launchChromium(), contexts };
}

/** Closes what a browser test opened, whichever part of its start it reached. */
export async function e2eClose(
  server: E2eServer | undefined,
  store: Store | undefined,
): Promise<void> {
  for (const c of server?.contexts ?? []) await c.close().catch(() => undefined);
  await server?.browser.close();
  await server?.app.close();
  await store?.close();
}
