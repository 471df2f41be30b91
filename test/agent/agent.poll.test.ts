// The agent end to end on loopback: a real transmitter (ttt serve's app on a real store), a
// site stream created by the agent itself, verified SETs applied to the agent's store, and
// the json and dCache files equal to the central export for the site after every change; the
// reload command runs only when a file's content changed.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { systemClock } from "../../src/core/clock.js";
import { parseAgentConfig, startAgent, type RunningAgent } from "../../src/agent/index.js";
import {
  agentConfig,
  central,
  converged,
  eventually,
  readOr,
  type Central,
} from "./agent.fixture.js";

describe("ttt agent, poll delivery on loopback", () => {
  let c: Central;
  let agent: RunningAgent;
  let json: string;
  let dcache: string;
  let reloads: string;
  const ids: string[] = [];

  before(async () => {
    c = await central();
    ids.push((await c.ban({ kind: "token", jti: "j-1" })).id);
    ids.push((await c.ban({ kind: "identity", sub: "mallory" })).id);
    ids.push((await c.ban({ kind: "client", clientId: "other-site-only", sites: ["OTHER"] })).id);
    const cfg = agentConfig(c, "a");
    mkdirSync(join(c.dir, "a"), { recursive: true });
    reloads = join(c.dir, "a", "reloads.log");
    const script = "require('node:fs').appendFileSync(process.argv[1], 'reloaded\\n')";
    cfg.outputs[1] = {
      ...cfg.outputs[1]!,
      reload: { command: [process.execPath, "-e", script, reloads], timeoutSec: 10 },
    } as (typeof cfg.outputs)[number];
    const config = parseAgentConfig(cfg, c.dir);
    json = config.outputs[0]!.path;
    dcache = config.outputs[1]!.path;
    agent = await startAgent(config, {
      clock: systemClock,
      fetch: globalThis.fetch,
      token: c.siteToken,
      log: () => undefined,
    });
  });
  after(async () => {
    await agent.stop();
    await c.close();
  });

  const reloadCount = () => readOr(reloads).split("\n").filter(Boolean).length;

  it("bootstraps: creates its stream and writes files equal to the central export", async () => {
    await eventually(async () => ((await converged(c, json, "json")) ? true : undefined), 10_000);
    await eventually(async () => ((await converged(c, dcache, "dcache")) ? true : undefined));
    const list = JSON.parse(readFileSync(json, "utf8")) as { bans: { id: string }[] };
    assert.deepEqual(list.bans.map((b) => b.id).sort(), ids.slice(0, 2).sort());
    assert.equal(agent.agent.health().status, "ok");
    assert.ok(agent.agent.health().streamId?.startsWith("stream_"));
    await eventually(() => (reloadCount() === 1 ? true : undefined));
  });

  it("applies a new ban and a lift at the next poll; reloads only on change", async () => {
    const before = statSync(json).mtimeMs;
    await new Promise((r) => setTimeout(r, 400)); // several idle polls
    assert.equal(statSync(json).mtimeMs, before, "idle polls do not rewrite the file");
    assert.equal(reloadCount(), 1, "nor reload");
    const b = await c.ban({ kind: "token", jti: "j-new" });
    await c.lift(ids[0]!);
    await eventually(() => {
      const text = readOr(json);
      return text.includes(b.id) && !text.includes(ids[0]!) ? true : undefined;
    });
    await eventually(async () => ((await converged(c, json, "json")) ? true : undefined));
    await eventually(async () => ((await converged(c, dcache, "dcache")) ? true : undefined));
    await eventually(() => (reloadCount() >= 2 ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(reloadCount() <= 3, `one reload per changed round, got ${reloadCount()}`);
  });

  it("serves health, Prometheus metrics and local decisions from its list", async () => {
    const health = await fetch(`${agent.httpUrl}/healthz`);
    assert.equal(health.status, 200);
    const h = (await health.json()) as { status: string; lastContact: string };
    assert.equal(h.status, "ok");
    assert.ok(Date.parse(h.lastContact) > Date.now() - 5000);
    const metrics = await (await fetch(`${agent.httpUrl}/metrics`)).text();
    assert.match(metrics, /^ttt_agent_events_received_total [1-9]\d*$/m);
    assert.match(metrics, /^ttt_agent_events_applied_total [1-9]\d*$/m);
    assert.match(metrics, /^ttt_agent_file_writes_total [1-9]\d*$/m);
    assert.match(metrics, /^ttt_agent_reload_failures_total 0$/m);
    assert.match(metrics, /^ttt_agent_last_contact_timestamp_seconds \d/m);
    assert.match(metrics, /^ttt_agent_lag_seconds \d/m);
    assert.match(metrics, /^ttt_agent_stale 0$/m);
    const decide = async (claims: object) =>
      (await (
        await fetch(`${agent.httpUrl}/api/v1/decisions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ claims }),
        })
      ).json()) as { decision: string; bans: { id: string }[] };
    const iss = "https://iam.example.org/";
    const denied = await decide({ iss, sub: "mallory", jti: "x" });
    assert.equal(denied.decision, "deny");
    assert.deepEqual(
      denied.bans.map((b) => b.id),
      [ids[1]],
    );
    assert.equal((await decide({ iss, sub: "alice", jti: "j-1" })).decision, "allow", "lifted");
    assert.equal(
      (await decide({ iss, sub: "bob", client_id: "other-site-only" })).decision,
      "allow",
      "a ban for another site",
    );
    const bad = await fetch(`${agent.httpUrl}/api/v1/decisions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ claims: "x" }),
    });
    assert.equal(bad.status, 400);
    const badBody = (await bad.json()) as {
      error: { code: string; message: string; details: { path: string }[] };
    };
    assert.equal(badBody.error.code, "validation_failed");
    assert.match(badBody.error.message, /body\.claims/);
    assert.deepEqual(
      badBody.error.details.map((d) => d.path),
      ["body.claims"],
    );
    // Bad JSON and an oversized body get the central API's error bodies too.
    const post = (body: string) =>
      fetch(`${agent.httpUrl}/api/v1/decisions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
    const notJson = await post("{claims:");
    assert.equal(notJson.status, 400);
    assert.equal(
      ((await notJson.json()) as { error: { code: string } }).error.code,
      "invalid_json",
    );
    const huge = await post(JSON.stringify({ claims: { pad: "x".repeat(70 * 1024) } }));
    assert.equal(huge.status, 413);
    assert.equal(((await huge.json()) as { error: { code: string } }).error.code, "body_too_large");
  });
});
