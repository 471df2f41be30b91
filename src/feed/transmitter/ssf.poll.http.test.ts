// RFC 8936 poll delivery on every store kind: a new stream bootstraps with exactly the bans
// active or pending, later changes follow, unacknowledged SETs come back with the same jti,
// acknowledged ones never do, setErrs are recorded, and long polls wake on a new ban. Every SET
// is checked with jose and the JWKS fetched over HTTP.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { storeKinds } from "../../test-support/stores.js";
import type { FixedClock } from "../../core/clock.js";
import { BAN_CREATED, BAN_LIFTED } from "../event-types.js";
import { eventOf, feedApp, type FeedApp, type Headers } from "./transmitter.fixture.js";

const ISS = "https://iam.example.org/";
const POLL = "urn:ietf:rfc:8936";

for (const kind of await storeKinds()) {
  describe(`SSF poll delivery on ${kind.name}`, { skip: kind.skip }, () => {
    let t: FeedApp;
    let responder: Headers;
    let site: Headers;
    before(async () => {
      t = await feedApp(await kind.open());
      responder = await t.as("responder");
      site = await t.as("site", "CERN-PROD");
    });
    after(() => t.close());

    const ban = (body: object) =>
      t.call(responder, "POST", "/api/v1/bans", { iss: ISS, reason: "stolen", ...body });
    const poll = async (id: string, body: object = {}) =>
      (await t.call(site, "POST", `/api/v1/ssf/poll/${id}`, {
        returnImmediately: true,
        ...body,
      })) as { sets: Record<string, string>; moreAvailable: boolean };
    /** Verified TTT events of a poll answer: jti → {type, ban id, sequence}. */
    const events = async (sets: Record<string, string>) => {
      const out = new Map<string, { type: string; banId: string; sequence: number }>();
      for (const [jti, set] of Object.entries(sets)) {
        const claims = await t.verify(set, "site:CERN-PROD");
        assert.equal(claims.jti, jti);
        const e = eventOf(claims);
        if (!e.type.startsWith("urn:ttt:")) continue;
        out.set(jti, { type: e.type, banId: e.body.ban.id, sequence: e.body.sequence });
      }
      return out;
    };

    let streamId: string;
    const ids: Record<string, string> = {};

    it("bootstraps a new stream with exactly the bans active or pending now", async () => {
      ids.active = (await ban({ kind: "token", jti: "j-active" })).id;
      ids.pending = (
        await ban({ kind: "identity", sub: "later", startsAt: "2026-03-02T00:00:00Z" })
      ).id;
      ids.lifted = (await ban({ kind: "client", clientId: "c-lifted" })).id;
      await t.call(responder, "POST", `/api/v1/bans/${ids.lifted}/lift`, { reason: "fixed" });
      ids.expiring = (
        await ban({ kind: "identity", sub: "short", expiresAt: "2026-03-01T10:00:00Z" })
      ).id;
      (t.clock as FixedClock).set("2026-03-01T11:00:00.000Z"); // `expiring` has expired
      const created = await t.call(site, "POST", "/api/v1/ssf/streams", {
        delivery: { method: POLL },
        events_requested: [BAN_CREATED, BAN_LIFTED],
        description: "CERN agent",
      });
      streamId = created.stream_id;
      assert.equal(created.aud, "site:CERN-PROD");
      assert.equal(created.iss, "https://ttt.example.org/");
      assert.equal(
        created.delivery.endpoint_url,
        `https://ttt.example.org/api/v1/ssf/poll/${streamId}`,
      );
      assert.deepEqual(created.events_delivered, [BAN_CREATED, BAN_LIFTED]);
      const first = await poll(streamId);
      assert.equal(first.moreAvailable, false);
      const got = [...(await events(first.sets)).values()];
      assert.deepEqual(got.map((e) => e.banId).sort(), [ids.active, ids.pending].sort());
      assert.ok(got.every((e) => e.type === BAN_CREATED));
      await poll(streamId, { ack: Object.keys(first.sets), maxEvents: 0 });
    });

    it("delivers a new ban on the next poll, again until acknowledged, then never", async () => {
      const b = await ban({ kind: "token", jti: "j-new" });
      const one = await poll(streamId);
      const evs = await events(one.sets);
      assert.equal(evs.size, 1);
      const [jti, e] = [...evs.entries()][0]!;
      assert.equal(e.banId, b.id);
      assert.equal(e.type, BAN_CREATED);
      assert.ok(e.sequence > 0);
      const again = await poll(streamId);
      assert.deepEqual(Object.keys(again.sets), [jti], "unacknowledged: delivered again, same jti");
      const acked = await poll(streamId, { ack: [jti] });
      assert.deepEqual(acked.sets, {});
      assert.deepEqual((await poll(streamId)).sets, {});
      const status = await t.call(site, "GET", `/api/v1/ssf/status?stream_id=${streamId}`);
      assert.equal(status.status, "enabled");
      assert.equal(status.delivery.pending, 0);
      assert.equal(status.delivery.acknowledged, 3);
    });

    it("records setErrs, shows them in the status, and does not deliver them again", async () => {
      const b = await ban({ kind: "identity", sub: "mallory" });
      await t.call(responder, "POST", `/api/v1/bans/${b.id}/lift`, { reason: "mistake" });
      const got = await events((await poll(streamId)).sets);
      assert.deepEqual(
        [...got.values()].map((e) => e.type),
        [BAN_CREATED, BAN_LIFTED],
      );
      const [createdJti, liftedJti] = [...got.keys()] as [string, string];
      const res = await poll(streamId, {
        ack: [createdJti],
        setErrs: { [liftedJti]: { err: "invalid_request", description: "bad lift" } },
      });
      assert.deepEqual(res.sets, {});
      const status = await t.call(site, "GET", `/api/v1/ssf/status?stream_id=${streamId}`);
      assert.equal(status.delivery.refused, 1);
      assert.equal(status.delivery.last_error.err, "invalid_request");
      assert.equal(status.delivery.last_error.jti, liftedJti);
    });

    it("pages with maxEvents and moreAvailable", async () => {
      for (let i = 0; i < 5; i++) await ban({ kind: "token", jti: `page-${i}` });
      const a = await poll(streamId, { maxEvents: 3 });
      assert.equal(Object.keys(a.sets).length, 3);
      assert.equal(a.moreAvailable, true);
      const b = await poll(streamId, { maxEvents: 3, ack: Object.keys(a.sets) });
      assert.equal(Object.keys(b.sets).length, 2);
      assert.equal(b.moreAvailable, false);
      await poll(streamId, { ack: Object.keys(b.sets), maxEvents: 0 });
    });

    it("a long poll waits for the next ban and returns it", async () => {
      const started = performance.now();
      const waiting = t.call(site, "POST", `/api/v1/ssf/poll/${streamId}`, {
        returnImmediately: false,
      });
      await new Promise((r) => setTimeout(r, 150));
      const b = await ban({ kind: "token", jti: "j-long" });
      const res = await waiting;
      const evs = [...(await events(res.sets)).values()];
      assert.deepEqual(
        evs.map((e) => e.banId),
        [b.id],
      );
      assert.ok(performance.now() - started < 1400, "returned before the long-poll limit");
      await poll(streamId, { ack: Object.keys(res.sets), maxEvents: 0 });
      const idle = performance.now();
      const empty = await t.call(site, "POST", `/api/v1/ssf/poll/${streamId}`, {});
      assert.deepEqual(empty.sets, {});
      assert.ok(performance.now() - idle >= 1000, "waited (long poll is the default)");
    });

    it("refuses malformed poll requests, naming the field", async () => {
      const res = await t.app.inject({
        method: "POST",
        url: `/api/v1/ssf/poll/${streamId}`,
        headers: site,
        payload: { maxEvents: -1, ack: "x" },
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.json().error.message, /maxEvents/);
    });

    it("sends every ban change exactly once per stream (jtis counted per ban)", async () => {
      const created: string[] = [];
      for (let i = 0; i < 12; i++)
        created.push((await ban({ kind: "token", jti: `burst-${i}` })).id);
      for (const id of created.slice(0, 6))
        await t.call(responder, "POST", `/api/v1/bans/${id}/lift`, { reason: "done" });
      const seen = new Map<string, Set<string>>();
      for (let round = 0; round < 20; round++) {
        const res = await poll(streamId, { maxEvents: 4 });
        const evs = await events(res.sets);
        // acknowledge only every other round: the others come back with the same jtis
        if (round % 2 === 1) await poll(streamId, { ack: Object.keys(res.sets), maxEvents: 0 });
        for (const [jti, e] of evs) {
          const key = `${e.banId} ${e.type}`;
          seen.set(key, (seen.get(key) ?? new Set()).add(jti));
        }
        if (Object.keys(res.sets).length === 0) break;
      }
      assert.equal(seen.size, 18);
      for (const [key, jtis] of seen) assert.equal(jtis.size, 1, `one jti for ${key}`);
    });
  });
}
