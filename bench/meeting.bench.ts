/**
 * npm run bench:meeting — 50 participants in one meeting room on loopback (SQLite, one server
 * process). Measures, per vote, the time from sending it to every client having a state that
 * lists the voter; and, per round, from the reveal to every client having the results. Figures
 * are appended to bench/RESULTS.md with the date and the machine.
 */
import { appendFileSync, mkdtempSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { PasswordHasher, TEST_SCRYPT_COST } from "../src/accounts/index.js";
import { createContext } from "../src/app/context.js";
import { buildApp } from "../src/http/app.js";
import { openStore } from "../src/store/index.js";
import { WsClient } from "../src/test-support/ws-client.js";

const PARTICIPANTS = 50;
const ROUNDS = 5;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), "ttt-bench-")) });
const ctx = createContext({ store, hasher: new PasswordHasher(TEST_SCRYPT_COST) });
await ctx.risk.methodologies.installBuiltins();
await ctx.accounts.ensureAdmin("bench-admin-pw");
const admin = await ctx.accounts.localActor("admin");
await ctx.risk.versions.create(admin, {
  id: "bench",
  title: "bench",
  methodology: "ttt-5x5",
  defaultRule: "highest-mode",
});
await ctx.risk.catalogue.putThreat(admin, "bench", { id: "TR-1", title: "Unavailable" });
await ctx.risk.rows.add(admin, "bench", { threat: "TR-1" });
const names = Array.from({ length: PARTICIPANTS }, (_, i) => `p${i}`);
const tokens: string[] = [];
for (const name of names) {
  await ctx.accounts.addUser(admin, { name, role: "assessor" });
  tokens.push(
    (await ctx.apiTokens.create(await ctx.accounts.localActor(name), { label: "bench" })).secret,
  );
}
const facToken = (await ctx.apiTokens.create(admin, { label: "bench" })).secret;
const app = await buildApp(ctx);
const url = `${(await app.listen({ port: 0, host: "127.0.0.1" })).replace("http", "ws")}/api/v1/meetings/bench/ws`;
const fac = await WsClient.connect(url, { authorization: `Bearer ${facToken}` });
await fac.firstState();
const clients = await Promise.all(
  tokens.map((t) => WsClient.connect(url, { authorization: `Bearer ${t}` })),
);
await Promise.all(clients.map((c) => c.firstState()));

const voteMs: number[] = [];
const revealMs: number[] = [];
const everyone = [fac, ...clients];
for (let r = 0; r < ROUNDS; r++) {
  const opened = everyone.map((c) =>
    c.next(
      (m) =>
        m.type === "state" && m.state.round?.state === "open" && m.state.round.voters.length === 0,
      10_000,
    ),
  );
  const round = (await fac.request({ type: "open-round", row: "TR-1" })) as { id: string };
  await Promise.all(opened);
  for (let i = 0; i < clients.length; i++) {
    const c = clients[i] as WsClient;
    const voter = names[i] as string;
    const seen = everyone.map((x) =>
      x.next((m) => m.type === "state" && (m.state.round?.voters.includes(voter) ?? false), 10_000),
    );
    const t0 = performance.now();
    c.send({ type: "vote", round: round.id, likelihood: 1 + (i % 5), impact: 1 + ((i * 3) % 5) });
    await Promise.all(seen);
    voteMs.push(performance.now() - t0);
  }
  const results = everyone.map((x) =>
    x.next((m) => m.type === "state" && m.state.round?.state === "revealed", 10_000),
  );
  const t0 = performance.now();
  fac.send({ type: "reveal", round: round.id });
  await Promise.all(results);
  revealMs.push(performance.now() - t0);
}
await Promise.all(everyone.map((c) => c.close()));
await app.close();
await store.close();

const line = (label: string, xs: number[]) =>
  `| ${label} | ${xs.length} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 99).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`;
const report = [
  "",
  `## bench:meeting — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}`,
  "",
  `${PARTICIPANTS} participants + facilitator over WebSocket on loopback, SQLite, ${ROUNDS} rounds; votes one after another; clients and server share one process and the 2 cores. Goal: p99 < 50 ms.`,
  "",
  "| measure | samples | p50 ms | p99 ms | max ms |",
  "| --- | --- | --- | --- | --- |",
  line("vote → every client sees 'voted'", voteMs),
  line("reveal → every client has the results", revealMs),
  "",
].join("\n");
appendFileSync(join(import.meta.dirname, "RESULTS.md"), report);
process.stdout.write(report);
