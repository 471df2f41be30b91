// The trusted-issuer API on every store kind, against a real loopback issuer: add (online and
// offline), list, show by id or URL, change, refresh one or all, remove; the refusals (private
// keys, duplicates, wrong role) and the audit trail; views never carry key material.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { call } from "../test-support/assess.js";
import { testApp, type TestApp } from "../test-support/app.js";
import {
  makeKey,
  startJwksServer,
  type JwksServer,
  type TestKey,
} from "../test-support/jwks-server.js";
import { storeKinds } from "../test-support/stores.js";

type Headers = { authorization: string };

for (const kind of await storeKinds()) {
  describe(`trusted issuers over HTTP on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let responder: Headers;
    let server: JwksServer;
    let offlineServer: JwksServer;
    let rsa: TestKey;
    let ec: TestKey;
    before(async () => {
      t = await testApp(await kind.open());
      responder = await t.as("responder");
      rsa = await makeKey("RS256", "rsa-1");
      ec = await makeKey("ES256", "ec-1");
      server = await startJwksServer([rsa.publicJwk]);
      offlineServer = await startJwksServer([ec.publicJwk]);
    });
    after(async () => {
      await t.ctx.issuers.idle();
      await t.close();
      await server.close();
      await offlineServer.close();
    });

    const post = (who: Headers, payload: object) =>
      t.app.inject({ method: "POST", url: "/api/v1/issuers", headers: who, payload });

    it("adds an online issuer (201), fetches on refresh, shows key summaries only", async () => {
      const made = await call(t, responder, "POST", "/api/v1/issuers", {
        iss: server.iss,
        jwksUri: server.jwksUrl,
        audiences: ["https://storage.example.org"],
      });
      assert.equal(made.mode, "online");
      assert.equal(made.createdBy, "responder");
      assert.deepEqual(made.keys, []);
      assert.equal(made.stale, true);
      assert.equal(made.nextRefreshAt, null);
      assert.deepEqual(made.algorithms, ["RS256", "ES256"]);
      assert.equal(made.refreshHours, 6);
      const refreshed = await call(t, responder, "POST", `/api/v1/issuers/${made.id}/refresh`);
      assert.deepEqual(
        [refreshed.ok, refreshed.keys, refreshed.fetched, refreshed.source],
        [true, 1, true, "jwks_uri"],
      );
      const shown = await call(t, responder, "GET", `/api/v1/issuers/${made.id}`);
      assert.deepEqual(shown.keys, [
        { kid: "rsa-1", kty: "RSA", alg: "RS256", crv: null, use: "sig" },
      ]);
      assert.equal(shown.keysFetchedAt, "2026-03-01T09:00:00.000Z");
      assert.equal(shown.nextRefreshAt, "2026-03-01T15:00:00.000Z");
      assert.equal(shown.stale, false);
      assert.equal(shown.lastRefreshError, null);
      const byUrl = await call(
        t,
        responder,
        "GET",
        `/api/v1/issuers/${encodeURIComponent(server.iss)}`,
      );
      assert.equal(byUrl.id, made.id);
      const body = JSON.stringify(await call(t, responder, "GET", "/api/v1/issuers"));
      assert.equal(body.includes(String(rsa.publicJwk.n)), false, "no key material in views");
      const lookup = await t.ctx.issuers.trustFor(server.iss);
      assert.equal(lookup?.trust.jwks.keys[0]?.n, rsa.publicJwk.n);
      assert.equal(server.hits.jwks, 1, "trustFor used the refreshed keys");
    });

    it("adds an offline issuer from a static JWKS; refresh never fetches", async () => {
      const made = await call(t, responder, "POST", "/api/v1/issuers", {
        iss: offlineServer.iss,
        jwks: { keys: [ec.publicJwk] },
        algorithms: ["ES256"],
      });
      assert.equal(made.mode, "offline");
      assert.equal(made.keysSource, "static");
      assert.equal(made.stale, false);
      const all = await call(t, responder, "POST", "/api/v1/issuers/refresh");
      assert.deepEqual(
        all.map((r: { iss: string; ok: boolean; fetched: boolean }) => [r.iss, r.ok, r.fetched]),
        [
          [server.iss, true, true],
          [offlineServer.iss, true, false],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      assert.deepEqual(offlineServer.hits, { jwks: 0, discovery: 0 });
    });

    it("refuses private or symmetric static keys, naming the key; duplicates are 409", async () => {
      const res = await post(responder, {
        iss: "https://private.example.org/",
        jwks: { keys: [rsa.privateJwk] },
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error.code, "validation_failed");
      assert.match(res.json().error.message, /body\.jwks\.keys\[0\]/);
      assert.match(
        res.json().error.message,
        /key "rsa-1" contains private key material \(d, p, q, dp, dq, qi\)/,
      );
      const oct = await post(responder, {
        iss: "https://private.example.org/",
        jwks: { keys: [{ kty: "oct", k: "c2VjcmV0" }] },
      });
      assert.equal(oct.statusCode, 400);
      assert.match(oct.json().error.message, /symmetric key/);
      const again = await post(responder, { iss: server.iss });
      assert.equal(again.statusCode, 409, again.body);
      assert.equal(again.json().error.code, "issuer_exists");
      const plain = await post(responder, { iss: "http://iam.example.org/" });
      assert.equal(plain.statusCode, 400);
      assert.match(plain.json().error.message, /iss/);
    });

    it("refuses a static JWKS over 1 MiB with 413, and adds nothing", async () => {
      const before = (await call(t, responder, "GET", "/api/v1/issuers")).length;
      const keys = Array.from({ length: 10_000 }, (_, i) => ({ ...ec.publicJwk, kid: `k-${i}` }));
      assert.ok(JSON.stringify(keys).length > 1024 * 1024);
      const huge = await post(responder, { iss: "https://huge.example.org/", jwks: { keys } });
      assert.equal(huge.statusCode, 413, huge.body);
      assert.equal((await call(t, responder, "GET", "/api/v1/issuers")).length, before);
    });

    it("reports a failed refresh and keeps the keys", async () => {
      server.behaviour = "500";
      try {
        const res = await call(
          t,
          responder,
          "POST",
          `/api/v1/issuers/${encodeURIComponent(server.iss)}/refresh`,
        );
        assert.equal(res.ok, false);
        assert.equal(res.keys, 1);
        assert.equal(res.error.code, "jwks_http_status");
        const shown = await call(t, responder, "GET", `/api/v1/issuers/${res.id}`);
        assert.equal(shown.keys.length, 1);
        assert.match(shown.lastRefreshError.message, /answered HTTP 500/);
      } finally {
        server.behaviour = "ok";
      }
    });

    it("lets sites read issuers; only admins and responders change them; viewers see nothing", async () => {
      const site = await t.as("site");
      const viewer = await t.as("viewer");
      const list = await call(t, site, "GET", "/api/v1/issuers");
      assert.equal(list.length, 2);
      for (const who of [site, viewer]) {
        const res = await post(who, { iss: "https://new.example.org/" });
        assert.equal(res.statusCode, 403, res.body);
        assert.equal(res.json().error.code, "forbidden");
        await call(t, who, "POST", "/api/v1/issuers/refresh", undefined, [403]);
        await call(t, who, "DELETE", `/api/v1/issuers/${list[0].id}`, undefined, [403]);
      }
      await call(t, viewer, "GET", "/api/v1/issuers", undefined, [403]);
      await call(t, site, "GET", "/api/v1/issuers/issuer_nope", undefined, [404]);
      const admin = await t.as("admin");
      await call(t, admin, "POST", "/api/v1/issuers", { iss: "https://new.example.org/" }, [201]);
    });

    it("changes and removes an issuer, with the audit trail", async () => {
      const id = (
        await call(t, responder, "GET", `/api/v1/issuers/${encodeURIComponent(server.iss)}`)
      ).id;
      const changed = await call(t, responder, "PATCH", `/api/v1/issuers/${id}`, {
        refreshHours: 1,
        algorithms: ["RS256"],
      });
      assert.deepEqual([changed.refreshHours, changed.algorithms], [1, ["RS256"]]);
      assert.equal(changed.keys.length, 1, "same key source: keys kept");
      const bad = await t.app.inject({
        method: "PATCH",
        url: `/api/v1/issuers/${id}`,
        headers: responder,
        payload: { iss: "https://other.example.org/" },
      });
      assert.equal(bad.statusCode, 400);
      const removed = await call(t, responder, "DELETE", `/api/v1/issuers/${id}`);
      assert.equal(removed.iss, server.iss);
      await call(t, responder, "GET", `/api/v1/issuers/${id}`, undefined, [404]);
      assert.equal(await t.ctx.issuers.trustFor(server.iss), undefined);
      const admin = await t.as("admin");
      const audit = await call(t, admin, "GET", `/api/v1/audit?target=issuer:${id}`);
      assert.deepEqual(
        audit.map((e: { action: string }) => e.action),
        ["issuer.remove", "issuer.update", "issuer.keys.change", "issuer.add"],
      );
      assert.equal(audit[1].before.refreshHours, 6);
      assert.equal(audit[1].after.refreshHours, 1);
      assert.deepEqual(audit[2].after.kids, ["rsa-1"]);
      const all = JSON.stringify(await call(t, admin, "GET", "/api/v1/audit?limit=500"));
      assert.equal(
        all.includes(String(rsa.privateJwk.d)),
        false,
        "no private key in the audit log",
      );
    });
  });
}
