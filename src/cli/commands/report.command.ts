import { writeFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { ValidationError } from "../../core/errors.js";
import { REPORT_FORMATS } from "../../risk/index.js";
import { seg, withClient } from "../runtime.js";

const BINARY = new Set(["pdf", "xlsx"]);

/**
 * `ttt report --assessment A [--version v1.0] --format pdf -o out.pdf` — the same bytes the API
 * and the web app's download button give. Without -o a text format goes to stdout; a binary one
 * is refused on a terminal (it would garble it) rather than written somewhere unasked.
 */
export function reportCommand(program: Command): void {
  program
    .command("report")
    .description("the report of a version: md, html, pdf, xlsx, csv, or json (whole assessment)")
    .requiredOption("-a, --assessment <id>", "assessment")
    .option("-v, --version <label>", "version (default: the latest)")
    .addOption(
      new Option("-f, --format <format>", "output format").choices(REPORT_FORMATS).default("md"),
    )
    .option("-o, --output <file>", "write to this file ('-' for stdout)")
    .action(
      async (
        o: { assessment: string; version?: string; format: string; output?: string },
        cmd: Command,
      ) => {
        const toStdout = o.output === undefined || o.output === "-";
        if (toStdout && BINARY.has(o.format) && process.stdout.isTTY)
          throw new ValidationError(
            `a ${o.format} report is binary: write it to a file with -o FILE (or pipe stdout)`,
            [{ path: "output", message: "required for binary formats on a terminal" }],
          );
        const res = await withClient(cmd, async (c) => {
          const version = o.version ?? (await latestVersion(c, o.assessment));
          return c.bytes(
            "GET",
            `/api/v1/assessments/${seg(o.assessment)}/versions/${seg(version)}/report?format=${o.format}`,
          );
        });
        if (toStdout) process.stdout.write(res.data);
        else {
          writeFileSync(o.output ?? "", res.data);
          process.stderr.write(`wrote ${o.output} (${res.data.length} bytes, ${o.format})\n`);
        }
      },
    );
}

async function latestVersion(
  c: { call(m: "GET", p: string): Promise<unknown> },
  assessment: string,
): Promise<string> {
  const a = (await c.call("GET", `/api/v1/assessments/${seg(assessment)}`)) as {
    latest: { label: string } | null;
  };
  if (a.latest === null)
    throw new ValidationError(`assessment '${assessment}' has no version`, [
      { path: "version", message: "no version to report" },
    ]);
  return a.latest.label;
}
