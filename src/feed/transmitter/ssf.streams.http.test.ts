// SSF stream management on every store kind: discovery and JWKS (public), create/read/update/
// replace/delete with audit records, who may do what (a site only its own streams, a viewer
// nothing), status changes (paused holds, disabled drops, re-enabling bootstraps), subjects,
// and verification events delivered through the stream.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { storeKinds } from "../../test-support/stores.js";
import { BAN_CREATED, EVENTS_SUPPORTED } from "../event-types.js";
import { VERIFICATION_EVENT } from "./stream.model.js";
import { eventOf, feedApp, type FeedApp, type Headers } from "./transmitter.fixture.js";

const POLL = "urn:ietf:rfc:8936";
const PUSH = "urn:ietf:rfc:8935";
const CFG = "/api/v1/ssf/streams";

for (const kind of await storeKinds()) {
  describe(`SSF stream management on ${kind.name}`, { skip: kind.skip }, () => {
    let t: FeedApp;
    let siteA: Headers;
    let siteB: Headers;
    let admin: Headers;
    before(async () => {
      t = await feedApp(await kind.open());
      siteA = await t.as("site", "SITE-A");
      siteB = await t.as("site", "SITE-B");
      admin = await t.as("admin");
    });
    after(() => t.close());

    it("publishes the discovery document and the JWKS without authentication", async () => {
      const res = await t.app.inject({ method: "GET", url: "/.well-known/ssf-configuration" });
      assert.equal(res.statusCode, 200, res.body);
      const d = res.json();
      assert.equal(d.issuer, "https://ttt.example.org/");
      assert.equal(d.spec_version, "1_0");
      assert.equal(d.jwks_uri, "https://ttt.example.org/api/v1/ssf/jwks");
      assert.deepEqual(d.delivery_methods_supported, [POLL, PUSH]);
      for (const k of ["configuration", "status", "add_subject", "remove_subject", "verification"])
        assert.match(d[`${k}_endpoint`], /^https:\/\/ttt\.example\.org\/api\/v1\/ssf\//);
      const jwks: any = await (await fetch(`${t.url}/api/v1/ssf/jwks`)).json();
      assert.equal(jwks.keys.length, 1);
      assert.equal(jwks.keys[0].alg, "ES256");
      assert.equal(jwks.keys[0].d, undefined, "never a private member");
    });

    it("lets sites and admins create streams; viewers and responders may not", async () => {
      for (const role of ["viewer", "responder"] as const) {
        const res = await t.app.inject({
          method: "POST",
          url: CFG,
          headers: await t.as(role),
          payload: { delivery: { method: POLL } },
        });
        assert.equal(res.statusCode, 403, res.body);
      }
      const anonymous = await t.app.inject({ method: "POST", url: CFG, payload: {} });
      assert.equal(anonymous.statusCode, 401);
      const s = await t.call(siteA, "POST", CFG, {});
      assert.equal(s.delivery.method, POLL, "poll unless asked otherwise");
      assert.deepEqual(s.events_delivered, [...EVENTS_SUPPORTED]);
    });

    it("keeps each site to its own streams; an admin sees all", async () => {
      const a = await t.call(siteA, "POST", CFG, { description: "A's" });
      const id = a.stream_id;
      for (const [method, url, payload] of [
        ["GET", `${CFG}?stream_id=${id}`, undefined],
        ["GET", `/api/v1/ssf/status?stream_id=${id}`, undefined],
        ["POST", `/api/v1/ssf/poll/${id}`, { returnImmediately: true }],
        ["PATCH", CFG, { stream_id: id, description: "mine now" }],
        ["DELETE", `${CFG}?stream_id=${id}`, undefined],
        ["POST", "/api/v1/ssf/verify", { stream_id: id }],
      ] as const) {
        const res = await t.app.inject({
          method,
          url,
          headers: siteB,
          ...(payload ? { payload } : {}),
        });
        assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
      }
      const mine = await t.call(siteB, "GET", CFG);
      assert.ok(mine.every((s: { aud: string }) => s.aud === "site:SITE-B"));
      const all = await t.call(admin, "GET", CFG);
      assert.ok(all.some((s: { stream_id: string }) => s.stream_id === id));
      assert.equal((await t.call(admin, "GET", `${CFG}?stream_id=${id}`)).description, "A's");
    });

    it("updates, replaces and deletes, audited, never showing the authorization header", async () => {
      const s = await t.call(siteA, "POST", CFG, {
        delivery: {
          method: PUSH,
          endpoint_url: "https://agent.site-a.example/events",
          authorization_header: "Bearer s3cret-receiver-token",
        },
        events_requested: [BAN_CREATED, "urn:example:unknown"],
      });
      assert.equal(s.delivery.authorization_header, "Bearer ***");
      assert.deepEqual(s.events_requested, [BAN_CREATED, "urn:example:unknown"]);
      assert.deepEqual(s.events_delivered, [BAN_CREATED]);
      // echoing the configuration back keeps the stored header
      const patched = await t.call(siteA, "PATCH", CFG, { ...s, description: "patched" });
      assert.equal(patched.description, "patched");
      assert.equal(patched.delivery.endpoint_url, "https://agent.site-a.example/events");
      const stored = await t.ctx.feed.core.tx.read((r) => r.streams.get(s.stream_id));
      assert.equal(stored?.authorizationHeader, "Bearer s3cret-receiver-token");
      const replaced = await t.call(siteA, "PUT", CFG, { stream_id: s.stream_id });
      assert.equal(replaced.delivery.method, POLL);
      assert.equal(replaced.description, undefined);
      assert.deepEqual(replaced.events_delivered, [...EVENTS_SUPPORTED]);
      await t.call(siteA, "DELETE", `${CFG}?stream_id=${s.stream_id}`, undefined, [204]);
      await t.call(siteA, "GET", `${CFG}?stream_id=${s.stream_id}`, undefined, [404]);
      const log = await t.call(admin, "GET", `/api/v1/audit?target=stream:${s.stream_id}`);
      const entries = Array.isArray(log) ? log : log.entries;
      assert.deepEqual(entries.map((e: { action: string }) => e.action).sort(), [
        "stream.create",
        "stream.delete",
        "stream.update",
        "stream.update",
      ]);
      assert.doesNotMatch(JSON.stringify(entries), /s3cret/);
    });

    it("refuses bad configurations, naming the field", async () => {
      const bad = [
        [{ delivery: { method: PUSH } }, /endpoint_url/],
        [{ delivery: { method: "urn:nope" } }, /delivery\.method/],
        [{ delivery: { method: PUSH, endpoint_url: "http://agent.example/x" } }, /https/],
        [{ colour: "blue" }, /colour/],
        [{ description: "two\nlines" }, /description/],
      ] as const;
      for (const [payload, message] of bad) {
        const res = await t.app.inject({ method: "POST", url: CFG, headers: siteA, payload });
        assert.equal(res.statusCode, 400, res.body);
        assert.match(res.json().error.message, message);
      }
    });

    it("pauses (held), disables (dropped) and re-enables with a fresh bootstrap", async () => {
      const responder = await t.as("responder");
      const s = await t.call(siteA, "POST", CFG, { events_requested: [BAN_CREATED] });
      const id = s.stream_id;
      const poll = async (): Promise<Record<string, string>> =>
        (await t.call(siteA, "POST", `/api/v1/ssf/poll/${id}`, { returnImmediately: true })).sets;
      await t.call(siteA, "POST", "/api/v1/ssf/status", {
        stream_id: id,
        status: "paused",
        reason: "maintenance",
      });
      const b = await t.call(responder, "POST", "/api/v1/bans", {
        kind: "token",
        iss: "https://iam.example.org/",
        jti: "held",
        reason: "r",
      });
      assert.deepEqual(await poll(), {}, "paused: held");
      const st = await t.call(siteA, "GET", `/api/v1/ssf/status?stream_id=${id}`);
      assert.deepEqual([st.status, st.reason], ["paused", "maintenance"]);
      await t.call(siteA, "POST", "/api/v1/ssf/status", { stream_id: id, status: "enabled" });
      const held = Object.values(await poll());
      assert.equal(held.length, 1);
      assert.equal(eventOf(await t.verify(held[0]!, "site:SITE-A")).body.ban.id, b.id);
      await t.call(siteA, "POST", "/api/v1/ssf/status", { stream_id: id, status: "disabled" });
      assert.deepEqual(await poll(), {});
      await t.call(siteA, "POST", "/api/v1/ssf/status", { stream_id: id, status: "enabled" });
      const again = await poll();
      const banIds = await Promise.all(
        Object.values(again).map(
          async (set) => eventOf(await t.verify(set, "site:SITE-A")).body.ban.id,
        ),
      );
      assert.ok(banIds.includes(b.id), "re-enabled: the current list again");
    });

    it("records subjects and delivers verification events through the stream", async () => {
      const s = await t.call(siteA, "POST", CFG, { events_requested: [] });
      const id = s.stream_id;
      const subject = { format: "iss_sub", iss: "https://iam.example.org/", sub: "alice" };
      await t.call(siteA, "POST", "/api/v1/ssf/subjects/add", { stream_id: id, subject });
      await t.call(siteA, "POST", "/api/v1/ssf/subjects/add", { stream_id: id, subject });
      await t.call(siteA, "POST", "/api/v1/ssf/subjects/remove", { stream_id: id, subject }, [204]);
      await t.call(siteA, "POST", "/api/v1/ssf/subjects/remove", { stream_id: id, subject }, [404]);
      await t.call(siteA, "POST", "/api/v1/ssf/verify", { stream_id: id, state: "xyz" }, [204]);
      const again = await t.app.inject({
        method: "POST",
        url: "/api/v1/ssf/verify",
        headers: siteA,
        payload: { stream_id: id },
      });
      assert.equal(again.statusCode, 429, again.body);
      const res = await t.call(siteA, "POST", `/api/v1/ssf/poll/${id}`, {
        returnImmediately: true,
      });
      const sets = Object.values<string>(res.sets);
      assert.equal(sets.length, 1);
      const claims = await t.verify(sets[0]!, "site:SITE-A");
      assert.deepEqual(eventOf(claims), { type: VERIFICATION_EVENT, body: { state: "xyz" } });
      assert.deepEqual(claims.sub_id, { format: "opaque", id });
    });
  });
}
