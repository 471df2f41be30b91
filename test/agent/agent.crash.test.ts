// Crash safety: the agent runs as its own process (`ttt agent --config …`), is killed with
// SIGKILL in the middle of a burst of 1,000 ban changes (creations and lifts) and restarted; its
// json file must then equal the central list exactly — nothing lost, duplicated or resurrected.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { stringify } from "yaml";
import {
  agentConfig,
  central,
  converged,
  eventually,
  readOr,
  type Central,
} from "./agent.fixture.js";

describe("ttt agent killed mid-burst", () => {
  let c: Central;
  let child: ChildProcess | undefined;
  let configFile: string;
  let json: string;

  const launch = () => {
    const p = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/entry.ts", "agent", "--config", configFile],
      {
        env: { ...process.env, TTT_AGENT_TOKEN: c.siteToken },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    p.stderr.resume();
    return p;
  };

  before(async () => {
    c = await central();
    const cfg = agentConfig(c, "crash", {
      delivery: { method: "poll", intervalSec: 0.05, maxEvents: 40 },
    });
    mkdirSync(join(c.dir, "crash"), { recursive: true });
    configFile = join(c.dir, "crash", "site.yaml");
    writeFileSync(configFile, stringify(cfg));
    json = cfg.outputs[0]!.path;
  });
  after(async () => {
    child?.kill("SIGKILL");
    await c.close();
  });

  it("converges to the central list after SIGKILL and restart", { timeout: 120_000 }, async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await c.ban({ kind: "token", jti: `pre-${i}` })).id);
    child = launch();
    await eventually(() => (readOr(json).includes(ids[19]!) ? true : undefined), 30_000);
    let changes = 0;
    let lifted = 0;
    let killed = false;
    for (let i = 0; changes < 1000; i++) {
      ids.push((await c.ban({ kind: "token", jti: `burst-${i}` })).id);
      changes++;
      if (i % 2 === 1) {
        await c.lift(ids[ids.length - 2]!);
        changes++;
        lifted++;
      }
      if (!killed && changes >= 400) {
        const seen = JSON.parse(readFileSync(json, "utf8")) as { count: number };
        assert.ok(seen.count > 0);
        child.kill("SIGKILL");
        killed = true;
        await new Promise((r) => child!.once("exit", r));
        child = launch();
      }
    }
    assert.ok(killed);
    await eventually(async () => ((await converged(c, json, "json")) ? true : undefined), 60_000);
    const list = JSON.parse(readFileSync(json, "utf8")) as { bans: { id: string }[] };
    const got = list.bans.map((b) => b.id);
    assert.equal(new Set(got).size, got.length, "no ban twice");
    assert.equal(got.length, ids.length - lifted, "every ban made, minus those lifted");
  });
});
