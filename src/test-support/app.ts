import type { FastifyInstance } from "fastify";
import { PasswordHasher, TEST_SCRYPT_COST, type Actor, type Role } from "../accounts/index.js";
import { createContext, type AppContext, type TraceSettings } from "../app/context.js";
import { FixedClock } from "../core/clock.js";
import { buildApp } from "../http/app.js";
import type { Store } from "../store/index.js";

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: FixedClock;
  /** Authorization headers of a user with the role, created on first use (name = role unless given). */
  as(role: Role, name?: string): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

/**
 * `as(role, name)`: authorization headers of a user with the role, created on first use (or
 * found, when another instance on the store made it), with an API token the user minted.
 */
export function credentials(ctx: AppContext, admin: Actor): TestApp["as"] {
  const tokens = new Map<string, string>();
  return async (role, name = role) => {
    let secret = tokens.get(name);
    if (secret === undefined) {
      const existing = await ctx.accounts.localActor(name).catch(() => undefined);
      if (existing === undefined)
        await ctx.accounts.addUser(admin, { name, role, password: `${name}-password` });
      // minted by the user themselves: an own credential, as a person would have
      secret = (await ctx.apiTokens.create(await ctx.accounts.localActor(name), { label: "test" }))
        .secret;
      tokens.set(name, secret);
    }
    return { authorization: `Bearer ${secret}` };
  };
}

/** A real app over a real store, with an admin and API tokens per user; time is fixed. */
export async function testApp(
  store: Store,
  opts: { syncInstances?: boolean; trace?: Partial<TraceSettings> } = {},
): Promise<TestApp> {
  const clock = new FixedClock("2026-03-01T09:00:00.000Z");
  const ctx = createContext({
    store,
    clock,
    hasher: new PasswordHasher(TEST_SCRYPT_COST),
    trace: opts.trace,
  });
  await ctx.risk.methodologies.installBuiltins();
  await ctx.accounts.ensureAdmin("admin-password-1");
  const admin = await ctx.accounts.localActor("admin");
  const app = await buildApp(ctx, { syncInstances: opts.syncInstances });
  return {
    app,
    ctx,
    clock,
    as: credentials(ctx, admin),
    async close() {
      await app.close();
      await store.close();
    },
  };
}
