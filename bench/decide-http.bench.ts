/**
 * npm run bench:decide-http — decisions per second over HTTP on loopback, against the real
 * `ttt serve` in a child process (SQLite, 200,000 active bans of mixed kinds, one site's API
 * token), with autocannon as the load tool in this process:
 *  - baseline: a bare Fastify POST route (bench/http-baseline.server.ts), same load settings;
 *  - claims, half of them banned;
 *  - tokens verified with ES256 and with RS256, every request verified (token cache off);
 *  - the same ES256 tokens with the verified-token cache on (a busy site sees repeats);
 * and, as the ceiling for the verified cases, the raw single-core verify rate of node:crypto and
 * of jose on the same keys, measured in this run. Appends a section to bench/RESULTS.md.
 * Both processes share the machine's cores, so the load tool takes its share from the server.
 *
 * Run: node --import tsx bench/decide-http.bench.ts [seconds per case]
 * (TTT_BENCH_PROFILE=DIR also writes CPU profiles of the servers to DIR.)
 */
import { createPublicKey, verify as cryptoVerify } from "node:crypto";
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { compactVerify, importJWK } from "jose";
import { PasswordHasher, TEST_SCRYPT_COST } from "../src/accounts/index.js";
import { createContext } from "../src/app/context.js";
import { BansRepository, type Ban } from "../src/bans/index.js";
import { openStore, txRunner } from "../src/store/index.js";
import { makeBan } from "../src/test-support/ban-factory.js";
import { makeIssuer, sign, type TestIssuer } from "../src/test-support/token-factory.js";
import { CLI_ENTRY, startServer, stopServer } from "./bench-server.js";

const SECONDS = Number(process.argv[2] ?? 10);
const BANS = 200_000;
const CONNECTIONS = 32;
const ISS = "https://iam.example.org/";
const AUD = "https://storage.example.org";

// ---- the store: bans, a site account, two trusted issuers --------------------------------
const dir = mkdtempSync(join(tmpdir(), "ttt-bench-http-"));
const store = await openStore({ dataDir: dir });
const ctx = createContext({ store, hasher: new PasswordHasher(TEST_SCRYPT_COST) });
await ctx.risk.methodologies.installBuiltins();
await ctx.accounts.ensureAdmin("bench-admin-pw");
const admin = await ctx.accounts.localActor("admin");
await ctx.accounts.addUser(admin, { name: "site-a", role: "site", password: "site-a-password" });
const apiToken = (
  await ctx.apiTokens.create(await ctx.accounts.localActor("site-a"), { label: "bench" })
).secret;
const es = await makeIssuer("ES256", "es-1", ISS);
const rs = await makeIssuer("RS256", "rs-1", ISS);
await ctx.issuers.add(admin, { iss: ISS, jwks: { keys: [es.jwk, rs.jwk] }, audiences: [AUD] });
const kinds = ["token", "token", "token", "identity", "identity", "client"] as const;
const bans: Ban[] = [];
for (let i = 0; i < BANS; i++) {
  const kind = kinds[i % kinds.length]!;
  const key =
    kind === "token"
      ? { kind, jti: `jti-${i}` }
      : kind === "identity"
        ? { kind, sub: `sub-${i}` }
        : { kind, clientId: `client-${i}` };
  bans.push(makeBan(key, { iss: ISS, createdAt: "2026-01-01T00:00:00.000Z" }));
}
await txRunner(store, (exec) => ({ bans: new BansRepository(exec) })).write(async (r) => {
  for (const b of bans) await r.bans.insert(b);
});
await store.close();

// ---- request bodies ------------------------------------------------------------------------
const now = Math.floor(Date.now() / 1000);
const claimsOf = (i: number) => ({
  iss: ISS,
  sub: i % 2 === 0 ? `sub-${(i * 6 + 3) % BANS}` : `clean-sub-${i}`,
  jti: i % 2 === 0 ? `jti-${(i * 6) % BANS}` : `clean-jti-${i}`,
  client_id: "rucio",
  aud: AUD,
  iat: now,
  nbf: now,
  exp: now + 3600,
  "wlcg.ver": "1.0",
  scope: "storage.read:/data",
});
const TOKENS = 2000;
async function tokens(by: TestIssuer): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < TOKENS; i++) out.push(await sign(by, claimsOf(i)));
  return out;
}
const esTokens = await tokens(es);
const rsTokens = await tokens(rs);

// ---- the ceiling: raw verify rates in this process ------------------------------------------
async function rate(fn: () => unknown, ms = 2000): Promise<number> {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) {
    await fn();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}
function rawVerifier(t: TestIssuer, list: string[]) {
  const key = createPublicKey({ key: t.jwk as never, format: "jwk" });
  let i = 0;
  return () => {
    const tok = list[i++ % list.length]!;
    const dot = tok.lastIndexOf(".");
    const data = Buffer.from(tok.slice(0, dot));
    const sig = Buffer.from(tok.slice(dot + 1), "base64url");
    const ok =
      t.alg === "ES256"
        ? cryptoVerify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, sig)
        : cryptoVerify("sha256", data, key, sig);
    if (!ok) throw new Error("bad signature in the benchmark");
  };
}
async function joseVerifier(t: TestIssuer, list: string[]) {
  const key = await importJWK(t.jwk, t.alg);
  let i = 0;
  return () => compactVerify(list[i++ % list.length]!, key);
}
const ceiling = {
  cryptoES256: await rate(rawVerifier(es, esTokens)),
  cryptoRS256: await rate(rawVerifier(rs, rsTokens)),
  joseES256: await rate(await joseVerifier(es, esTokens)),
  joseRS256: await rate(await joseVerifier(rs, rsTokens)),
};

// ---- servers and load ------------------------------------------------------------------------
interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}
async function load(url: string, bodies: object[], seconds = SECONDS): Promise<Figures> {
  const r = await autocannon({
    url: `${url}/api/v1/decisions`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: bodies.map((b) => ({
      method: "POST",
      path: "/api/v1/decisions",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiToken}` },
      body: JSON.stringify(b),
    })),
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

const claimBodies = Array.from({ length: TOKENS }, (_, i) => ({ claims: claimsOf(i) }));
const serve = (cache: string) =>
  startServer([CLI_ENTRY, "serve", "--data-dir", dir, "--port", "0", "--host", "127.0.0.1"], {
    TTT_LOG_LEVEL: "warn",
    TTT_TOKEN_CACHE_SIZE: cache,
    TTT_DATABASE_URL: "",
  });

const rows: [string, Figures, string][] = [];
const baseline = await startServer([join(import.meta.dirname, "http-baseline.server.ts")]);
await load(baseline.url, claimBodies, 2); // warm-up
const base = await load(baseline.url, claimBodies);
rows.push(["baseline: bare Fastify POST route", base, "—"]);
await stopServer(baseline.child);

let server = await serve("0");
await load(server.url, claimBodies.slice(0, 10), 3); // loads the 200k-ban index, warms up
const claims = await load(server.url, claimBodies);
rows.push(["claims, half banned", claims, "—"]);
const esLoad = await load(
  server.url,
  esTokens.map((token) => ({ token })),
);
rows.push([
  "ES256 token, verified every time",
  esLoad,
  `${ceiling.cryptoES256.toFixed(0)} raw node:crypto, ${ceiling.joseES256.toFixed(0)} jose (1 core)`,
]);
const rsLoad = await load(
  server.url,
  rsTokens.map((token) => ({ token })),
);
rows.push([
  "RS256 token, verified every time",
  rsLoad,
  `${ceiling.cryptoRS256.toFixed(0)} raw node:crypto, ${ceiling.joseRS256.toFixed(0)} jose (1 core)`,
]);
await stopServer(server.child);

server = await serve("100000");
await load(
  server.url,
  esTokens.map((token) => ({ token })),
  3,
); // fills the cache
const cached = await load(
  server.url,
  esTokens.map((token) => ({ token })),
);
rows.push(["ES256 token, verified once then cached", cached, "—"]);
await stopServer(server.child);
rmSync(dir, { recursive: true, force: true });

// ---- report ------------------------------------------------------------------------------
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const table = [
  "| case | decisions/s | vs baseline | p50 ms | p99 ms | errors | non-2xx | verify ceiling /s |",
  "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ...rows.map(
    ([name, f, c]) =>
      `| ${name} | ${fmt(f.rps)} | ${(f.rps / base.rps).toFixed(2)}× | ${f.p50} | ${f.p99} | ${f.errors} | ${f.non2xx} | ${c} |`,
  ),
].join("\n");
const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
const section = `
## bench:decide-http — ${new Date().toISOString()} — ${cpus().length} × ${cpu}, Node ${process.version}

\`ttt serve\` (SQLite, ${fmt(BANS)} active bans: half token, a third identity, a sixth client;
log level warn) in one process, autocannon with ${CONNECTIONS} connections for ${SECONDS} s per case in
another, on ${cpus().length} cores shared by both. Each request authenticates with a site's API token.
Bodies cycle through ${fmt(TOKENS)} distinct claim sets or tokens. Goal: ≥ 20,000 decisions/s with claims.

${table}

Claims: ${claims.rps >= 20_000 ? "goal met" : "goal NOT met"} (${fmt(claims.rps)}/s, ${(claims.rps / base.rps).toFixed(2)}× the bare route).
`;
process.stdout.write(section);
appendFileSync(join(import.meta.dirname, "RESULTS.md"), section);
