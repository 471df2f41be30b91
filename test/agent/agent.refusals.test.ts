// The agent's receiving path (SetReceiver: the real createSetVerifier over the transmitter's
// JWKS fetched by HTTP, then banFromEvent and the agent's store) refuses tampered, foreign-key,
// wrong-audience, expired and alg-none SETs with their RFC 8935 codes, applies a genuine SET
// once and acknowledges its replay without applying it again.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SignJWT, generateKeyPair } from "jose";
import { FixedClock, systemClock, type Clock } from "../../src/core/clock.js";
import { AgentStore } from "../../src/agent/index.js";
import { AgentMetrics } from "../../src/agent/agent.metrics.js";
import { SetReceiver } from "../../src/agent/set-receiver.service.js";
import { TransmitterClient } from "../../src/agent/transmitter.client.js";
import { ISSUER } from "../../src/feed/transmitter/transmitter.fixture.js";
import { SITE, central, type Central } from "./agent.fixture.js";

describe("agent SET verification", () => {
  let c: Central;
  let store: AgentStore;
  let jwksFetches = 0;
  const genuine: Record<string, string> = {};
  let otherSite: [string, string];

  const receiver = (clock: Clock = systemClock, metrics = new AgentMetrics()) => {
    const client = new TransmitterClient({
      url: c.t.url,
      token: undefined,
      timeoutMs: 5000,
      fetch: (url, init) => {
        if ((url instanceof Request ? url.url : url.toString()).endsWith("/jwks")) jwksFetches++;
        return fetch(url, init);
      },
    });
    return new SetReceiver({
      store,
      clock,
      metrics,
      loadJwks: async () => client.jwks(await client.jwksUrl()),
      issuer: ISSUER,
      audience: `site:${SITE}`,
      log: () => undefined,
    });
  };

  const pollAll = async (who: typeof c.site) => {
    const s = await c.t.call(who, "POST", "/api/v1/ssf/streams", {
      delivery: { method: "urn:ietf:rfc:8936" },
      events_requested: ["urn:ttt:secevent:ban-created:v1"],
    });
    const r = await c.t.call(who, "POST", `/api/v1/ssf/poll/${s.stream_id}`, {
      returnImmediately: true,
    });
    return r.sets as Record<string, string>;
  };

  before(async () => {
    c = await central();
    store = new AgentStore(join(c.dir, "state"));
    await c.ban({ kind: "token", jti: "j-1" });
    Object.assign(genuine, await pollAll(c.site));
    const other = await c.t.as("site", "OTHER-SITE");
    otherSite = Object.entries(await pollAll(other))[0]!;
  });
  after(async () => {
    store.close();
    await c.close();
  });

  it("applies a genuine SET, and acknowledges its replay without applying it again", async () => {
    const metrics = new AgentMetrics();
    const r = receiver(systemClock, metrics);
    const first = await r.receive(genuine);
    assert.deepEqual(first.ack, Object.keys(genuine));
    assert.deepEqual(first.setErrs, {});
    assert.equal(first.changed, 1);
    assert.equal(store.bans().length, 1);
    const again = await r.receive(genuine);
    assert.deepEqual(again.ack, Object.keys(genuine));
    assert.equal(again.changed, 0);
    assert.equal(metrics.duplicates, 1);
    assert.equal(metrics.applied, 1);
  });

  it("refuses tampered, foreign, wrong-audience, expired and alg-none SETs", async () => {
    const [jti, set] = Object.entries(genuine)[0]!;
    const [h, p, s] = set.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, jti: "tampered" })).toString("base64url")}.${s}`;
    const { privateKey } = await generateKeyPair("ES256");
    const foreign = await new SignJWT({ ...claims, jti: "foreign" })
      .setProtectedHeader({ alg: "ES256", typ: "secevent+jwt", kid: "not-the-transmitters" })
      .sign(privateKey);
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "secevent+jwt" })).toString("base64url")}.${Buffer.from(JSON.stringify({ ...claims, jti: "none" })).toString("base64url")}.`;
    const metrics = new AgentMetrics();
    const before = jwksFetches;
    const r = await receiver(systemClock, metrics).receive({
      tampered,
      foreign,
      none,
      [otherSite[0]]: otherSite[1],
    });
    assert.deepEqual(r.ack, []);
    assert.deepEqual(Object.fromEntries(Object.entries(r.setErrs).map(([k, v]) => [k, v.err])), {
      tampered: "authentication_failed",
      foreign: "invalid_key",
      none: "authentication_failed",
      [otherSite[0]]: "invalid_audience",
    });
    assert.equal(jwksFetches - before, 2, "fetched once, then once more for the unknown kid");
    assert.equal(metrics.rejected.get("bad_signature"), 1);
    assert.equal(metrics.rejected.get("unknown_kid"), 1);
    assert.equal(metrics.rejected.get("alg_none"), 1);
    assert.equal(metrics.rejected.get("wrong_audience"), 1);

    const late = new FixedClock(new Date(Date.now() + 3 * 86_400_000));
    const expired = await receiver(late).receive({ [jti]: set });
    assert.equal(expired.setErrs[jti]?.err, "invalid_request");
    assert.match(expired.setErrs[jti]?.description ?? "", /old/);
    assert.equal(store.bans().length, 1, "nothing refused reached the store");
  });
});
