import { writeFileSync } from "node:fs";
import { Option, type Command } from "commander";
import {
  TRACE_FORMATS,
  renderTrace,
  type TraceFormat,
  type TraceResult,
} from "../../trace/index.js";
import { int, seg, withClient, type GlobalOptions } from "../runtime.js";

interface TraceOpts {
  iss?: string;
  withDerived?: boolean;
  from?: string;
  to?: string;
  site?: string;
  limit?: number;
  format?: TraceFormat;
  output?: string;
  incident?: string;
}

/** The subcommands: what is traced, and the flag that names the value. */
const TARGETS = [
  { name: "jti", flag: "--jti <jti>", key: "jti", what: "a token by iss + jti", issRequired: true },
  {
    name: "sub",
    flag: "--sub <sub>",
    key: "sub",
    what: "an identity by iss + sub",
    issRequired: true,
  },
  {
    name: "client",
    flag: "--client <id>",
    key: "client",
    what: "an OAuth client",
    issRequired: false,
  },
  {
    name: "path",
    flag: "--path <path>",
    key: "path",
    what: "a file path (exact)",
    issRequired: false,
  },
  { name: "ip", flag: "--ip <address>", key: "ip", what: "a client address", issRequired: false },
] as const;

/**
 * `ttt trace jti|sub|client|path|ip …`: the tokens involved with their links and evidence, the
 * timeline (candidates apart from proven events) and a summary; a table on a terminal, or
 * `--format json|csv|timesketch|ecs` (`-o FILE` to write it).
 */
export function traceCommands(program: Command): void {
  const trace = program
    .command("trace")
    .description("trace a token, identity, client, path or address across the ingested logs");
  for (const t of TARGETS) {
    const c = trace.command(t.name).description(`trace ${t.what}`);
    if (t.issRequired) c.requiredOption("--iss <url>", "issuer URL exactly as in the tokens");
    else c.option("--iss <url>", "only events of this issuer (and events without one)");
    c.requiredOption(t.flag, `the ${t.key} to trace`)
      .option(
        "--with-derived",
        "follow lineage: tokens refreshed, exchanged or FTS-refreshed from it",
      )
      .option("--from <time>", "only events at or after this ISO time")
      .option("--to <time>", "only events at or before this ISO time")
      .option("--site <name>", "only events of this site")
      .option("--limit <n>", "most timeline events shown (default 10000)", int)
      .addOption(new Option("--format <format>", "output format").choices([...TRACE_FORMATS]))
      .option("-o, --output <file>", "write the result to this file")
      .option("--incident <id>", "save the trace and its result into this incident")
      .action(async (o: TraceOpts & Record<string, string>, cmd: Command) => {
        const q = new URLSearchParams({ by: t.name, value: o[t.key] ?? "", format: "json" });
        if (o.iss !== undefined) q.set("iss", o.iss);
        if (o.withDerived === true) q.set("withDerived", "true");
        for (const k of ["from", "to", "site"] as const) if (o[k] !== undefined) q.set(k, o[k]);
        if (o.limit !== undefined) q.set("limit", String(o.limit));
        const result = (await withClient(cmd, (cl) =>
          o.incident === undefined
            ? cl.call("GET", `/api/v1/trace?${q.toString()}`)
            : cl.call("POST", `/api/v1/incidents/${seg(o.incident)}/traces`, traceBody(q)),
        )) as TraceResult & { savedAs?: string };
        if (result.savedAs !== undefined)
          process.stderr.write(`saved into incident ${o.incident ?? ""} as ${result.savedAs}\n`);
        const json = cmd.optsWithGlobals<GlobalOptions>().json === true;
        const text = renderTrace(result, o.format ?? (json ? "json" : "table"));
        if (o.output === undefined) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
        else {
          writeFileSync(o.output, text, { mode: 0o640 });
          process.stderr.write(
            `wrote ${result.timeline.length} events, ${result.tokens.length} tokens to ${o.output}\n`,
          );
        }
      });
  }
}

/** The query as a JSON body (POST …/incidents/:id/traces takes what GET /api/v1/trace does). */
function traceBody(q: URLSearchParams): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [k, v] of q)
    if (k === "format") continue;
    else if (k === "withDerived") body[k] = v === "true";
    else if (k === "limit") body[k] = Number(v);
    else body[k] = v;
  return body;
}
