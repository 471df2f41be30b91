// The token checker over the real issuer registry and a real loopback JWKS server: a verified
// token is remembered until its exp, but only while its issuer keeps the same keys; key rotation
// is followed through one forced refresh on an unknown kid; a burst of one token verifies it
// once; the cache can be switched off.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createContext, type AppContext } from "../app/context.js";
import { PasswordHasher, TEST_SCRYPT_COST, type Actor } from "../accounts/index.js";
import { FixedClock } from "../core/clock.js";
import { openStore } from "../store/index.js";
import {
  makeKey,
  signToken,
  startJwksServer,
  type JwksServer,
  type TestKey,
} from "../test-support/jwks-server.js";
import { TokenChecker } from "./token-checker.js";

describe("TokenChecker", () => {
  let ctx: AppContext;
  let admin: Actor;
  let server: JwksServer;
  let k1: TestKey;
  let k2: TestKey;
  const clock = new FixedClock("2026-03-01T09:00:00.000Z");
  const now = () => Math.floor(clock.now().getTime() / 1000);
  before(async () => {
    const store = await openStore({ dataDir: "", sqliteFile: ":memory:" });
    ctx = createContext({ store, clock, hasher: new PasswordHasher(TEST_SCRYPT_COST) });
    await ctx.accounts.ensureAdmin("admin-password-1");
    admin = await ctx.accounts.localActor("admin");
    k1 = await makeKey("ES256", "k1");
    k2 = await makeKey("ES256", "k2");
    server = await startJwksServer([k1.publicJwk]);
    await ctx.issuers.add(admin, { iss: server.iss, jwksUri: server.jwksUrl });
  });
  after(async () => {
    await ctx.issuers.idle();
    await server.close();
    await ctx.store.close();
  });

  it("remembers a verified token, and forgets it when the issuer's keys change", async () => {
    const checker = new TokenChecker({ clock, issuers: ctx.issuers });
    const token = await signToken(k1, server.iss, now(), { jti: "j-cache" });
    const first = await checker.check(token);
    assert.equal(first.ok && first.cached, false);
    const second = await checker.check(token);
    assert.ok(second.ok && second.cached, "verified once, then remembered");
    assert.equal(second.fingerprint, first.fingerprint);
    // The issuer drops k1 (compromised) for k2; a refresh brings the new set.
    server.keys = [k2.publicJwk];
    await ctx.issuers.refresh(admin, server.iss);
    const after = await checker.check(token);
    assert.equal(
      after.ok,
      false,
      "a token signed with a dropped key is not let through from cache",
    );
    assert.equal(!after.ok && after.code, "unknown_kid");
  });

  it("keeps remembering verified tokens while a refresh fails (the keys did not change)", async () => {
    const checker = new TokenChecker({ clock, issuers: ctx.issuers });
    server.keys = [k2.publicJwk];
    await ctx.issuers.refresh(admin, server.iss);
    const token = await signToken(k2, server.iss, now(), { jti: "j-down" });
    await checker.check(token);
    server.behaviour = "500";
    try {
      const failed = await ctx.issuers.refresh(admin, server.iss);
      assert.equal(failed.ok, false);
      const again = await checker.check(token);
      assert.ok(again.ok && again.cached, "still remembered: same keys, same trust");
      assert.ok(again.ok && again.issuer.lastRefreshError !== null, "and the failure is reported");
    } finally {
      server.behaviour = "ok";
    }
  });

  it("follows a key rotation through one forced refresh on an unknown kid", async () => {
    const checker = new TokenChecker({ clock, issuers: ctx.issuers });
    const k3 = await makeKey("ES256", "k3");
    server.keys = [k2.publicJwk, k3.publicJwk];
    clock.advance(6 * 60 * 1000); // past the 5-minute limit on forced fetches
    const hits = server.hits.jwks;
    const r = await checker.check(await signToken(k3, server.iss, now(), { jti: "j-rot" }));
    assert.ok(r.ok, !r.ok ? r.reason : "");
    assert.equal(server.hits.jwks, hits + 1);
  });

  it("says an issuer has no keys yet when its JWKS was never fetched, not that the kid is unknown", async () => {
    const down = await startJwksServer([k1.publicJwk]);
    down.behaviour = "500";
    try {
      await ctx.issuers.add(admin, { iss: down.iss, jwksUri: down.jwksUrl });
      const checker = new TokenChecker({ clock, issuers: ctx.issuers });
      const r = await checker.check(await signToken(k1, down.iss, now(), { jti: "j-nokeys" }));
      assert.equal(!r.ok && r.code, "issuer_keys_unavailable");
      assert.match(
        !r.ok ? r.reason : "",
        /^issuer \S+ has no keys yet, so the signature cannot be checked \(last key fetch, .*\); fix the JWKS URL or the network, then ttt issuers refresh$/,
      );
      assert.ok(!r.ok && r.issuer?.lastRefreshError !== null, "the failed fetch is reported");
    } finally {
      await ctx.issuers.idle();
      await down.close();
    }
  });

  it("verifies a token once for a burst of requests carrying it at the same time", async () => {
    let lookups = 0;
    const counting = {
      trustFor: (iss: string, opts?: { unknownKid?: boolean }) => {
        lookups++;
        return ctx.issuers.trustFor(iss, opts);
      },
    };
    const token = await signToken(k2, server.iss, now(), { jti: "j-burst" });
    const checker = new TokenChecker({ clock, issuers: counting });
    const burst = await Promise.all(Array.from({ length: 12 }, () => checker.check(token)));
    assert.ok(burst.every((r) => r.ok));
    // Without the sharing every request would verify and none would say `cached`.
    assert.equal(burst.filter((r) => r.ok && !r.cached).length, 1, "one verification for twelve");
    // A forged token in a burst: one verification, every request refused, nothing remembered.
    const forged = `${token.slice(0, token.lastIndexOf(".") + 1)}${"A".repeat(86)}`;
    lookups = 0;
    const refused = await Promise.all(Array.from({ length: 5 }, () => checker.check(forged)));
    assert.ok(refused.every((r) => !r.ok && r.code === "bad_signature"));
    assert.equal(lookups, 1);
    await checker.check(forged);
    assert.equal(lookups, 2, "a refused token is verified again next time");
    // With the cache off, every request verifies on its own.
    const off = new TokenChecker({ clock, issuers: counting, cacheSize: 0 });
    lookups = 0;
    await Promise.all(Array.from({ length: 4 }, () => off.check(token)));
    assert.equal(lookups, 4);
  });

  /**
   * A trust source whose next look-up answers with the trust of that moment but returns it only
   * when `open` is called: a verification held in flight while the test changes the world.
   */
  function gatedSource() {
    let held: { open: () => void; wait: Promise<void> } | null = null;
    const source = {
      /** Look-ups made so far. */
      calls: 0,
      hold() {
        let open = () => {};
        const wait = new Promise<void>((resolve) => (open = resolve));
        held = { open, wait };
        return open;
      },
      trustFor: async (iss: string, opts?: { unknownKid?: boolean }) => {
        source.calls++;
        const answer = await ctx.issuers.trustFor(iss, opts);
        const gate = held;
        held = null;
        if (gate !== null) await gate.wait;
        return answer;
      },
    };
    return source;
  }

  it("does not hand a shared verification to a request that came after its issuer was removed", async () => {
    const other = await startJwksServer([k1.publicJwk]);
    try {
      await ctx.issuers.add(admin, { iss: other.iss, jwksUri: other.jwksUrl });
      await ctx.issuers.refresh(admin, other.iss);
      const source = gatedSource();
      const checker = new TokenChecker({ clock, issuers: source });
      const token = await signToken(k1, other.iss, now(), { jti: "j-removed" });
      const open = source.hold();
      const first = checker.check(token); // holds the trust of before the removal
      await new Promise((r) => setImmediate(r));
      const joiner = checker.check(token);
      await ctx.issuers.remove(admin, other.iss);
      assert.equal(source.calls, 1, "the second request waits instead of looking the issuer up");
      open();
      assert.ok((await first).ok, "the request in flight was checked against the keys it found");
      const late = await joiner;
      assert.equal(!late.ok && late.code, "unknown_issuer");
    } finally {
      await ctx.issuers.idle();
      await other.close();
    }
  });

  it("judges a shared verification's token by the waiting request's own clock", async () => {
    const source = gatedSource();
    const checker = new TokenChecker({ clock, issuers: source });
    const token = await signToken(k2, server.iss, now(), { jti: "j-expiring" });
    const open = source.hold();
    const first = checker.check(token);
    await new Promise((r) => setImmediate(r));
    const joiner = checker.check(token);
    assert.equal(source.calls, 1, "the second request waits instead of verifying");
    const later = 3601 * 1000 + 61 * 1000; // past exp and the 60 s tolerance
    clock.advance(later);
    try {
      open();
      assert.ok((await first).ok, "verified at the first request's time");
      const late = await joiner;
      assert.equal(!late.ok && late.code, "token_expired");
    } finally {
      clock.advance(-later);
    }
  });

  it("with the cache off, verifies every time; a remembered token ends with its exp", async () => {
    const off = new TokenChecker({ clock, issuers: ctx.issuers, cacheSize: 0 });
    const token = await signToken(k2, server.iss, now(), { jti: "j-off" });
    await off.check(token);
    const again = await off.check(token);
    assert.ok(again.ok && !again.cached);
    const on = new TokenChecker({ clock, issuers: ctx.issuers });
    await on.check(token);
    clock.advance(3601 * 1000 + 61 * 1000); // past exp and the 60 s tolerance
    const expired = await on.check(token);
    assert.equal(!expired.ok && expired.code, "token_expired");
  });
});
