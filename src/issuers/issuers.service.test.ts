// The key cache behind trustFor, on every store kind, against a real loopback issuer: one fetch
// within the refresh period, a background refresh after it (injected clock), failed refreshes
// that keep the keys, shared in-flight fetches, the unknown-kid hook and its rate limit, key
// rotation, offline issuers that never fetch, and tokens signed with jose verified end to end.
import assert from "node:assert/strict";
import { afterEach, before, beforeEach, describe, it } from "node:test";
import type { Actor } from "../accounts/index.js";
import { AuditRepository } from "../audit/index.js";
import { FixedClock } from "../core/clock.js";
import { ValidationError } from "../core/errors.js";
import { sequentialIds, type IdSource } from "../core/ids.js";
import { txRunner, type Store } from "../store/index.js";
import {
  makeKey,
  signToken,
  startJwksServer,
  type JwksServer,
  type TestKey,
} from "../test-support/jwks-server.js";
import { storeKinds } from "../test-support/stores.js";
import { createJwtVerifier } from "../tokens/index.js";
import { IssuersRepository } from "./issuers.repository.js";
import { IssuersService } from "./issuers.service.js";

const admin: Actor = {
  userId: "u1",
  name: "admin",
  role: "admin",
  via: "local",
  ownCredential: true,
  site: null,
};
const HOUR = 3_600_000;
const MINUTE = 60_000;

for (const kind of await storeKinds()) {
  describe(`trusted issuers' key cache on ${kind.name}`, { skip: kind.skip }, () => {
    let store: Store;
    let clock: FixedClock;
    let ids: IdSource;
    let server: JwksServer;
    let k1: TestKey;
    let k2: TestKey;
    const service = () =>
      new IssuersService({
        tx: txRunner(store, (exec) => ({
          issuers: new IssuersRepository(exec),
          audit: new AuditRepository(exec),
        })),
        clock,
        ids,
        fetch: { timeoutMs: 300 },
        onError: (err) => assert.fail(`background error: ${String(err)}`),
      });
    let s: IssuersService;
    const kids = async (opts = {}) =>
      (await s.trustFor(server.iss, opts))?.trust.jwks.keys.map((k) => k.kid);

    before(async () => {
      k1 = await makeKey("RS256", "k1");
      k2 = await makeKey("ES256", "k2");
    });
    beforeEach(async () => {
      store = await kind.open();
      clock = new FixedClock("2026-03-01T09:00:00.000Z");
      ids = sequentialIds();
      server = await startJwksServer([k1.publicJwk]);
      s = service();
    });
    afterEach(async () => {
      await s.idle();
      await server.close();
      await store.close();
    });

    it("fetches on first use, then serves from memory within refreshHours", async () => {
      await s.add(admin, { iss: server.iss, jwksUri: server.jwksUrl, audiences: ["aud-1"] });
      const first = await s.trustFor(server.iss);
      assert.deepEqual(
        first?.trust.jwks.keys.map((k) => k.kid),
        ["k1"],
      );
      assert.deepEqual(first?.trust.algorithms, ["RS256", "ES256"]);
      assert.deepEqual(first?.trust.audiences, ["aud-1"]);
      assert.equal(first?.keysFetchedAt, "2026-03-01T09:00:00.000Z");
      assert.equal(first?.stale, false);
      assert.equal(first?.lastRefreshError, null);
      for (let i = 0; i < 11; i++) {
        clock.advance(30 * MINUTE); // up to 5.5 h
        assert.equal((await s.trustFor(server.iss))?.stale, false);
      }
      await s.idle();
      assert.equal(server.hits.jwks, 1, "one fetch within the 6 h refresh period");
      assert.equal(await s.trustFor("https://unknown.example.org/"), undefined);
    });

    it("refreshes in the background once keys are older than refreshHours, picking up rotation", async () => {
      await s.add(admin, { iss: server.iss, jwksUri: server.jwksUrl, refreshHours: 1 });
      assert.deepEqual(await kids(), ["k1"]);
      server.keys = [k1.publicJwk, k2.publicJwk];
      clock.advance(HOUR);
      const due = await s.trustFor(server.iss);
      assert.equal(due?.stale, true, "served at once with the old keys");
      assert.deepEqual(
        due?.trust.jwks.keys.map((k) => k.kid),
        ["k1"],
      );
      await s.idle();
      assert.equal(server.hits.jwks, 2);
      const fresh = await s.trustFor(server.iss);
      assert.deepEqual(
        fresh?.trust.jwks.keys.map((k) => k.kid),
        ["k1", "k2"],
      );
      assert.equal(fresh?.stale, false);
      assert.equal(fresh?.keysFetchedAt, "2026-03-01T10:00:00.000Z");
      const audit = await new AuditRepository(store.db).list({ limit: 100 });
      const change = audit.find(
        (e) => e.action === "issuer.keys.change" && e.after?.includes("k2"),
      );
      assert.ok(change, "a changed key set is audited");
      assert.equal(change.actor, "system");
    });

    it("two instances: a failed or late refresh never puts back keys another one withdrew", async () => {
      server.keys = [k1.publicJwk, k2.publicJwk];
      const added = await s.add(admin, { iss: server.iss, jwksUri: server.jwksUrl });
      const other = service(); // a second instance on the same store
      assert.deepEqual(await kids(), ["k1", "k2"]);
      assert.deepEqual(
        (await other.trustFor(server.iss))?.trust.jwks.keys.map((k) => k.kid),
        ["k1", "k2"],
      );
      server.keys = [k1.publicJwk]; // the issuer withdraws k2; this instance refreshes
      clock.advance(MINUTE);
      assert.equal((await s.refresh(admin, added.id)).changed, true);
      const stored = async () =>
        (await new IssuersRepository(store.db).get(added.id))?.keys.map((k) => k.kid);
      assert.deepEqual(await stored(), ["k1"]);
      // The other instance's refresh fails: it records the error and leaves the stored keys.
      server.behaviour = "500";
      const failed = await other.refresh(admin, added.id);
      assert.equal(failed.ok, false);
      assert.deepEqual(await stored(), ["k1"], "k2 not written back");
      // Told of the change (or reloading), it takes the stored keys.
      await other.reload();
      assert.deepEqual(
        (await other.trustFor(server.iss))?.trust.jwks.keys.map((k) => k.kid),
        ["k1"],
      );
      await other.idle();
    });

    it("shares one fetch among concurrent callers", async () => {
      await s.add(admin, { iss: server.iss });
      const all = await Promise.all(Array.from({ length: 20 }, () => s.trustFor(server.iss)));
      assert.ok(all.every((l) => l?.trust.jwks.keys.length === 1));
      assert.equal(server.hits.discovery, 1);
      assert.equal(server.hits.jwks, 1);
    });

    for (const behaviour of ["500", "garbage", "hang", "oversized"] as const) {
      it(`keeps the last keys when a refresh fails (${behaviour}) and reports it`, async () => {
        const added = await s.add(admin, { iss: server.iss, jwksUri: server.jwksUrl });
        assert.deepEqual(await kids(), ["k1"]);
        server.behaviour = behaviour;
        clock.advance(6 * HOUR);
        await s.trustFor(server.iss);
        await s.idle();
        const kept = await s.trustFor(server.iss);
        assert.deepEqual(
          kept?.trust.jwks.keys.map((k) => k.kid),
          ["k1"],
          "never drops keys",
        );
        assert.equal(kept?.stale, true);
        assert.equal(kept?.keysFetchedAt, "2026-03-01T09:00:00.000Z");
        assert.equal(kept?.lastRefreshError?.at, "2026-03-01T15:00:00.000Z");
        const codes = { "500": "jwks_http_status", garbage: "jwks_not_json", hang: "jwks_timeout" };
        assert.equal(kept?.lastRefreshError?.code, codes[behaviour as "500"] ?? "jwks_too_large");
        const view = await s.get(admin, added.id);
        assert.equal(view.lastRefreshError?.code, kept?.lastRefreshError?.code);
        assert.equal(view.keys.length, 1);
        // not retried on every token: the next attempt waits 5 minutes
        await s.trustFor(server.iss);
        await s.idle();
        assert.equal(server.hits.jwks, 2);
        server.behaviour = "ok";
        clock.advance(5 * MINUTE);
        await s.trustFor(server.iss);
        await s.idle();
        assert.equal(server.hits.jwks, 3);
        const healed = await s.trustFor(server.iss);
        assert.equal(healed?.lastRefreshError, null);
        assert.equal(healed?.stale, false);
      });
    }

    it("forces a refresh for an unknown kid at most once per 5 minutes", async () => {
      await s.add(admin, { iss: server.iss, jwksUri: server.jwksUrl });
      assert.deepEqual(await kids(), ["k1"]);
      server.keys = [k2.publicJwk];
      assert.deepEqual(await kids({ unknownKid: true }), ["k1"], "just fetched: no refetch");
      assert.equal(server.hits.jwks, 1);
      clock.advance(5 * MINUTE);
      assert.deepEqual(await kids({ unknownKid: true }), ["k2"], "waits for the fetch");
      for (let i = 0; i < 50; i++) await s.trustFor(server.iss, { unknownKid: true });
      clock.advance(4 * MINUTE);
      await s.trustFor(server.iss, { unknownKid: true });
      assert.equal(server.hits.jwks, 2, "a flood of forged kids makes no more requests");
    });

    it("never fetches for an offline issuer, and verifies with its static keys", async () => {
      const added = await s.add(admin, { iss: server.iss, jwks: { keys: [k2.publicJwk] } });
      assert.equal(added.mode, "offline");
      assert.deepEqual(added.keys, [
        { kid: "k2", kty: "EC", alg: "ES256", crv: "P-256", use: "sig" },
      ]);
      clock.advance(48 * HOUR);
      const lookup = await s.trustFor(server.iss, { unknownKid: true });
      assert.equal(lookup?.stale, false);
      const result = await s.refresh(admin, added.id);
      assert.deepEqual([result.ok, result.fetched, result.keys], [true, false, 1]);
      assert.deepEqual(await s.refreshAll(admin), [result]);
      assert.deepEqual(server.hits, { jwks: 0, discovery: 0 });
      const now = clock.now().getTime() / 1000;
      assert.ok(lookup);
      const verifier = await createJwtVerifier(lookup.trust);
      const res = await verifier.verify(await signToken(k2, server.iss, now), now);
      assert.equal(res.ok, true, JSON.stringify(res));
    });

    it("refuses static keys with private material or that the verifier cannot use", async () => {
      await assert.rejects(
        s.add(admin, { iss: server.iss, jwks: { keys: [k1.privateJwk] } }),
        (err: unknown) =>
          err instanceof ValidationError &&
          err.issues[0]?.path === "body.jwks.keys[0]" &&
          /key "k1" contains private key material \(d, p, q, dp, dq, qi\)/.test(err.message),
      );
      await assert.rejects(
        s.add(admin, { iss: server.iss, jwks: { keys: [k2.publicJwk] }, algorithms: ["RS256"] }),
        /body\.jwks: no key fits an accepted algorithm \(RS256\)/,
      );
      assert.deepEqual(await s.list(admin), []);
    });

    it("end to end: a token signed with jose verifies with trustFor's keys, also after rotation", async () => {
      await s.add(admin, { iss: server.iss, audiences: ["https://storage.example.org"] });
      const now = () => clock.now().getTime() / 1000;
      const verify = async (key: TestKey) => {
        const token = await signToken(key, server.iss, now());
        const lookup = await s.trustFor(server.iss);
        const res = await (await createJwtVerifier(lookup!.trust)).verify(token, now());
        if (res.ok || res.code !== "unknown_kid") return res;
        const fresher = await s.trustFor(server.iss, { unknownKid: true });
        return (await createJwtVerifier(fresher!.trust)).verify(token, now());
      };
      const ok = await verify(k1);
      assert.equal(ok.ok, true, JSON.stringify(ok));
      server.keys = [k1.publicJwk, k2.publicJwk];
      clock.advance(10 * MINUTE);
      const rotated = await verify(k2);
      assert.equal(rotated.ok, true, JSON.stringify(rotated));
      const forged = await verify(await makeKey("ES256", "forged"));
      assert.equal(forged.ok, false);
      assert.equal(!forged.ok && forged.code, "unknown_kid");
    });

    it("keeps keys across a restart, and sees issuers another process adds", async () => {
      await s.add(admin, { iss: server.iss, jwksUri: server.jwksUrl });
      assert.deepEqual(await s.refresh(admin, server.iss), {
        id: "issuer_000001",
        iss: server.iss,
        ok: true,
        keys: 1,
        fetched: true,
        changed: true,
        source: "jwks_uri",
        error: null,
        skipped: [],
      });
      const restarted = service();
      const lookup = await restarted.trustFor(server.iss);
      assert.deepEqual(
        lookup?.trust.jwks.keys.map((k) => k.kid),
        ["k1"],
      );
      assert.equal(server.hits.jwks, 1, "the stored keys are used, not fetched again");
      const other = await startJwksServer([k2.publicJwk]);
      try {
        await service().add(admin, { iss: other.iss, jwksUri: other.jwksUrl });
        assert.equal(await restarted.trustFor(other.iss), undefined, "registry just loaded");
        clock.advance(MINUTE);
        assert.equal((await restarted.trustFor(other.iss))?.trust.jwks.keys[0]?.kid, "k2");
      } finally {
        await restarted.idle();
        await other.close();
      }
    });

    it("a new key source resets the cache; removal stops trust at once", async () => {
      const added = await s.add(admin, { iss: server.iss, jwksUri: server.jwksUrl });
      assert.deepEqual(await kids(), ["k1"]);
      const same = await s.update(admin, added.id, { audiences: ["a"] });
      assert.equal(same.keys.length, 1, "same source: keys kept");
      const offline = await s.update(admin, server.iss, { jwks: { keys: [k2.publicJwk] } });
      assert.equal(offline.mode, "offline");
      assert.deepEqual(await kids(), ["k2"]);
      const online = await s.update(admin, added.id, { mode: "online" });
      assert.deepEqual([online.discovery, online.keys], [true, []]);
      assert.deepEqual(await kids(), ["k1"]);
      assert.equal(server.hits.discovery, 1);
      await s.remove(admin, added.id);
      assert.equal(await s.trustFor(server.iss), undefined);
    });
  });
}
