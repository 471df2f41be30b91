/**
 * npm run bench:sync — how soon a ban made through one server instance is enforced by another
 * on the same PostgreSQL (issue 5: "within a second"). Two real `ttt serve` processes (A and B)
 * share one fresh schema holding a preloaded set of active bans. Each round makes a token ban
 * through A's API as a responder and polls B's decision point with that token's claims, one
 * request after another, until B denies; then lifts the ban through A and polls B until it
 * allows again. Measured from the moment the request to A is sent, and from A's answer (the ban
 * committed). The same run's baseline is one decision round trip to B, so figures from a noisy
 * shared machine can be compared. Appends a dated section to bench/RESULTS.md.
 *
 * Goal: every change enforced by B within 1,000 ms.
 *
 * Run: node --import tsx bench/sync.bench.ts [rounds] [preloaded bans]
 * (TTT_TEST_PG_URL: the PostgreSQL to use; default postgres://postgres@127.0.0.1:5432/test)
 */
import pg from "pg";
import { PasswordHasher, TEST_SCRYPT_COST } from "../src/accounts/index.js";
import { createContext } from "../src/app/context.js";
import { BansRepository } from "../src/bans/index.js";
import { openStore, txRunner } from "../src/store/index.js";
import { makeBan } from "../src/test-support/ban-factory.js";
import { appendResults, machine, percentile } from "./bench-logs.js";
import { CLI_ENTRY, startServer, stopServer, type Server } from "./bench-server.js";

const ROUNDS = Number(process.argv[2] ?? 100);
const PRELOAD = Number(process.argv[3] ?? 50_000);
const PG_URL = process.env.TTT_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const ISS = "https://iam.example.org/";
const GOAL_MS = 1000;
/** Longest a poll waits for B before the round counts as failed (and the run as not met). */
const GIVE_UP_MS = 10_000;

// ---- state and HTTP helpers ------------------------------------------------------------------
const schema = `bench_sync_${process.pid}`;
const url = `${PG_URL}${PG_URL.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
const servers: Server[] = [];
const failures: string[] = [];
const created: number[] = [];
const createdAfterAck: number[] = [];
const lifted: number[] = [];
const liftedAfterAck: number[] = [];
const roundTrips: number[] = [];
type Headers = { authorization: string };

async function call(base: string, path: string, headers: Headers, body: object) {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}
async function decision(at: string, site: Headers, claims: object): Promise<string> {
  const res = await call(at, "/api/v1/decisions", site, { claims });
  if (res.status !== 200) throw new Error(`decision: HTTP ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { decision: string }).decision;
}
/** Polls until the decision is `want`; the time it became so, or null after GIVE_UP_MS. */
async function until(at: string, site: Headers, claims: object, want: string) {
  const start = performance.now();
  while (performance.now() - start < GIVE_UP_MS) {
    if ((await decision(at, site, claims)) === want) return performance.now();
  }
  return null;
}

/** Accounts with API tokens (a responder, a site) and the preloaded bans, in the fresh schema. */
async function prepare(): Promise<{ responder: Headers; site: Headers }> {
  const store = await openStore({ dataDir: "", databaseUrl: PG_URL, pgSchema: schema });
  try {
    const ctx = createContext({ store, hasher: new PasswordHasher(TEST_SCRYPT_COST) });
    await ctx.accounts.ensureAdmin("bench-admin-pw");
    const root = await ctx.accounts.localActor("admin");
    const tokenOf = async (name: string, role: "responder" | "site") => {
      await ctx.accounts.addUser(root, { name, role, password: `${name}-password-1` });
      const token = await ctx.apiTokens.create(await ctx.accounts.localActor(name), {
        label: "bench",
      });
      return { authorization: `Bearer ${token.secret}` };
    };
    const headers = {
      responder: await tokenOf("csirt", "responder"),
      site: await tokenOf("site-b", "site"),
    };
    await txRunner(store, (exec) => ({ bans: new BansRepository(exec) })).write(async (r) => {
      for (let i = 0; i < PRELOAD; i++) {
        const key =
          i % 3 === 0
            ? { kind: "identity" as const, sub: `sub-${i}` }
            : { kind: "token" as const, jti: `jti-${i}` };
        await r.bans.insert(makeBan(key, { iss: ISS, createdAt: "2026-01-01T00:00:00.000Z" }));
      }
    });
    return headers;
  } finally {
    await store.close();
  }
}

/** Starts A and B, checks both enforce the preloaded bans, then times the rounds. */
async function measure({ responder, site }: { responder: Headers; site: Headers }) {
  for (let i = 0; i < 2; i++) {
    servers.push(
      await startServer([CLI_ENTRY, "serve", "--port", "0", "--host", "127.0.0.1"], {
        TTT_DATABASE_URL: url,
        TTT_LOG_LEVEL: "warn",
        TTT_LOAD_EXAMPLE: "false",
      }),
    );
  }
  const [a, b] = [servers[0]!.url, servers[1]!.url];
  const warm = { iss: ISS, sub: "warm-up", jti: "warm-up" };
  for (let i = 0; i < 200; i++) await decision(b, site, warm);
  for (const at of [a, b]) {
    if ((await decision(at, site, { iss: ISS, jti: "jti-1" })) !== "deny") {
      throw new Error(`${at} does not enforce a preloaded ban`);
    }
  }
  for (let i = 0; i < 1000; i++) {
    const t = performance.now();
    await decision(b, site, warm);
    roundTrips.push(performance.now() - t);
  }
  for (let round = 0; round < ROUNDS; round++) {
    const claims = { iss: ISS, sub: `sync-sub-${round}`, jti: `sync-jti-${round}` };
    if ((await decision(b, site, claims)) !== "allow") {
      throw new Error(`round ${round}: banned before`);
    }
    const sent = performance.now();
    const res = await call(a, "/api/v1/bans", responder, {
      kind: "token",
      iss: ISS,
      jti: claims.jti,
      reason: "bench:sync",
    });
    const ack = performance.now();
    if (res.status !== 201) throw new Error(`ban: HTTP ${res.status}: ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    const denied = await until(b, site, claims, "deny");
    if (denied === null) {
      // The lift would find B allowing already and time nothing: this round ends here.
      failures.push(`round ${round}: not denied by B within ${GIVE_UP_MS} ms`);
      await call(a, `/api/v1/bans/${id}/lift`, responder, { reason: "bench:sync" });
      continue;
    }
    created.push(denied - sent);
    createdAfterAck.push(denied - ack);
    const liftSent = performance.now();
    const lift = await call(a, `/api/v1/bans/${id}/lift`, responder, { reason: "bench:sync" });
    const liftAck = performance.now();
    if (lift.status !== 200) throw new Error(`lift: HTTP ${lift.status}: ${await lift.text()}`);
    const allowed = await until(b, site, claims, "allow");
    if (allowed === null) {
      failures.push(`round ${round}: still denied by B after ${GIVE_UP_MS} ms`);
      continue;
    }
    lifted.push(allowed - liftSent);
    liftedAfterAck.push(allowed - liftAck);
  }
}

// ---- the run: everything it made is removed, whatever fails --------------------------------
const admin = new pg.Client({ connectionString: PG_URL });
await admin.connect();
await admin.query(`create schema ${schema}`);
try {
  await measure(await prepare());
} finally {
  for (const s of servers) await stopServer(s.child);
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}

// ---- report ------------------------------------------------------------------------------
const rt = percentile(roundTrips, 50);
const ms = (x: number) => x.toFixed(1);
const row = (name: string, xs: number[]) =>
  xs.length === 0
    ? `| ${name} | 0 | — | — | — | — | — |`
    : `| ${name} | ${xs.length} | ${ms(percentile(xs, 50))} | ${ms(percentile(xs, 90))} | ${ms(percentile(xs, 99))} | ${ms(Math.max(...xs))} | ${(percentile(xs, 50) / rt).toFixed(1)}× |`;
const worst = created.length + lifted.length === 0 ? NaN : Math.max(...created, ...lifted);
const met = failures.length === 0 && created.length === ROUNDS && worst <= GOAL_MS;
const section = `
## bench:sync — ${new Date().toISOString()} — ${machine()}

Two \`ttt serve\` processes (A, B) on one PostgreSQL schema with ${PRELOAD.toLocaleString("en-US")} active bans preloaded
(log level warn), this process as the client, all on the same cores. ${ROUNDS} rounds: a token
ban made through A's API, B's decision point polled with the token's claims (one request after
another) until it denies; the ban lifted through A, B polled until it allows. Times from the
request sent to A ("sent") and from A's answer ("after A's answer"). Baseline in the same run:
one decision round trip to B, median ${ms(rt)} ms (p99 ${ms(percentile(roundTrips, 99))} ms).

| change seen at B | n | p50 ms | p90 ms | p99 ms | max ms | p50 vs one round trip |
| --- | --- | --- | --- | --- | --- | --- |
${row("ban, from sent", created)}
${row("ban, after A's answer", createdAfterAck)}
${row("lift, from sent", lifted)}
${row("lift, after A's answer", liftedAfterAck)}

Goal: every change enforced by B within ${GOAL_MS.toLocaleString("en-US")} ms — ${met ? "met" : "NOT met"} (slowest ${ms(worst)} ms${failures.length === 0 ? "" : `; ${failures.length} rounds gave up: ${failures.slice(0, 3).join("; ")}`}).
`;
console.log(section);
appendResults(section);
if (!met) process.exitCode = 1;
