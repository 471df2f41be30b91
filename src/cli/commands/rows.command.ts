import type { Command } from "commander";
import { emit, int, seg, withClient } from "../runtime.js";
import { renderRows } from "./assess.render.js";

const A = (a: string) => `/api/v1/assessments/${seg(a)}`;
const list = (v: string) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** `ttt rows …`, `ttt rounds …`, `ttt vote`, `ttt reveal`, `ttt settle` */
export function rowCommands(program: Command): void {
  const rows = program
    .command("rows")
    .description("rows of an assessment: generic threats and threat × workflow");
  rows
    .command("list")
    .description("rows with their settled scores")
    .requiredOption("-a, --assessment <id>", "assessment")
    .option("--version <label>", "version (default: the latest)")
    .option("--all", "include retired rows")
    .action(async (o: { assessment: string; version?: string; all?: boolean }, cmd: Command) => {
      const q = new URLSearchParams({
        ...(o.version ? { version: o.version } : {}),
        ...(o.all ? { all: "true" } : {}),
      }).toString();
      emit(
        cmd,
        await withClient(cmd, (c) => c.call("GET", `${A(o.assessment)}/rows${q ? `?${q}` : ""}`)),
        renderRows,
      );
    });
  rows
    .command("show <row>")
    .description("one row: its score, every round with votes and statistics, every settlement")
    .requiredOption("-a, --assessment <id>", "assessment")
    .option("--version <label>", "version (default: the latest)")
    .action(async (row: string, o: { assessment: string; version?: string }, cmd: Command) => {
      const q = o.version ? `?version=${seg(o.version)}` : "";
      const base = `${A(o.assessment)}/rows/${seg(row)}`;
      const result = await withClient(cmd, async (c) => ({
        row: await c.call("GET", `${base}${q}`),
        rounds: await c.call("GET", `${base}/rounds${q}`),
        settlements: await c.call("GET", `${base}/settlements${q}`),
      }));
      emit(cmd, result);
    });
  rows
    .command("add")
    .description("add a row to the draft")
    .requiredOption("-a, --assessment <id>", "assessment")
    .requiredOption("--threat <id>", "threat id, e.g. TR-4")
    .option("--workflow <id>", "workflow id, e.g. a (for per-workflow threats)")
    .option("--variant <text>", "variant, e.g. power users")
    .option("--id <id>", "row id (default: TR-1, 4a, 4e-power …)")
    .option("--notes <text>", "notes")
    .action(
      async (
        o: {
          assessment: string;
          threat: string;
          workflow?: string;
          variant?: string;
          id?: string;
          notes?: string;
        },
        cmd: Command,
      ) => {
        const { assessment, ...body } = o;
        emit(cmd, await withClient(cmd, (c) => c.call("POST", `${A(assessment)}/rows`, body)));
      },
    );
  rows
    .command("split <row>")
    .description("split a row into variants (the row is retired, lineage kept)")
    .requiredOption("-a, --assessment <id>", "assessment")
    .requiredOption(
      "--into <variants>",
      "comma-separated variants, e.g. 'ordinary users,power users'",
    )
    .requiredOption("--reason <text>", "why")
    .action(
      async (
        row: string,
        o: { assessment: string; into: string; reason: string },
        cmd: Command,
      ) => {
        const body = { into: list(o.into).map((variant) => ({ variant })), reason: o.reason };
        emit(
          cmd,
          await withClient(cmd, (c) =>
            c.call("POST", `${A(o.assessment)}/rows/${seg(row)}/split`, body),
          ),
        );
      },
    );
  rows
    .command("merge <rows...>")
    .description("merge rows into a new one (the sources are retired, lineage kept)")
    .requiredOption("-a, --assessment <id>", "assessment")
    .requiredOption("--into <id>", "id of the merged row")
    .option("--threat <id>", "threat of the merged row (default: the first source's)")
    .requiredOption("--reason <text>", "why")
    .action(
      async (
        ids: string[],
        o: { assessment: string; into: string; threat?: string; reason: string },
        cmd: Command,
      ) => {
        const body = {
          rows: ids,
          into: { id: o.into, ...(o.threat ? { threat: o.threat } : {}) },
          reason: o.reason,
        };
        emit(
          cmd,
          await withClient(cmd, (c) => c.call("POST", `${A(o.assessment)}/rows/merge`, body)),
        );
      },
    );
  rows
    .command("retire <row>")
    .description("retire a row without renumbering")
    .requiredOption("-a, --assessment <id>", "assessment")
    .requiredOption("--reason <text>", "why")
    .action(async (row: string, o: { assessment: string; reason: string }, cmd: Command) => {
      emit(
        cmd,
        await withClient(cmd, (c) =>
          c.call("POST", `${A(o.assessment)}/rows/${seg(row)}/retire`, { reason: o.reason }),
        ),
      );
    });

  const rounds = program.command("rounds").description("hidden-voting rounds");
  rounds
    .command("open")
    .description("open a voting round on a row (facilitator)")
    .requiredOption("-a, --assessment <id>", "assessment")
    .requiredOption("--row <id>", "row")
    .action(async (o: { assessment: string; row: string }, cmd: Command) => {
      emit(
        cmd,
        await withClient(cmd, (c) =>
          c.call("POST", `${A(o.assessment)}/rows/${seg(o.row)}/rounds`),
        ),
      );
    });
  rounds
    .command("show <round>")
    .description("a round: who voted (before reveal), votes and statistics (after)")
    .action(async (round: string, _o: unknown, cmd: Command) =>
      emit(cmd, await withClient(cmd, (c) => c.call("GET", `/api/v1/rounds/${seg(round)}`))),
    );
  rounds
    .command("vote <round>")
    .description("cast or change your vote")
    .requiredOption("--likelihood <n>", "likelihood", int)
    .requiredOption("--impact <n>", "impact", int)
    .option("--confidence <level>", "low | medium | high")
    .option("--note <text>", "a note")
    .action(
      async (
        round: string,
        o: { likelihood: number; impact: number; confidence?: string; note?: string },
        cmd: Command,
      ) => {
        emit(
          cmd,
          await withClient(cmd, (c) => c.call("PUT", `/api/v1/rounds/${seg(round)}/vote`, o)),
        );
      },
    );
  rounds
    .command("reveal <round>")
    .description("reveal a round (facilitator)")
    .action(async (round: string, _o: unknown, cmd: Command) =>
      emit(
        cmd,
        await withClient(cmd, (c) => c.call("POST", `/api/v1/rounds/${seg(round)}/reveal`)),
      ),
    );

  program
    .command("settle")
    .description("settle a row's scores by a rule (facilitator)")
    .requiredOption("-a, --assessment <id>", "assessment")
    .requiredOption("--row <id>", "row")
    .option(
      "--rule <rule>",
      "median | mean | upper-median | highest-mode | max | facilitator (default: the assessment's)",
    )
    .option("--likelihood <n>", "with --rule facilitator", int)
    .option("--impact <n>", "with --rule facilitator", int)
    .option("--reason <text>", "required for facilitator and for overriding the assessment's rule")
    .action(
      async (
        o: {
          assessment: string;
          row: string;
          rule?: string;
          likelihood?: number;
          impact?: number;
          reason?: string;
        },
        cmd: Command,
      ) => {
        const { assessment, row, ...body } = o;
        emit(
          cmd,
          await withClient(cmd, (c) =>
            c.call("POST", `${A(assessment)}/rows/${seg(row)}/settle`, body),
          ),
        );
      },
    );
}
