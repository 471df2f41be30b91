/**
 * npm run bench:ingest — generates ~10,000,000 log lines with `ttt gen-logs` (5 sites, a week,
 * --compromise; reused when the same options were generated before), then in the same run:
 * the floor — `cat` of every file and `grep -rF <the stolen jti>` over them — and `ttt ingest`
 * of the whole tree into a fresh SQLite store and into a fresh PostgreSQL schema, each in a child
 * process measured by /usr/bin/time (wall time and peak RSS). Also ingests the same tree again
 * (idempotent: nothing new). Appends a dated section with the machine to bench/RESULTS.md.
 *
 * Goals (issue 7): SQLite ≥ 200,000 lines/s end to end; peak memory < 500 MB.
 *
 * Run: node --import tsx bench/ingest.bench.ts [users] [rate]   (TTT_BENCH_DIR: where logs go)
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

const USERS = Number(process.argv[2] ?? 2000);
const RATE = Number(process.argv[3] ?? 3);
const ROOT = process.env.TTT_BENCH_DIR ?? tmpdir();
const PG_URL = process.env.TTT_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const repo = join(import.meta.dirname, "..");
const built = existsSync(join(repo, "dist/cli/main.js"));
const ttt = built
  ? [join(repo, "bin/ttt.js")]
  : ["--import", "tsx", join(repo, "src/cli/entry.ts")];

interface Timed {
  seconds: number;
  maxRssMb: number;
  stdout: string;
}

/** Runs a command under /usr/bin/time: wall seconds and peak resident memory. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Timed {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", cmd, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, TTT_LOG_LEVEL: "silent", ...env },
  });
  const last = r.stderr.trim().split("\n").at(-1) ?? "";
  const [secs, rssKb] = last.split(" ").map(Number);
  if (r.status !== 0 && !args.includes("-rF"))
    throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { seconds: secs ?? NaN, maxRssMb: (rssKb ?? NaN) / 1024, stdout: r.stdout };
}

const dir = join(ROOT, `ttt-bench-logs-u${USERS}-r${RATE}`);
let gen: { lines: number; bytes: number; files: number; seconds: number } | null = null;
if (!existsSync(join(dir, "ground-truth.json"))) {
  rmSync(dir, { recursive: true, force: true });
  const g = timed(process.execPath, [
    ...ttt,
    "gen-logs",
    "--out",
    dir,
    "--sites",
    "5",
    "--days",
    "7",
    "--users",
    String(USERS),
    "--rate",
    String(RATE),
    "--seed",
    "42",
    "--compromise",
    "--json",
  ]);
  gen = {
    ...(JSON.parse(g.stdout) as { lines: number; bytes: number; files: number }),
    seconds: g.seconds,
  };
}
const truth = JSON.parse(readFileSync(join(dir, "ground-truth.json"), "utf8")) as {
  stolen: { jti: string };
};
/** Lines (`wc -l`) or bytes (`wc -c`) of every log file, decompressed as `cat` reads them. */
const count = (flag: "-l" | "-c") =>
  Number(
    spawnSync(
      "sh",
      [
        "-c",
        `find '${dir}' -type f ! -name ground-truth.json -print0 | xargs -0 zcat -f | wc ${flag}`,
      ],
      { encoding: "utf8" },
    ).stdout.trim(),
  );
const lines = count("-l");
const bytes = count("-c");

const cat = timed("sh", ["-c", `find '${dir}' -type f -print0 | xargs -0 cat > /dev/null`]);
const grep = timed("grep", ["-rF", truth.stolen.jti, dir]);

interface Summary {
  lines: number;
  events: number;
  bad: number;
  alreadyIngested: number;
  files: number;
}
const ingest = (dataArgs: string[]): Timed & { summary: Summary } => {
  const t = timed(process.execPath, [
    ...ttt,
    ...dataArgs,
    "ingest",
    dir,
    "--site",
    "auto",
    "--json",
  ]);
  return { ...t, summary: JSON.parse(t.stdout) as Summary };
};

const dataDir = mkdtempSync(join(tmpdir(), "ttt-bench-ingest-"));
const sqlite = ingest(["--data-dir", dataDir]);
const again = ingest(["--data-dir", dataDir]);
rmSync(dataDir, { recursive: true, force: true });

let pgRun: (Timed & { summary: Summary }) | null = null;
let pgSkip = "";
const schema = `bench_ingest_${process.pid}`;
const admin = new pg.Client({ connectionString: PG_URL });
try {
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  pgRun = ingest([
    "--database-url",
    url,
    "--data-dir",
    mkdtempSync(join(tmpdir(), "ttt-bench-pg-")),
  ]);
  await admin.query(`drop schema ${schema} cascade`);
} catch (err) {
  pgSkip = `PostgreSQL not measured: ${err instanceof Error ? err.message : String(err)}`;
} finally {
  await admin.end().catch(() => undefined);
}

const rate = (n: number, s: number) => Math.round(n / s).toLocaleString("en-US");
const row = (name: string, r: Timed & { summary: Summary }, goal: string) =>
  `| ${name} | ${r.summary.lines.toLocaleString("en-US")} | ${r.summary.events.toLocaleString("en-US")} | ${r.summary.bad} | ${r.seconds.toFixed(1)} | ${rate(r.summary.lines, r.seconds)} | ${(r.seconds / cat.seconds).toFixed(1)}× | ${Math.round(r.maxRssMb)} | ${goal} |`;
const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
const section = `
## bench:ingest — ${new Date().toISOString()} — ${cpus().length} × ${cpu}, Node ${process.version}

\`ttt gen-logs --sites 5 --days 7 --users ${USERS} --rate ${RATE} --seed 42 --compromise\`: ${lines.toLocaleString("en-US")} lines,
${(bytes / 1e9).toFixed(2)} GB${gen === null ? " (generated by an earlier run)" : `, generated in ${gen.seconds.toFixed(1)} s (${rate(gen.lines, gen.seconds)} lines/s)`}.
Floor in the same run: \`cat\` of every file ${cat.seconds.toFixed(1)} s (${rate(lines, cat.seconds)} lines/s);
\`grep -rF <stolen jti>\` ${grep.seconds.toFixed(1)} s. Ingest is the CLI in a child process, end to end
(start-up, detection, parsing, writing), wall time and peak RSS from /usr/bin/time.

| run | lines read | events stored | bad | s | lines/s | × cat | peak MB | goal |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${row("SQLite", sqlite, "≥ 200,000 lines/s, < 500 MB")}
${row("SQLite again (idempotent)", again, "0 new events")}
${pgRun === null ? `| PostgreSQL | ${pgSkip} | | | | | | | report |` : row("PostgreSQL", pgRun, "report")}
`;
process.stdout.write(section);
appendFileSync(join(import.meta.dirname, "RESULTS.md"), section);
