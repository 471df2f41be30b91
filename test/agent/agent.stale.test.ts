// An unreachable transmitter: the agent keeps its list and files, reports itself stale on
// /healthz and in /metrics, retries with backoff, and catches up once the transmitter answers.
// The outage is made in the agent's injected fetch; every other request is real HTTP.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { systemClock } from "../../src/core/clock.js";
import { parseAgentConfig, startAgent, type RunningAgent } from "../../src/agent/index.js";
import { agentConfig, central, converged, eventually, type Central } from "./agent.fixture.js";

describe("ttt agent with the transmitter unreachable", () => {
  let c: Central;
  let agent: RunningAgent;
  let json: string;
  let down = false;
  let attemptsWhileDown = 0;

  before(async () => {
    c = await central();
    await c.ban({ kind: "token", jti: "j-1" });
    const config = parseAgentConfig(agentConfig(c, "s", { staleAfterSec: 0.5 }), c.dir);
    json = config.outputs[0]!.path;
    agent = await startAgent(config, {
      clock: systemClock,
      token: c.siteToken,
      log: () => undefined,
      fetch: (url, init) => {
        if (!down) return fetch(url, init);
        attemptsWhileDown++;
        return Promise.reject(new TypeError("fetch failed: connect ECONNREFUSED"));
      },
    });
  });
  after(async () => {
    await agent.stop();
    await c.close();
  });

  const health = async () => {
    const res = await fetch(`${agent.httpUrl}/healthz`);
    return {
      code: res.status,
      body: (await res.json()) as { status: string; lastError: string | null },
    };
  };

  it("keeps its files, reports stale, and recovers", async () => {
    await eventually(async () => ((await converged(c, json, "json")) ? true : undefined), 10_000);
    const kept = readFileSync(json, "utf8");
    down = true;
    const b = await c.ban({ kind: "identity", sub: "mallory" });
    const stale = await eventually(async () => {
      const h = await health();
      return h.body.status === "stale" ? h : undefined;
    });
    assert.equal(stale.code, 503);
    assert.match(stale.body.lastError ?? "", /ECONNREFUSED/);
    assert.equal(readFileSync(json, "utf8"), kept, "the last list is still enforced");
    const metrics = await (await fetch(`${agent.httpUrl}/metrics`)).text();
    assert.match(metrics, /^ttt_agent_stale 1$/m);
    assert.match(metrics, /^ttt_agent_poll_failures_total [1-9]/m);
    const attempts = attemptsWhileDown;
    await new Promise((r) => setTimeout(r, 600));
    // backoff capped at 0.2 s: a few attempts in 0.6 s, not a busy loop
    assert.ok(attemptsWhileDown - attempts <= 8, `${attemptsWhileDown - attempts} retries`);
    assert.ok(attemptsWhileDown - attempts >= 2, "it keeps retrying");
    down = false;
    await eventually(async () => ((await health()).body.status === "ok" ? true : undefined));
    await eventually(() => (readFileSync(json, "utf8").includes(b.id) ? true : undefined));
    assert.equal(await converged(c, json, "json"), true);
  });
});
