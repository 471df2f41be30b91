import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import type { Command } from "commander";
import { ValidationError } from "../../core/errors.js";
import { describeIssues, fieldIssues } from "../../core/validation.js";
import {
  IngestFlags,
  LOG_FORMATS,
  fileSources,
  type IngestSummary,
  type LogSource,
} from "../../trace/index.js";
import { ApiCallError } from "../client.js";
import { emit, int, withLocalContext, type GlobalOptions } from "../runtime.js";
import { mergeSummaries, renderIngestSummary } from "./ingest.render.js";
import { progressReporter } from "./ingest.progress.js";

/**
 * `ttt ingest PATH…`: files, directories (walked), `.gz`. Locally the files stream straight into
 * the store; with `--server` each file is uploaded (streamed) to POST /api/v1/ingest.
 */
export function ingestCommands(program: Command): void {
  program
    .command("ingest")
    .description(
      "ingest middleware logs (IAM, FTS, HTCondor, ARC, dCache, StoRM, XRootD, EOS): files, directories, .gz; idempotent",
    )
    .argument("<paths...>", "log files or directories")
    .option("--site <name>", "site of these logs; 'auto': the first directory below each PATH")
    .option("--host <name>", "host the logs come from")
    .option("--format <format>", `skip detection: ${LOG_FORMATS.join(", ")}`)
    .option(
      "--tz <zone>",
      "zone of times written without a UTC offset (HTCondor, ARC, dCache billing…): an IANA name or ±HH:MM; default UTC",
    )
    .option(
      "--final",
      "the files will not grow (rotated, archived): read a last line without a newline too",
    )
    .option(
      "--reread",
      "delete what earlier runs stored from these files and read them again from the start (a wrong --format, --site or --tz); admin, responder",
    )
    .option("--incident <id>", "record the run in this incident's action log")
    .option(
      "--workers <n>",
      "parse threads when the local files add up to 16 MiB or more (1–8; default 2 on SQLite, 1 on PostgreSQL; 1 takes less memory, 2 read about a fifth faster on two cores)",
    )
    .action(async (paths: string[], opts: Record<string, unknown>, cmd: Command) => {
      const flags = parseFlags(opts);
      const g = cmd.optsWithGlobals<GlobalOptions>();
      if (flags.workers !== undefined && g.server !== undefined)
        throw new ValidationError(
          "ttt ingest: --workers applies to a local ingest, not to --server uploads",
          [{ path: "--workers", message: "not with --server" }],
        );
      const sources = await fileSources(paths, flags.site);
      const total = sources.reduce((n, s) => n + (s.sizeOnDisk ?? 0), 0);
      const progress = progressReporter(process.stderr, total);
      let summary: IngestSummary | null;
      try {
        summary =
          g.server === undefined
            ? await withLocalContext(cmd, async (ctx, actor) => {
                if (flags.incident !== undefined) await ctx.incidents.get(actor, flags.incident);
                const run = await ctx.ingest.ingest(
                  actor,
                  sources,
                  {
                    format: flags.format,
                    host: flags.host,
                    timeZone: flags.tz,
                    final: flags.final,
                    reread: flags.reread,
                    workers: flags.workers,
                    origin: "cli",
                  },
                  (p) => progress.tick(p),
                );
                await ctx.alerts.idle(); // the webhook has them before the process exits
                if (flags.incident !== undefined)
                  await ctx.incidents.recordIngest(actor, flags.incident, run);
                return run;
              })
            : mergeSummaries(await upload(g.server, sources, flags, (p) => progress.tick(p)));
      } finally {
        progress.done();
      }
      if (summary !== null) emit(cmd, summary, renderIngestSummary);
    });

  program
    .command("events")
    .description("ingested events")
    .command("prune")
    .description(
      "delete ingested events older than N days (TTT_TRACE_RETENTION_DAYS does it on a server)",
    )
    .requiredOption("--older-than <days>", "days to keep", int)
    .action(async (opts: { olderThan: number }, cmd: Command) => {
      const r = await withLocalContext(cmd, (ctx, actor) =>
        ctx.retention.prune(actor, opts.olderThan),
      );
      emit(cmd, r);
    });
}

function newlines(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
  return n;
}

async function upload(
  server: string,
  sources: readonly LogSource[],
  flags: IngestFlags,
  tick: (p: { bytes: number; lines: number; file: string }) => void,
): Promise<IngestSummary[]> {
  const out: IngestSummary[] = [];
  const token = process.env.TTT_TOKEN;
  let sent = 0;
  let lines = 0;
  for (const source of sources) {
    const q = new URLSearchParams({ filename: source.path });
    const site = source.site ?? undefined;
    if (site !== undefined) q.set("site", site);
    if (flags.host !== undefined) q.set("host", flags.host);
    if (flags.format !== undefined) q.set("format", flags.format);
    if (flags.tz !== undefined) q.set("tz", flags.tz);
    if (flags.final === true) q.set("final", "true");
    if (flags.reread === true) q.set("reread", "true");
    if (flags.incident !== undefined) q.set("incident", flags.incident);
    const file = createReadStream(source.path);
    // Lines sent, counted as newlines in plain files (a gzip file's are counted by the server).
    const plain = !source.complete;
    file.on("data", (c: string | Buffer) => {
      sent += c.length;
      if (plain && typeof c !== "string") lines += newlines(c);
      tick({ bytes: sent, lines, file: source.path });
    });
    const init: RequestInit & { duplex: "half" } = {
      method: "POST",
      headers: {
        "content-type": "application/octet-stream",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: Readable.toWeb(file) as ReadableStream<Uint8Array>,
      duplex: "half", // a streamed request body
    };
    const res = await fetch(`${server.replace(/\/$/, "")}/api/v1/ingest?${q.toString()}`, init);
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const err = (
        body as { error?: { code?: string; message?: string; details?: unknown } } | null
      )?.error;
      throw new ApiCallError(
        err?.code ?? `http_${res.status}`,
        res.status,
        `${source.path}: ${err?.message ?? `HTTP ${res.status}`}`,
        {
          details: err?.details,
        },
      );
    }
    out.push(body as IngestSummary);
  }
  return out;
}

/** The flags through zod; a bad one is named as typed (`--format`), exit 2. */
function parseFlags(opts: Record<string, unknown>): IngestFlags {
  const r = IngestFlags.safeParse(opts);
  if (r.success) return r.data;
  const issues = fieldIssues(r.error.issues).map((i) => ({ ...i, path: `--${i.path}` }));
  throw new ValidationError(describeIssues("ttt ingest", issues), issues);
}
