/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return --
   test fixture: API answers are JSON the tests inspect field by field */
// Test support for the transmitter's tests: an app with the feed configured (keys in a temporary
// directory, short retry and long-poll settings), listening on loopback so the JWKS is fetched
// over real HTTP, and an independent SET check that uses only jose and that JWKS.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { PasswordHasher, TEST_SCRYPT_COST, type Role } from "../../accounts/index.js";
import { createContext, type AppContext } from "../../app/context.js";
import { FixedClock, systemClock, type Clock } from "../../core/clock.js";
import { buildApp } from "../../http/app.js";
import type { Store } from "../../store/index.js";
import { credentials } from "../../test-support/app.js";

export const ISSUER = "https://ttt.example.org/";
export type Headers = { authorization: string };

export interface FeedApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: Clock;
  /** http://127.0.0.1:<port> */
  url: string;
  as(role: Role, name?: string): Promise<Headers>;
  /** Verifies a SET with jose and the JWKS fetched from GET /api/v1/ssf/jwks; returns its claims. */
  verify(set: string, aud: string): Promise<JWTPayload>;
  call(
    who: Headers,
    method: string,
    url: string,
    payload?: unknown,
    expect?: number[],
  ): Promise<any>;
  close(): Promise<void>;
}

export async function feedApp(
  store: Store,
  opts: { clock?: Clock; syncInstances?: boolean; keyDir?: string; closeStore?: boolean } = {},
): Promise<FeedApp> {
  const clock = opts.clock ?? new FixedClock("2026-03-01T09:00:00.000Z");
  const ownDir = opts.keyDir === undefined ? mkdtempSync(join(tmpdir(), "ttt-feed-test-")) : null;
  const keyDir = opts.keyDir ?? join(ownDir ?? "", "keys");
  const ctx = createContext({
    store,
    clock,
    hasher: new PasswordHasher(TEST_SCRYPT_COST),
    feed: {
      issuer: ISSUER,
      keyDir,
      poll: { longPollMs: 1500 },
      push: { baseBackoffMs: 40, maxBackoffMs: 200, idleMs: 50, timeoutMs: 2000 },
    },
  });
  await ctx.accounts.ensureAdmin("admin-password-1");
  const admin = await ctx.accounts.localActor("admin");
  const app = await buildApp(ctx, { syncInstances: opts.syncInstances });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  const jwks = createRemoteJWKSet(new URL(`${url}/api/v1/ssf/jwks`), { cooldownDuration: 0 });
  const self: FeedApp = {
    app,
    ctx,
    clock,
    url,
    as: credentials(ctx, admin),
    async verify(set, aud) {
      const { payload, protectedHeader } = await jwtVerify(set, jwks, {
        issuer: ISSUER,
        audience: aud,
        typ: "secevent+jwt",
        algorithms: ["ES256"],
        currentDate: clock.now(),
        maxTokenAge: "5m",
      });
      assert.equal(protectedHeader.typ, "secevent+jwt");
      assert.equal(typeof protectedHeader.kid, "string");
      assert.equal(payload.sub, undefined, "SSF forbids sub");
      assert.equal(payload.exp, undefined, "SSF forbids exp");
      assert.equal(typeof payload.jti, "string");
      assert.equal(Object.keys(payload.events as object).length, 1);
      return payload;
    },
    async call(who, method, path, payload, expect = [200, 201, 204]) {
      const res = await app.inject({
        method: method as "GET",
        url: path,
        headers: who,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      if (!expect.includes(res.statusCode))
        throw new Error(`${method} ${path} → ${res.statusCode}: ${res.body}`);
      return res.body === "" ? null : res.json();
    },
    async close() {
      await app.close();
      if (opts.closeStore !== false) await store.close();
      if (ownDir !== null) rmSync(ownDir, { recursive: true, force: true });
    },
  };
  return self;
}

export { systemClock };

/** The single event of a SET: its type URI and body. */
export function eventOf(claims: JWTPayload): { type: string; body: any } {
  const [type, body] = Object.entries(claims.events as Record<string, unknown>)[0] ?? [];
  return { type: type ?? "", body };
}

/** Waits until `check` returns a value (not undefined), or fails after `ms`. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  ms = 5000,
): Promise<T> {
  const start = performance.now();
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (performance.now() - start > ms) assert.fail(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
