// Push delivery end to end on loopback: the agent creates a push stream pointing at its own
// endpoint (with its bearer secret as the stream's authorization header), the transmitter's
// real push dispatcher (syncInstances) delivers, and the agent's json file follows the central
// export. By hand: a tampered SET gets 400 authentication_failed (bad signature), a SET pushed twice 400 invalid_request (replay), a wrong
// or missing bearer 401 authentication_failed.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { systemClock } from "../../src/core/clock.js";
import { openStore } from "../../src/store/index.js";
import { parseAgentConfig, startAgent, type RunningAgent } from "../../src/agent/index.js";
import { feedApp, type FeedApp } from "../../src/feed/transmitter/transmitter.fixture.js";
import { ISSUER } from "../../src/feed/transmitter/transmitter.fixture.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SITE, TOKEN_ISS, eventually, readOr } from "./agent.fixture.js";

const SECRET = "push-secret-0123456789";

describe("ttt agent, push delivery on loopback", () => {
  let t: FeedApp;
  let responder: { authorization: string };
  let agent: RunningAgent;
  let dir: string;
  let json: string;
  let endpoint: string;

  const ban = (body: object) =>
    t.call(responder, "POST", "/api/v1/bans", { iss: TOKEN_ISS, reason: "stolen", ...body });
  const exported = async () =>
    (await t.call(responder, "GET", `/api/v1/bans/export?format=json&site=${SITE}&as=json`))
      .content as string;
  const list = (text: string) => {
    try {
      return JSON.stringify((JSON.parse(text) as { bans: unknown }).bans);
    } catch {
      return null;
    }
  };
  const post = (body: string, authorization = `Bearer ${SECRET}`) =>
    fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/secevent+jwt", authorization },
      body,
    });
  /** A SET the agent applied: the next one the transmitter queues for its stream. */
  const aSet = async () => {
    const site = await t.as("site", SITE);
    const s = await t.call(site, "POST", "/api/v1/ssf/streams", {
      delivery: { method: "urn:ietf:rfc:8936" },
    });
    const r = await t.call(site, "POST", `/api/v1/ssf/poll/${s.stream_id}`, {
      returnImmediately: true,
    });
    return Object.values(r.sets as Record<string, string>)[0]!;
  };

  before(async () => {
    t = await feedApp(await openStore({ dataDir: "", sqliteFile: ":memory:" }), {
      clock: systemClock,
      syncInstances: true,
    });
    responder = await t.as("responder");
    const site = await t.as("site", SITE);
    await ban({ kind: "token", jti: "before-start" });
    dir = mkdtempSync(join(tmpdir(), "ttt-agent-push-"));
    const config = parseAgentConfig(
      {
        site: SITE,
        stateDir: join(dir, "state"),
        transmitter: { url: t.url, issuer: ISSUER },
        delivery: { method: "push", path: "/ssf/events", heartbeatSec: 0.5 },
        http: { listen: "127.0.0.1:0" },
        retry: { minSec: 0.05, maxSec: 0.2 },
        outputs: [{ format: "json", path: join(dir, "out", "bans.json") }],
      },
      dir,
    );
    json = config.outputs[0]!.path;
    agent = await startAgent(config, {
      clock: systemClock,
      fetch: globalThis.fetch,
      token: site.authorization.slice("Bearer ".length),
      log: () => undefined,
      pushSecret: SECRET,
    });
    endpoint = `${agent.httpUrl}/ssf/events`;
  });
  after(async () => {
    await agent.stop();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("bootstraps and follows new bans and lifts by push", async () => {
    await eventually(async () => {
      const [mine, theirs] = [list(readOr(json)), list(await exported())];
      return mine !== null && mine === theirs && mine.includes("before-start") ? true : undefined;
    }, 10_000);
    const b = await ban({ kind: "identity", sub: "mallory" });
    const other = await ban({ kind: "token", jti: "other-site", sites: ["OTHER"] });
    await eventually(() => (readOr(json).includes(b.id) ? true : undefined), 5000);
    await t.call(responder, "POST", `/api/v1/bans/${b.id}/lift`, { reason: "cleared" });
    await eventually(async () => {
      const text = readOr(json);
      return !text.includes(b.id) && list(text) === list(await exported()) ? true : undefined;
    }, 5000);
    assert.ok(!readOr(json).includes(other.id), "a ban for another site");
    const h = agent.agent.health();
    assert.equal(h.status, "ok");
    assert.ok(h.streamId?.startsWith("stream_"));
  });

  it("applies a SET once and refuses it pushed again as a replay", async () => {
    const set = await aSet(); // a SET of another stream of this site: a jti the agent has not seen
    assert.equal((await post(set)).status, 202);
    const again = await post(set);
    assert.equal(again.status, 400);
    const body = (await again.json()) as { err: string; description: string };
    assert.equal(body.err, "invalid_request");
    assert.match(body.description, /replayed SET/);
  });

  it("refuses a tampered SET with 400 and its RFC 8935 code", async () => {
    const set = await aSet();
    const [h, p, s] = set.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
    claims.jti = "forged-jti";
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${s}`;
    const r = await post(forged);
    assert.equal(r.status, 400);
    const body = (await r.json()) as { err: string; description: string };
    assert.equal(body.err, "authentication_failed", "a bad signature (project mapping)");
    assert.match(body.description, /signature/i);
    assert.equal(typeof body.description, "string");
    const garbage = await post("not-a-jwt");
    assert.equal(garbage.status, 400);
    assert.equal(((await garbage.json()) as { err: string }).err, "invalid_request");
  });

  it("refuses a wrong or missing bearer with 401 authentication_failed", async () => {
    const set = await aSet();
    for (const auth of ["Bearer wrong-secret-0123456789", ""]) {
      const r = await post(set, auth);
      assert.equal(r.status, 401);
      assert.equal(((await r.json()) as { err: string }).err, "authentication_failed");
    }
  });
});
