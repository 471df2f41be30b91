import { Option, type Command } from "commander";
import { generateLogs, parseGenLogsOptions, type GenLogsResult } from "../../trace/index.js";
import type { GlobalOptions } from "../runtime.js";

interface GenLogsFlags {
  out?: string;
  sites?: string;
  days?: string;
  users?: string;
  seed?: string;
  rate?: string;
  start?: string;
  compromise?: boolean;
  gzip?: boolean;
  force?: boolean;
}

function summary(r: GenLogsResult): string {
  const mb = (r.bytes / 1e6).toFixed(1);
  const raw = r.rawBytes === r.bytes ? "" : ` (${(r.rawBytes / 1e6).toFixed(1)} MB uncompressed)`;
  const truth = r.groundTruth === null ? "" : `\nground truth: ${r.groundTruth}`;
  return (
    `wrote ${r.files} files, ${r.lines} lines, ${mb} MB${raw} to ${r.out} in ${r.seconds} s ` +
    `(${r.linesPerSecond} lines/s, ${r.megabytesPerSecond} MB/s)${truth}\n`
  );
}

/**
 * `ttt gen-logs --out DIR …`: realistic, deterministic multi-site middleware logs for tests,
 * demos and ingest benchmarks, optionally with a planted stolen-token incident and its ground
 * truth (DIR/ground-truth.json). Progress and the summary go to stderr; --json prints the
 * summary as one JSON object on stdout.
 */
export function genLogsCommand(program: Command): void {
  program
    .command("gen-logs")
    .description(
      "write realistic middleware logs (IAM, FTS, HTCondor-CE, ARC, dCache, StoRM, XRootD, EOS) for a seed",
    )
    .requiredOption("--out <dir>", "output directory (must be empty unless --force)")
    .option("--sites <n>", "number of sites (1-50)", "3")
    .option("--days <n>", "number of consecutive days (1-366)", "2")
    .option("--users <n>", "number of users (1-1000000)", "100")
    .option("--seed <n>", "PRNG seed: same options and seed give byte-identical files", "1")
    .option("--rate <x>", "activity multiplier (about 250 lines per user-day at 1)", "1")
    .option("--start <date>", "first day, YYYY-MM-DD (UTC)", "2024-09-02")
    .option("--compromise", "plant a stolen refresh token and write ground-truth.json")
    .option("--gzip", "gzip every day's files but the last")
    .addOption(new Option("--force", "write into a directory that is not empty"))
    .action(async (flags: GenLogsFlags, cmd: Command) => {
      const json = cmd.optsWithGlobals<GlobalOptions>().json === true;
      const o = parseGenLogsOptions({
        out: flags.out,
        sites: flags.sites,
        days: flags.days,
        users: flags.users,
        seed: flags.seed,
        rate: flags.rate,
        start: flags.start,
        compromise: flags.compromise === true,
        gzip: flags.gzip === true,
        force: flags.force === true,
      });
      const result = await generateLogs(o, {
        onDay: (day, days, lines) =>
          void process.stderr.write(`day ${day}/${days}: ${lines} lines\n`),
      });
      if (json) process.stdout.write(JSON.stringify(result) + "\n");
      else process.stderr.write(summary(result));
    });
}
