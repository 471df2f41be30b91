// The ban feed's delivery overview on every store kind: every site's stream with its owner,
// sorted by owner then id, with pending counts that follow the bans; readable by admins and
// responders only; no push credential anywhere in it; an unknown query parameter refused.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { storeKinds } from "../../test-support/stores.js";
import { feedApp, type FeedApp, type Headers } from "./transmitter.fixture.js";

const PUSH = "urn:ietf:rfc:8935";
const CFG = "/api/v1/ssf/streams";
const DELIVERY = "/api/v1/feed/delivery";

interface Line {
  stream_id: string;
  owner: string;
  aud: string;
  description: string | null;
  method: string;
  endpoint_url: string | null;
  status: string;
  reason: string | null;
  delivery: { pending: number; acknowledged: number; refused: number };
}

for (const kind of await storeKinds()) {
  describe(`feed delivery overview on ${kind.name}`, { skip: kind.skip }, () => {
    let t: FeedApp;
    let zeta: Headers;
    let alpha: Headers;
    let responder: Headers;
    const ids: Record<string, string> = {};
    before(async () => {
      t = await feedApp(await kind.open());
      zeta = await t.as("site", "zeta-site");
      alpha = await t.as("site", "alpha-site");
      responder = await t.as("responder", "rita");
      ids.zeta = (await t.call(zeta, "POST", CFG, { description: "Z agent" })).stream_id;
      ids.alphaPush = (
        await t.call(alpha, "POST", CFG, {
          delivery: {
            method: PUSH,
            endpoint_url:
              "https://ops:pw-s3cret@agent.alpha.example/hook/s3cret-path?key=s3cret#frag",
            authorization_header: "Bearer s3cret-receiver-token",
          },
        })
      ).stream_id;
      ids.alphaPoll = (await t.call(alpha, "POST", CFG, {})).stream_id;
      await t.call(alpha, "POST", "/api/v1/ssf/status", {
        stream_id: ids.alphaPoll,
        status: "paused",
        reason: "maintenance",
      });
    });
    after(() => t.close());

    const overview = async (who: Headers): Promise<{ streams: Line[]; generated_at: string }> =>
      t.call(who, "GET", DELIVERY);

    it("lists every site's stream, sorted by owner then stream id", async () => {
      const o = await overview(responder);
      assert.equal(o.generated_at, "2026-03-01T09:00:00.000Z");
      const alphaIds = [ids.alphaPush, ids.alphaPoll].sort();
      assert.deepEqual(
        o.streams.map((s) => [s.owner, s.stream_id]),
        [...alphaIds.map((id) => ["alpha-site", id]), ["zeta-site", ids.zeta]],
      );
      const z = o.streams.find((s) => s.stream_id === ids.zeta);
      assert.deepEqual(
        { ...z, delivery: undefined },
        {
          stream_id: ids.zeta,
          owner: "zeta-site",
          aud: "site:zeta-site",
          description: "Z agent",
          method: "poll",
          endpoint_url: null,
          status: "enabled",
          reason: null,
          delivery: undefined,
        },
      );
      assert.deepEqual(z?.delivery, {
        pending: 0,
        acknowledged: 0,
        refused: 0,
        max_attempts: 0,
        next_attempt_at: null,
        last_delivered_at: null,
        last_error: null,
      });
      const paused = o.streams.find((s) => s.stream_id === ids.alphaPoll);
      assert.deepEqual(
        [paused?.status, paused?.reason, paused?.description],
        ["paused", "maintenance", null],
      );
    });

    it("shows a push stream's endpoint but never its authorization header or credentials", async () => {
      const res = await t.app.inject({ method: "GET", url: DELIVERY, headers: responder });
      assert.equal(res.statusCode, 200, res.body);
      const push = res
        .json<{ streams: Line[] }>()
        .streams.find((s) => s.stream_id === ids.alphaPush);
      assert.equal(push?.method, "push");
      assert.equal(push?.endpoint_url, "https://agent.alpha.example");
      assert.equal("authorization_header" in (push ?? {}), false);
      assert.doesNotMatch(res.body, /authorization|s3cret|Bearer/i);
    });

    it("counts the SETs a ban queues, per stream, and their acknowledgement", async () => {
      await t.call(responder, "POST", "/api/v1/bans", {
        kind: "token",
        iss: "https://iam.example.org/",
        jti: "leaked-1",
        reason: "seen on a paste site",
      });
      await t.ctx.feed.core.catchUp();
      const pending = async (id: string | undefined) =>
        (await overview(responder)).streams.find((s) => s.stream_id === id)?.delivery;
      const queued = (await pending(ids.zeta))?.pending ?? 0;
      assert.ok(queued >= 1, "the ban's SETs (its own event, and a RISC/CAEP one for a token)");
      assert.equal((await pending(ids.alphaPush))?.pending, queued);
      assert.equal((await pending(ids.alphaPoll))?.pending, queued, "paused: held, still counted");
      const polled = await t.call(zeta, "POST", `/api/v1/ssf/poll/${ids.zeta}`, {
        returnImmediately: true,
      });
      const jtis = Object.keys(polled.sets as Record<string, string>);
      assert.equal(jtis.length, queued);
      await t.call(zeta, "POST", `/api/v1/ssf/poll/${ids.zeta}`, {
        ack: jtis,
        returnImmediately: true,
      });
      const z = await pending(ids.zeta);
      assert.deepEqual([z?.pending, z?.acknowledged], [0, queued]);
      assert.equal((await pending(ids.alphaPush))?.pending, queued, "other streams unaffected");
    });

    it("is for admins and responders: a site or a viewer gets 403, no token 401", async () => {
      await t.call(await t.as("admin"), "GET", DELIVERY);
      for (const who of [zeta, await t.as("viewer")]) {
        const res = await t.app.inject({ method: "GET", url: DELIVERY, headers: who });
        assert.equal(res.statusCode, 403, res.body);
      }
      const anonymous = await t.app.inject({ method: "GET", url: DELIVERY });
      assert.equal(anonymous.statusCode, 401, anonymous.body);
    });

    it("refuses query parameters, naming them", async () => {
      const res = await t.app.inject({
        method: "GET",
        url: `${DELIVERY}?stream_id=${ids.zeta}`,
        headers: responder,
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.json().error.message, /stream_id/);
    });
  });
}
