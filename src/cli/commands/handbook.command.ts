import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { renderHandbookMarkdown, type Handbook } from "../../handbook/index.js";
import { withClient, type GlobalOptions } from "../runtime.js";

/** `ttt handbook [--workflow ID] [--assessment ID] [--version V] [-o FILE]`: Markdown, or --json. */
export function handbookCommands(program: Command): void {
  program
    .command("handbook")
    .description(
      "the workflow handbook: hops, what each logs, which bans it enforces, risk rows, traceability, response playbook",
    )
    .option("--workflow <id>", "only this workflow")
    .option("--assessment <id>", "this assessment (default: the one released most recently)")
    .option("--version <label>", "this version (default: its latest released)")
    .option("-o, --output <file>", "write it to this file")
    .action(async (o: Record<string, string | undefined>, cmd: Command) => {
      const q = new URLSearchParams();
      for (const k of ["workflow", "assessment", "version"] as const)
        if (o[k] !== undefined) q.set(k, o[k]);
      const h = (await withClient(cmd, (c) =>
        c.call("GET", `/api/v1/handbook${q.size > 0 ? `?${q.toString()}` : ""}`),
      )) as Handbook;
      const json = cmd.optsWithGlobals<GlobalOptions>().json === true;
      const text = json ? `${JSON.stringify(h, null, 2)}\n` : renderHandbookMarkdown(h);
      if (o.output === undefined) process.stdout.write(text);
      else {
        writeFileSync(o.output, text);
        process.stderr.write(`wrote ${h.pages.length} workflow pages to ${o.output}\n`);
      }
    });
}
