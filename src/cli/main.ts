#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { VERSION } from "../app/version.js";
import { agentCommand } from "./commands/agent.command.js";
import { accountCommands } from "./commands/accounts.command.js";
import { assessCommands } from "./commands/assess.command.js";
import { auditCommands } from "./commands/audit.command.js";
import { banCommands } from "./commands/bans.command.js";
import { catalogueCommands } from "./commands/catalogue.command.js";
import { condorPluginCommand } from "./commands/condor-plugin.command.js";
import { feedCommands } from "./commands/feed.command.js";
import { importCommand } from "./commands/import.command.js";
import { ingestCommands } from "./commands/ingest.command.js";
import { traceCommands } from "./commands/trace.command.js";
import { alertCommands } from "./commands/alerts.command.js";
import { incidentCommands } from "./commands/incidents.command.js";
import { handbookCommands } from "./commands/handbook.command.js";
import { genLogsCommand } from "./commands/gen-logs.command.js";
import { issuerCommands } from "./commands/issuers.command.js";
import { reportCommand } from "./commands/report.command.js";
import { rowCommands } from "./commands/rows.command.js";
import { serveCommand } from "./commands/serve.command.js";
import { tokenCommands } from "./commands/tokens.command.js";
import { EXIT, report } from "./runtime.js";

/** The `ttt` program: every command, with the global options that pick the store or server. */
export function buildProgram(usageErrors?: string[]): Command {
  const program = new Command("ttt")
    .description(
      "TTT — Token Trust & Traceability: assess token workflows, respond to stolen tokens, trace what they touched",
    )
    .version(VERSION, "-V", "print the TTT version")
    .option("--json", "machine-readable output")
    .option("--data-dir <dir>", "local store folder (default ./ttt-data, env TTT_DATA_DIR)")
    .option(
      "--database-url <url>",
      "PostgreSQL URL instead of the local SQLite (env TTT_DATABASE_URL)",
    )
    .option("--server <url>", "work against a running server (API token in TTT_TOKEN)")
    .option("--as <user>", "local store only: act as this user", "admin")
    .option("--config <file>", "configuration file (JSON; env TTT_CONFIG)")
    .showHelpAfterError(usageErrors === undefined)
    .exitOverride();
  // With --json, usage errors are collected and printed as JSON by main().
  if (usageErrors !== undefined)
    program.configureOutput({ writeErr: (text) => void usageErrors.push(text.trim()) });
  serveCommand(program);
  accountCommands(program);
  auditCommands(program);
  assessCommands(program);
  catalogueCommands(program);
  rowCommands(program);
  reportCommand(program);
  importCommand(program);
  ingestCommands(program);
  traceCommands(program);
  alertCommands(program);
  incidentCommands(program);
  handbookCommands(program);
  genLogsCommand(program);
  banCommands(program);
  issuerCommands(program);
  tokenCommands(program);
  feedCommands(program);
  condorPluginCommand(program);
  agentCommand(program);
  for (const c of program.commands) {
    c.exitOverride();
    for (const sub of c.commands) sub.exitOverride();
  }
  program.addHelpText(
    "after",
    "\nExit codes: 0 ok, 1 failure, 2 bad usage or input, 3 denied/banned.",
  );
  return program;
}

export async function main(argv: string[]): Promise<number> {
  // `ttt … | head` closes the pipe early: that is not an error.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(EXIT.ok);
    throw err;
  });
  const json = argv.includes("--json");
  const usageErrors: string[] = [];
  const program = buildProgram(json ? usageErrors : undefined);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === "commander.helpDisplayed" ||
        err.code === "commander.version" ||
        err.code === "commander.help"
      )
        return EXIT.ok;
      if (json) {
        const message = usageErrors.join("\n").replace(/^error: /, "") || err.message;
        process.stderr.write(JSON.stringify({ error: { code: "usage", message } }) + "\n");
      }
      return EXIT.usage;
    }
    return report(err, json);
  }
}
