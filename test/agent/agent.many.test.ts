// 20 agents converge: one transmitter (ttt serve's app on a real SQLite store), 20 in-process
// agents, each for its own site (its own site user, stream and state directory), and a burst of
// 200 ban changes — creations, lifts, some bans limited to a few of the sites. Every agent's
// json file must end up listing exactly the bans of the central export for its site.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { systemClock } from "../../src/core/clock.js";
import { parseAgentConfig, startAgent, type RunningAgent } from "../../src/agent/index.js";
import { agentConfig, central, eventually, readOr, type Central } from "./agent.fixture.js";

const AGENTS = 20;
const CHANGES = 200;

/** The ban list of a json ban file (generatedAt aside), or null while it is not there yet. */
function banList(content: string): unknown[] | null {
  try {
    return (JSON.parse(content) as { bans: unknown[] }).bans;
  } catch {
    return null;
  }
}

describe("20 agents on loopback", () => {
  let c: Central;
  const sites = Array.from({ length: AGENTS }, (_, i) => `SITE-${String(i + 1).padStart(2, "0")}`);
  const agents: RunningAgent[] = [];
  const jsonOf = new Map<string, string>();

  before(async () => {
    c = await central();
    for (const site of sites) {
      const who = await c.t.as("site", site);
      const cfg = agentConfig(c, site, {
        site,
        delivery: { method: "poll", intervalSec: 0.25, maxEvents: 500 },
      });
      cfg.outputs = cfg.outputs.slice(0, 1); // json only
      const config = parseAgentConfig(cfg, c.dir);
      jsonOf.set(site, config.outputs[0]!.path);
      agents.push(
        await startAgent(config, {
          clock: systemClock,
          fetch: globalThis.fetch,
          token: who.authorization.slice("Bearer ".length),
          log: () => undefined,
        }),
      );
    }
  });
  after(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await c.close();
  });

  /** The central list for `site`, as `renderBanFile("json", …)` renders it (the export). */
  const centralList = async (site: string) => {
    const r = await c.t.call(
      c.responder,
      "GET",
      `/api/v1/bans/export?format=json&site=${site}&as=json`,
    );
    return banList(r.content as string);
  };

  it(
    "every agent's json file equals the central list for its site",
    { timeout: 60_000 },
    async () => {
      const live: string[] = [];
      let changes = 0;
      for (let i = 0; changes < CHANGES; i++) {
        if (i % 3 === 2 && live.length > 0) {
          const id = live.splice((i * 7) % live.length, 1)[0]!;
          await c.lift(id);
        } else {
          const limited =
            i % 4 === 1 ? { sites: [sites[i % AGENTS]!, sites[(i + 5) % AGENTS]!] } : {};
          const kind =
            i % 2 === 0
              ? { kind: "token", jti: `burst-${i}` }
              : { kind: "identity", sub: `u-${i}` };
          live.push((await c.ban({ ...kind, ...limited })).id);
        }
        changes++;
      }
      const expected = new Map<string, unknown[]>();
      for (const site of sites) expected.set(site, (await centralList(site))!);
      // The limited bans really make the sites' lists differ.
      assert.ok(new Set([...expected.values()].map((l) => l.length)).size > 1);
      await eventually(() => {
        const behind = sites.filter(
          (s) =>
            JSON.stringify(banList(readOr(jsonOf.get(s)!))) !== JSON.stringify(expected.get(s)),
        );
        return behind.length === 0 ? true : undefined;
      }, 45_000);
      for (const site of sites) {
        assert.deepEqual(banList(readOr(jsonOf.get(site)!)), expected.get(site), site);
      }
      for (const a of agents) assert.equal(a.agent.health().status, "ok");
    },
  );
});
