/**
 * npm run bench:trace — trace latency over ~10,000,000 log lines (the logs bench:ingest made,
 * shared through bench-logs.ts). The tree is ingested by the CLI in a child process into a
 * SQLite data dir and a PostgreSQL schema kept under TTT_BENCH_DIR (idempotent: a later run
 * finds everything stored and takes seconds). Then, in this process, `TraceService.run()` is
 * timed on each database for 100 access-token jtis, 100 subjects and 100 refresh-token jtis with
 * their derived tokens, all picked by a seeded PRNG from the stored events, plus the planted
 * stolen refresh token (checked against ground-truth.json). Floors in the same run: `grep -rF`
 * over the raw logs and `zgrep -F` over a gzip copy, as ratios to the stolen token's trace.
 * Appends a dated section with the machine to bench/RESULTS.md.
 *
 * Goal (issue 8): trace p95 < 100 ms on SQLite over 10M events, for a jti, a subject and a
 * jti with derived tokens; PostgreSQL reported.
 *
 * Run: node --import tsx bench/trace.bench.ts [users] [rate] [--skip-pg]
 *      (TTT_BENCH_DIR: where logs and stores go; TTT_TEST_PG_URL: the PostgreSQL server)
 */
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { systemClock } from "../src/core/clock.js";
import { prng } from "../src/core/prng.js";
import { openStore, type Store, type StoreOptions } from "../src/store/index.js";
import { EventsRepository, type StoredEvent } from "../src/trace/events/events.repository.js";
import { SEGMENT_SPAN } from "../src/trace/ingest/segment-builder.js";
import { TraceService } from "../src/trace/query/trace.service.js";
import * as bench from "./bench-logs.js";

const positional = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const SKIP_PG = process.argv.includes("--skip-pg");
const USERS = Number(positional[0] ?? 2000);
const RATE = Number(positional[1] ?? 2.95);
const N = 100;
const SEED = 42;
const PG_URL = process.env.TTT_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PG_SCHEMA = "ttt_bench_trace";
const KINDS = ["jti", "sub", "derived"] as const;
type Kind = (typeof KINDS)[number];
const LABEL: Record<Kind, string> = { jti: "jti", sub: "sub", derived: "jti + derived" };
interface Target {
  by: "jti" | "sub";
  value: string;
  iss: string | null;
}
type Row = Record<"queries" | "p50" | "p95" | "max" | "events" | "tokens", number>;
interface DbRun {
  name: string;
  events: number;
  bytes: number;
  ingest: { seconds: number; newEvents: number };
  /** PostgreSQL: the ANALYZE run before measuring and the server's autovacuum setting. */
  analyzed: string;
  rows: Map<Kind, Row>;
  stolenMs: number;
  stolenTokens: number;
}

const log = (s: string) => process.stderr.write(`${s}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const load = loadavg().map((x) => x.toFixed(2));
const { dir, gen } = bench.benchLogs(USERS, RATE);
const truth = JSON.parse(readFileSync(join(dir, "ground-truth.json"), "utf8")) as {
  stolen: { jti: string; iss: string };
  tokens: unknown[];
};
const lines = bench.countLogs(dir, "-l");
const bytes = bench.countLogs(dir, "-c");
const stolen: Target = { by: "jti", value: truth.stolen.jti, iss: truth.stolen.iss };

/** `ttt ingest` of the tree in a child process; the stores are kept, so reruns add nothing. */
function ingest(dataArgs: string[]): DbRun["ingest"] {
  const t = bench.ingestTree(dir, dataArgs);
  return { seconds: t.seconds, newEvents: t.summary.events };
}

/**
 * Uniformly random stored events (a global index → its segment and ordinal → event id), read in
 * batches until each kind of target has N distinct values. Deterministic for a given store.
 */
async function pickTargets(store: Store, events: EventsRepository) {
  const segs = await store.db
    .selectFrom("trace_segments")
    .select(["id", "events"])
    .orderBy("id")
    .execute();
  const ends: number[] = [];
  let total = 0;
  for (const s of segs) ends.push((total += Number(s.events)));
  const rand = prng(SEED);
  const jti = new Map<string, Target>();
  const sub = new Map<string, Target>();
  const refresh = new Map<string, Target>();
  const add = (m: Map<string, Target>, key: string, t: Target) => {
    if (m.size < N && !m.has(key)) m.set(key, t);
  };
  const take = (e: StoredEvent) => {
    if (e.jti !== null && (e.component === "dcache" || e.component === "condor"))
      add(jti, e.jti, { by: "jti", value: e.jti, iss: e.iss });
    if (e.sub !== null && e.iss !== null && (e.component === "iam" || e.component === "dcache"))
      add(sub, `${e.iss}\u0000${e.sub}`, { by: "sub", value: e.sub, iss: e.iss });
    const issued = e.component === "iam" && e.action === "token.issued";
    if (issued && e.jti !== null && e.details?.["tokenType"] === "refresh")
      add(refresh, e.jti, { by: "jti", value: e.jti, iss: e.iss });
  };
  let sampled = 0;
  for (let round = 0; round < 1000 && Math.min(jti.size, sub.size, refresh.size) < N; round++) {
    const ids = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const k = Math.floor(rand() * total);
      const j = ends.findIndex((end) => end > k);
      ids.add(segs[j]!.id * SEGMENT_SPAN + k - (ends[j - 1] ?? 0));
    }
    sampled += ids.size;
    for (const e of await events.byIds([...ids].sort((a, b) => a - b))) take(e);
  }
  if (Math.min(jti.size, sub.size, refresh.size) < N) log(`warning: fewer than ${N} of a kind`);
  const derived = [stolen, ...refresh.values()];
  const sets: Record<Kind, Target[]> = { jti: [...jti.values()], sub: [...sub.values()], derived };
  return { sets, sampled };
}
let targets: Awaited<ReturnType<typeof pickTargets>> | null = null;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** What the store takes on disk: the SQLite file (and its WAL), or the schema's tables. */
async function storeBytes(store: Store, dataDir: string): Promise<number> {
  if (store.dialect === "sqlite") {
    const f = join(dataDir, "ttt.sqlite");
    return statSync(f).size + (existsSync(`${f}-wal`) ? statSync(`${f}-wal`).size : 0);
  }
  const r = await sql<{ n: string }>`select coalesce(sum(pg_total_relation_size(c.oid)), 0) as n
    from pg_class c join pg_namespace ns on ns.oid = c.relnamespace
    where ns.nspname = current_schema() and c.relkind = 'r'`.execute(store.db);
  return Number(r.rows[0]?.n ?? NaN);
}

/** Opens the store in this process and times every query type on it. */
async function measure(name: string, ing: DbRun["ingest"], opts: StoreOptions): Promise<DbRun> {
  const store = await openStore(opts);
  try {
    const events = new EventsRepository(store.db);
    const count = await events.count();
    let analyzed = "";
    if (store.dialect === "postgres") {
      // Without statistics (autovacuum off or not yet run after the bulk load) PostgreSQL plans
      // `id in (…)` as a sequential scan of every row: measure the analysed steady state.
      const t0 = performance.now();
      await sql`analyze trace_events, trace_postings, trace_segments, trace_files`.execute(
        store.db,
      );
      const av = await sql<{ autovacuum: string }>`show autovacuum`.execute(store.db);
      analyzed = `ANALYZE by the bench before measuring, ${((performance.now() - t0) / 1000).toFixed(1)} s; server autovacuum ${av.rows[0]?.autovacuum}`;
    }
    targets ??= await pickTargets(store, events);
    const svc = new TraceService({ events, clock: systemClock });
    const run = async (t: Target, withDerived: boolean) => {
      const query = { ...t, withDerived, fromMs: null, toMs: null, site: null };
      const t0 = performance.now();
      const r = await svc.run(query);
      return { ms: performance.now() - t0, events: r.timeline.length, tokens: r.tokens.length };
    };
    const { jti, sub } = targets.sets;
    for (const t of [jti[0], sub[0], jti[1], sub[1], stolen]) if (t) await run(t, t === stolen);
    const rows = new Map<Kind, Row>();
    for (const kind of KINDS) {
      const rs = [];
      for (const t of targets.sets[kind]) rs.push(await run(t, kind === "derived"));
      const ms = rs.map((r) => r.ms);
      const [p50, p95, max] = [bench.percentile(ms, 50), bench.percentile(ms, 95), Math.max(...ms)];
      const [events, tokens] = [mean(rs.map((r) => r.events)), mean(rs.map((r) => r.tokens))];
      rows.set(kind, { queries: rs.length, p50, p95, max, events, tokens });
      log(`${name} ${LABEL[kind]}: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
    }
    const st: number[] = [];
    let stolenTokens = 0;
    for (let i = 0; i < 5; i++) {
      const r = await run(stolen, true);
      st.push(r.ms);
      stolenTokens = r.tokens;
    }
    if (stolenTokens !== truth.tokens.length)
      log(
        `warning: ${name}: stolen token traced to ${stolenTokens} tokens, not ${truth.tokens.length}`,
      );
    const stolenMs = bench.percentile(st, 50);
    const bytes = await storeBytes(store, opts.dataDir);
    return { name, events: count, bytes, ingest: ing, analyzed, rows, stolenMs, stolenTokens };
  } finally {
    await store.close();
  }
}

const runs: DbRun[] = [];
const sqliteDir = join(bench.ROOT, `ttt-bench-trace-sqlite-u${USERS}-r${RATE}`);
if (!existsSync(sqliteDir)) mkdirSync(sqliteDir, { recursive: true });
log(`SQLite: ingesting ${dir} into ${sqliteDir}`);
const sqliteIngest = ingest(["--data-dir", sqliteDir]);
runs.push(await measure("SQLite", sqliteIngest, { dataDir: sqliteDir }));

let pgSkip = SKIP_PG ? "PostgreSQL not measured: --skip-pg" : "";
if (!SKIP_PG) {
  const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
    await admin.query(`create schema if not exists ${PG_SCHEMA}`);
  } catch (err) {
    pgSkip = `PostgreSQL not measured (${PG_URL} unreachable): ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    await admin.end().catch(() => undefined);
  }
}
if (pgSkip === "") {
  // The CLI has no schema option: the connection's search_path puts it in the bench's schema.
  const options = encodeURIComponent(`-c search_path=${PG_SCHEMA}`);
  const url = `${PG_URL}${PG_URL.includes("?") ? "&" : "?"}options=${options}`;
  const pgDir = join(bench.ROOT, `ttt-bench-trace-pg-u${USERS}-r${RATE}`);
  mkdirSync(pgDir, { recursive: true });
  log(`PostgreSQL: ingesting ${dir} into schema ${PG_SCHEMA}`);
  const pgIngest = ingest(["--database-url", url, "--data-dir", pgDir]);
  const opts = { dataDir: pgDir, databaseUrl: PG_URL, pgSchema: PG_SCHEMA };
  runs.push(await measure("PostgreSQL", pgIngest, opts));
} else log(pgSkip);

// Floors: the same jti found in the raw logs, and in a gzip -1 copy of them (made once, reused).
const grep = bench.timed("grep", ["-rF", "--exclude=ground-truth.json", stolen.value, dir]);
log(`grep -rF: ${grep.seconds} s; gzip copy and zgrep next`);
const gz = bench.gzipCopy(dir);
const zgrepCmd = `find '${gz.dir}' -name '*.gz' -print0 | xargs -0 zgrep -F '${stolen.value}'`;
const zgrep = bench.timed("sh", ["-c", zgrepCmd], {}, [0, 1, 123]);

// The report.
const sqliteRun = runs[0]!;
const ms = (n: number) => (n < 10 ? n.toFixed(1) : fmt(n));
const row = (r: DbRun, k: Kind) => {
  const x = r.rows.get(k)!;
  const goal = r.name === "SQLite" ? (x.p95 < 100 ? "met" : "NOT met") : "report";
  return `| ${r.name} | ${LABEL[k]} | ${x.queries} | ${ms(x.p50)} | ${ms(x.p95)} | ${ms(x.max)} | ${x.events.toFixed(1)} | ${x.tokens.toFixed(2)} | ${goal} |`;
};
const ratio = (s: number) =>
  runs.map((r) => `${fmt(s / (r.stolenMs / 1000))}× ${r.name}`).join(", ");
const t = targets!;
const section = `
## bench:trace — ${new Date().toISOString()} — ${bench.machine({ ram: true })}

\`ttt gen-logs --sites 5 --days 7 --users ${USERS} --rate ${RATE} --seed 42 --compromise\`: ${fmt(lines)} lines,
${(bytes / 1e9).toFixed(2)} GB${gen === null ? " (generated by an earlier run)" : `, generated in ${gen.seconds.toFixed(1)} s`}.
Stored (\`ttt ingest --site auto\`, CLI in a child process; stores kept between runs, so a rerun adds nothing):
${runs.map((r) => `${r.name} ${fmt(r.events)} events, ${(r.bytes / 1e9).toFixed(2)} GB (ingest this run ${r.ingest.seconds.toFixed(1)} s, ${fmt(r.ingest.newEvents)} new events${r.analyzed === "" ? "" : `; ${r.analyzed}`})`).join("; ")}.${pgSkip === "" ? "" : ` ${pgSkip}.`}
Load average (1, 5, 15 min) at start ${load.join(", ")}, at the end ${loadavg()
  .map((x) => x.toFixed(2))
  .join(", ")}
(${cpus().length} cores, shared with other work: figures are noisy).

Targets: a seeded PRNG (mulberry32, seed ${SEED}) picks uniformly random stored events of the SQLite
store (global index → trace_segments segment and ordinal → id = segment × 1,048,576 + ordinal;
${fmt(t.sampled)} events read) and keeps the first ${N} distinct of each: jtis of access-token uses
(dCache, HTCondor), iss+sub of IAM and dCache lines, and jtis of IAM refresh-token issuances
(traced with derived tokens, after the ground truth's stolen refresh token). Same targets on every
database. Each query is \`TraceService.run()\` in this process (limit 10,000), wall time around the
call, after 5 warm-up queries; mean events = timeline length, mean tokens = tokens found.

| database | query | queries | p50 ms | p95 ms | max ms | mean events | mean tokens | goal |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${runs.flatMap((r) => KINDS.map((k) => row(r, k))).join("\n")}

Goal: p95 < 100 ms on SQLite — ${KINDS.map((k) => `${LABEL[k]}: ${sqliteRun.rows.get(k)!.p95 < 100 ? "met" : "NOT met"}`).join("; ")}.
Stolen refresh token with derived tokens (median of 5): ${runs.map((r) => `${r.name} ${ms(r.stolenMs)} ms, ${r.stolenTokens} tokens`).join("; ")} (ground truth: ${truth.tokens.length} tokens).
Floors in the same run, the stolen jti in the raw logs: \`grep -rF\` ${grep.seconds.toFixed(1)} s (${ratio(grep.seconds)});
\`zgrep -F\` over a \`gzip -1\` copy (${(gz.bytes / 1e9).toFixed(2)} GB${gz.seconds === null ? ", made by an earlier run" : `, made in ${gz.seconds.toFixed(1)} s`}) ${zgrep.seconds.toFixed(1)} s (${ratio(zgrep.seconds)}).
`;
process.stdout.write(section);
bench.appendResults(section);
