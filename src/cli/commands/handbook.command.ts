import { writeFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { ValidationError } from "../../core/errors.js";
import {
  HANDBOOK_FORMATS,
  renderHandbook,
  type Handbook,
  type HandbookFormat,
} from "../../handbook/index.js";
import { withClient, type GlobalOptions } from "../runtime.js";

interface HandbookOptions {
  workflow?: string;
  assessment?: string;
  version?: string;
  format?: HandbookFormat;
  output?: string;
}

/**
 * `ttt handbook [--workflow ID] [--assessment ID] [--version V] [--format md|html|pdf|json]
 * [-o FILE]`: Markdown by default (`--json` is `--format json`). The handbook is fetched as JSON
 * and rendered here by the same renderHandbook the API's downloads use. Without -o a text format goes to stdout;
 * a PDF is refused on a terminal (it would garble it) rather than written somewhere unasked.
 */
export function handbookCommands(program: Command): void {
  program
    .command("handbook")
    .description(
      "the workflow handbook: hops, what each logs, which bans it enforces, risk rows, traceability, response playbook",
    )
    .option("--workflow <id>", "only this workflow")
    .option("--assessment <id>", "this assessment (default: the one released most recently)")
    .option("--version <label>", "this version (default: its latest released)")
    .addOption(
      new Option("-f, --format <format>", "md (default), html, pdf or json").choices(
        HANDBOOK_FORMATS,
      ),
    )
    .option("-o, --output <file>", "write it to this file ('-' for stdout)")
    .action(async (o: HandbookOptions, cmd: Command) => {
      const json = cmd.optsWithGlobals<GlobalOptions>().json === true;
      const format: HandbookFormat = o.format ?? (json ? "json" : "md");
      const toStdout = o.output === undefined || o.output === "-";
      if (toStdout && format === "pdf" && process.stdout.isTTY)
        throw new ValidationError(
          "a pdf handbook is binary: write it to a file with -o FILE (or pipe stdout)",
          [{ path: "output", message: "required for pdf on a terminal" }],
        );
      const q = new URLSearchParams();
      for (const k of ["workflow", "assessment", "version"] as const)
        if (o[k] !== undefined) q.set(k, o[k]);
      const h = (await withClient(cmd, (c) =>
        c.call("GET", `/api/v1/handbook${q.size > 0 ? `?${q.toString()}` : ""}`),
      )) as Handbook;
      const body = await renderHandbook(h, format, new Date());
      if (toStdout) process.stdout.write(body);
      else {
        writeFileSync(o.output ?? "", body);
        process.stderr.write(
          `wrote ${h.pages.length} workflow pages to ${o.output} (${body.length} bytes, ${format})\n`,
        );
      }
    });
}
