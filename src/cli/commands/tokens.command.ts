import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { ValidationError } from "../../core/errors.js";
import type { DecisionOutcome } from "../../decisions/index.js";
import type { InspectReport } from "../../inspect/index.js";
import { emit, EXIT, withClient } from "../runtime.js";
import { renderInspect } from "./inspect.render.js";
import { readToken } from "./token-input.js";

/** `--claims '<json>'` or `--claims-file F`: a JSON object, or a usage error naming the flag. */
function readClaims(o: { claims?: string; claimsFile?: string }): unknown {
  const [flag, text] =
    o.claims !== undefined
      ? ["--claims", o.claims]
      : ["--claims-file", readFileOr(o.claimsFile ?? "")];
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ValidationError(`${flag}: not valid JSON (${(err as Error).message})`, [
      { path: flag, message: "not valid JSON" },
    ]);
  }
}

function readFileOr(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new ValidationError(`--claims-file ${file}: cannot read (${(err as Error).message})`, [
      { path: "--claims-file", message: "cannot read" },
    ]);
  }
}

const renderDecision = (d: DecisionOutcome): string =>
  `${d.decision === "deny" ? "DENY" : "ALLOW"}: ${d.reason}` +
  d.bans.map((b) => `\n  ban ${b.id} (${b.kind}): ${b.reason}`).join("");

/** `ttt inspect` and `ttt decide`: the token comes from a file or stdin, never an argument. */
export function tokenCommands(program: Command): void {
  program
    .command("inspect")
    .description(
      "inspect a token (from stdin or --token-file): verification, WLCG profile findings, likely workflow and its risks, matching bans",
    )
    .option("--token-file <file>", "read the token from this file ('-' for stdin, the default)")
    .option(
      "--assessment <id>",
      "compare with this assessment's workflows (default: latest released)",
    )
    .option("--version <label>", "version of that assessment")
    .action(
      async (o: { tokenFile?: string; assessment?: string; version?: string }, cmd: Command) => {
        const token = await readToken(o.tokenFile);
        const body = {
          token,
          ...(o.assessment === undefined ? {} : { assessment: o.assessment }),
          ...(o.version === undefined ? {} : { version: o.version }),
        };
        const report = (await withClient(cmd, (cl) =>
          cl.call("POST", "/api/v1/tokens/inspect", body),
        )) as InspectReport;
        emit(cmd, report, renderInspect);
      },
    );

  program
    .command("decide")
    .description(
      "allow or deny a token (stdin or --token-file: verified, then matched) or a claim set (--claims: matched only); exit 0 allow, 3 deny",
    )
    .option("--claims <json>", "the claims as a JSON object")
    .option("--claims-file <file>", "the claims from a JSON file")
    .option("--token-file <file>", "read the token from this file ('-' for stdin, the default)")
    .option("--site <name>", "decide for this site (site-limited bans)")
    .action(
      async (
        o: { claims?: string; claimsFile?: string; tokenFile?: string; site?: string },
        cmd: Command,
      ) => {
        const given = [o.claims, o.claimsFile, o.tokenFile].filter((x) => x !== undefined);
        if (given.length > 1) {
          throw new ValidationError("give one of --claims, --claims-file and --token-file", [
            { path: "--claims", message: "only one input" },
          ]);
        }
        const input =
          o.claims !== undefined || o.claimsFile !== undefined
            ? { claims: readClaims(o) }
            : { token: await readToken(o.tokenFile) };
        const body = { ...input, ...(o.site === undefined ? {} : { site: o.site }) };
        const outcome = (await withClient(cmd, (cl) =>
          cl.call("POST", "/api/v1/decisions", body),
        )) as DecisionOutcome;
        emit(cmd, outcome, renderDecision);
        process.exitCode = outcome.decision === "deny" ? EXIT.denied : EXIT.ok;
      },
    );
}
