// RFC 8935 push delivery on every store kind, to a real loopback receiver: 202 delivers (with
// the stream's authorization header and the SET media type), 400 {err} is recorded and not
// retried, 500 is retried with backoff until 202, and the failures show in the stream status.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { systemClock } from "../../core/clock.js";
import { storeKinds } from "../../test-support/stores.js";
import { BAN_CREATED } from "../event-types.js";
import { eventOf, eventually, feedApp, type FeedApp, type Headers } from "./transmitter.fixture.js";

const PUSH = "urn:ietf:rfc:8935";

interface Received {
  set: string;
  contentType: string | undefined;
  authorization: string | undefined;
}

/** A push receiver: records every request, answers what `answer` says. */
async function receiver(
  answer: (r: Received, n: number) => { status: number; body?: object },
): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const r = {
        set: body,
        contentType: req.headers["content-type"],
        authorization: req.headers.authorization,
      };
      got.push(r);
      const a = answer(r, got.length);
      res.writeHead(a.status, { "content-type": "application/json" });
      res.end(a.body === undefined ? "" : JSON.stringify(a.body));
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/events`,
    got,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

for (const kind of await storeKinds()) {
  describe(`SSF push delivery on ${kind.name}`, { skip: kind.skip }, () => {
    let t: FeedApp;
    let responder: Headers;
    let site: Headers;
    before(async () => {
      t = await feedApp(await kind.open(), { clock: systemClock, syncInstances: true });
      responder = await t.as("responder");
      site = await t.as("site", "SITE-P");
    });
    after(() => t.close());

    const ban = (jti: string) =>
      t.call(responder, "POST", "/api/v1/bans", {
        kind: "token",
        iss: "https://iam.example.org/",
        jti,
        reason: "stolen",
      });
    const stream = (url: string) =>
      t.call(site, "POST", "/api/v1/ssf/streams", {
        delivery: { method: PUSH, endpoint_url: url, authorization_header: "Bearer rcv-secret" },
        events_requested: [BAN_CREATED],
      });
    const banIdOf = async (set: string) => eventOf(await t.verify(set, "site:SITE-P")).body.ban.id;

    it("POSTs each SET (bootstrap, then new bans) and counts 202 as delivered", async () => {
      const first = await ban("push-before");
      const rcv = await receiver(() => ({ status: 202 }));
      try {
        const s = await stream(rcv.url);
        await eventually(() => (rcv.got.length >= 1 ? true : undefined));
        const second = await ban("push-after");
        await eventually(() => (rcv.got.length >= 2 ? true : undefined));
        assert.deepEqual(await Promise.all(rcv.got.map((r) => banIdOf(r.set))), [
          first.id,
          second.id,
        ]);
        for (const r of rcv.got) {
          assert.equal(r.contentType, "application/secevent+jwt");
          assert.equal(r.authorization, "Bearer rcv-secret");
        }
        const st = await eventually(async () => {
          const v = await t.call(site, "GET", `/api/v1/ssf/status?stream_id=${s.stream_id}`);
          return v.delivery.acknowledged === 2 ? v : undefined;
        });
        assert.equal(st.delivery.pending, 0);
        assert.equal(st.delivery.last_error, null);
        await new Promise((r) => setTimeout(r, 200));
        assert.equal(rcv.got.length, 2, "nothing sent twice");
        await t.call(site, "DELETE", `/api/v1/ssf/streams?stream_id=${s.stream_id}`);
      } finally {
        await rcv.close();
      }
    });

    it("records a 400 {err} as refused without retrying; retries a 500 until 202", async () => {
      let refusedJti = "";
      const rcv = await receiver((r, n) => {
        const jti = JSON.parse(Buffer.from(r.set.split(".")[1]!, "base64url").toString()).jti;
        if (n === 1) {
          refusedJti = jti;
          return { status: 400, body: { err: "invalid_audience", description: "not us" } };
        }
        if (n === 2 || n === 3) return { status: 500, body: { oops: true } };
        return { status: 202 };
      });
      try {
        // no bootstrap noise: the stream starts empty of earlier bans only if we lift them
        const s = await t.call(site, "POST", "/api/v1/ssf/streams", {
          delivery: { method: PUSH, endpoint_url: rcv.url },
          events_requested: ["urn:example:none-yet"],
        });
        await t.call(site, "PATCH", "/api/v1/ssf/streams", {
          stream_id: s.stream_id,
          events_requested: [BAN_CREATED],
        });
        const refused = await ban("push-refused");
        await eventually(() => (rcv.got.length >= 1 ? true : undefined));
        const retried = await ban("push-retried");
        await eventually(() => (rcv.got.length >= 4 ? true : undefined));
        assert.equal(await banIdOf(rcv.got[0]!.set), refused.id);
        const retriedJtis = rcv.got.slice(1).map((r) => r.set.split(".")[1]);
        assert.equal(
          new Set(retriedJtis.map((p) => JSON.parse(Buffer.from(p!, "base64url").toString()).jti))
            .size,
          1,
          "same jti on every retry",
        );
        for (const r of rcv.got.slice(1)) assert.equal(await banIdOf(r.set), retried.id);
        const st = await eventually(async () => {
          const v = await t.call(site, "GET", `/api/v1/ssf/status?stream_id=${s.stream_id}`);
          return v.delivery.acknowledged === 1 ? v : undefined;
        });
        assert.equal(st.delivery.refused, 1);
        assert.equal(st.delivery.pending, 0);
        assert.equal(st.delivery.last_error.httpStatus, 500);
        assert.ok(st.delivery.last_delivered_at);
        const rows = await t.ctx.feed.core.tx.read((r) => r.queue.pending(s.stream_id, 10));
        assert.equal(rows.length, 0);
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(rcv.got.length, 4, "the refused SET was not retried");
        assert.ok(refusedJti !== "");
      } finally {
        await rcv.close();
      }
    });

    it("shows an unreachable receiver in the status and keeps the SET pending", async () => {
      const rcv = await receiver(() => ({ status: 202 }));
      await rcv.close(); // nobody listens there any more
      const s = await stream(rcv.url);
      const st = await eventually(async () => {
        const v = await t.call(site, "GET", `/api/v1/ssf/status?stream_id=${s.stream_id}`);
        return v.delivery.max_attempts >= 2 ? v : undefined;
      });
      assert.equal(st.delivery.last_error.err, "unreachable");
      assert.ok(st.delivery.pending >= 1);
      await t.call(site, "DELETE", `/api/v1/ssf/streams?stream_id=${s.stream_id}`);
    });
  });
}
