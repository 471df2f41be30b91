/**
 * npm run bench:feed — from a ban's creation at the centre to the native file rewritten at each
 * of N site agents on loopback, by push and by poll (interval P), plus the SET deliveries per
 * second one transmitter sustains to N push receivers during a burst. Everything runs in this
 * one process (transmitter and agents share one event loop and the machine's cores), so the
 * figures are an upper bound on latency; the same-run baseline is one HTTP round trip to the
 * transmitter (GET /healthz). Appends a dated section to bench/RESULTS.md.
 *
 * Goals (issue 6): push p99 < 1 s; poll ≤ P + 200 ms.
 *
 * Run: node --import tsx bench/feed.bench.ts [agents] [bans per mode]
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseAgentConfig, startAgent, type RunningAgent } from "../src/agent/index.js";
import { systemClock } from "../src/core/clock.js";
import { ISSUER, feedApp, type FeedApp } from "../src/feed/transmitter/transmitter.fixture.js";
import { openStore } from "../src/store/index.js";

const AGENTS = Number(process.argv[2] ?? 100);
const BANS = Number(process.argv[3] ?? 10);
const POLL_SEC = 1;
const BURST = 20;
const ISS = "https://iam.example.org/";

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const read = (path: string) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
};

interface Fleet {
  t: FeedApp;
  responder: { authorization: string };
  files: string[];
  agents: RunningAgent[];
  dir: string;
}

async function fleet(mode: "push" | "poll"): Promise<Fleet> {
  const dir = mkdtempSync(join(tmpdir(), `ttt-bench-feed-${mode}-`));
  const t = await feedApp(await openStore({ dataDir: dir }), {
    clock: systemClock,
    syncInstances: true,
    keyDir: join(dir, "keys"),
  });
  const responder = await t.as("responder");
  const files: string[] = [];
  const agents: RunningAgent[] = [];
  for (let i = 0; i < AGENTS; i++) {
    const site = `SITE-${String(i).padStart(3, "0")}`;
    const who = await t.as("site", site);
    const out = join(dir, site, "bans.json");
    const config = parseAgentConfig(
      {
        site,
        stateDir: join(dir, site, "state"),
        transmitter: { url: t.url, issuer: ISSUER },
        delivery:
          mode === "push"
            ? { method: "push", path: "/ssf/events", heartbeatSec: 30 }
            : { method: "poll", intervalSec: POLL_SEC, maxEvents: 500 },
        http: { listen: "127.0.0.1:0" },
        retry: { minSec: 0.05, maxSec: 1 },
        outputs: [{ format: "json", path: out }],
      },
      dir,
    );
    files.push(out);
    agents.push(
      await startAgent(config, {
        clock: systemClock,
        fetch: globalThis.fetch,
        token: who.authorization.slice("Bearer ".length),
        log: () => undefined,
        pushSecret: "bench-push-secret-0123456789",
      }),
    );
  }
  return { t, responder, files, agents, dir };
}

const ban = (f: Fleet, jti: string) =>
  f.t.call(f.responder, "POST", "/api/v1/bans", {
    kind: "token",
    iss: ISS,
    jti,
    reason: "bench",
  }) as Promise<{ id: string }>;

/** Waits until every file holds every id; returns, per file, ms from `start` to that moment. */
async function arrival(files: string[], ids: string[], start: number, limitMs = 60_000) {
  const at: (number | undefined)[] = files.map(() => undefined);
  while (at.some((x) => x === undefined) && performance.now() - start < limitMs) {
    files.forEach((f, i) => {
      if (at[i] === undefined) {
        const text = read(f);
        if (ids.every((id) => text.includes(id))) at[i] = performance.now() - start;
      }
    });
    await sleep(5);
  }
  if (at.some((x) => x === undefined)) throw new Error("not every agent got the bans in 60 s");
  return at as number[];
}

async function latency(f: Fleet, mode: string): Promise<number[]> {
  // Bootstrap: every agent has an (empty or full) first file before measuring.
  const first = await ban(f, `${mode}-warmup`);
  await arrival(f.files, [first.id], performance.now());
  const all: number[] = [];
  for (let i = 0; i < BANS; i++) {
    await sleep(POLL_SEC * 1000 * ((i * 0.37) % 1)); // spread over the poll phase
    const start = performance.now();
    const b = await ban(f, `${mode}-${i}`);
    all.push(...(await arrival(f.files, [b.id], start)));
  }
  return all;
}

async function roundTrip(f: Fleet): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < 50; i++) {
    const s = performance.now();
    await (await fetch(`${f.t.url}/healthz`)).text();
    xs.push(performance.now() - s);
  }
  return pct(xs, 50);
}

async function close(f: Fleet) {
  await Promise.all(f.agents.map((a) => a.stop()));
  await f.t.close();
  rmSync(f.dir, { recursive: true, force: true });
}

const rows: string[] = [];
const fmt = (n: number) => n.toFixed(0);

const push = await fleet("push");
const rtt = await roundTrip(push);
const pushMs = await latency(push, "push");
rows.push(
  `| push | ${fmt(pct(pushMs, 50))} | ${fmt(pct(pushMs, 99))} | ${fmt(Math.max(...pushMs))} | p99 < 1000 ms: ${pct(pushMs, 99) < 1000 ? "met" : "NOT met"} |`,
);
// Burst: BURST bans made back to back, delivered to every push receiver.
const burstStart = performance.now();
const ids: string[] = [];
for (let i = 0; i < BURST; i++) ids.push((await ban(push, `burst-${i}`)).id);
const burstMs = (await arrival(push.files, ids, burstStart, 300_000)).reduce(
  (a, b) => Math.max(a, b),
  0,
);
const deliveries = (BURST * AGENTS) / (burstMs / 1000);
await close(push);

const poll = await fleet("poll");
const pollMs = await latency(poll, "poll");
rows.push(
  `| poll, interval ${POLL_SEC} s | ${fmt(pct(pollMs, 50))} | ${fmt(pct(pollMs, 99))} | ${fmt(Math.max(...pollMs))} | p99 ≤ ${POLL_SEC * 1000 + 200} ms: ${pct(pollMs, 99) <= POLL_SEC * 1000 + 200 ? "met" : "NOT met"} |`,
);
await close(poll);

const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
const section = `
## bench:feed — ${new Date().toISOString()} — ${cpus().length} × ${cpu}, Node ${process.version}

One transmitter (\`ttt serve\`'s app on SQLite, push dispatcher on) and ${AGENTS} site agents, all in
this one process on loopback; each agent writes a json ban file. Latency: from the POST that
creates a ban to that ban being in an agent's file, ${BANS} bans × ${AGENTS} agents per mode (the
files are read every 5 ms). Baseline in the same run: one HTTP round trip to the transmitter,
p50 ${rtt.toFixed(2)} ms.

| delivery | p50 ms | p99 ms | max ms | goal |
| --- | --- | --- | --- | --- |
${rows.join("\n")}

Burst: ${BURST} bans made back to back reached all ${AGENTS} push receivers in ${(burstMs / 1000).toFixed(1)} s:
${Math.round(deliveries).toLocaleString("en-US")} SET deliveries/s (verified and written by the agents) from one transmitter.
`;
process.stdout.write(section);
appendFileSync(join(import.meta.dirname, "RESULTS.md"), section);
