import type { Command } from "commander";
import type { MitigationView } from "../../risk/index.js";
import { emit, seg, withClient } from "../runtime.js";

const A = (a: string) => `/api/v1/assessments/${seg(a)}`;
const list = (v: string) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** `ttt threats set`, `ttt workflows set`, `ttt mitigations add|set|list` — editing the draft's catalogue. */
export function catalogueCommands(program: Command): void {
  program
    .command("threats")
    .description("threats of the draft version")
    .command("set <id>")
    .description("create or update a threat (TR-1 …)")
    .requiredOption("-a, --assessment <id>", "assessment")
    .requiredOption("--title <text>", "title")
    .option("--description <text>", "description")
    .option("--vulnerability <text>", "vulnerability")
    .option("--assets <list>", "comma-separated assets", list)
    .option("--current-mitigations <text>", "current mitigations")
    .option("--planned-mitigations <text>", "planned mitigations")
    .option("--per-workflow", "scored per workflow (rows 4a … 4f)")
    .option("--placeholder", "name not public: a marked placeholder")
    .option("--notes <text>", "notes")
    .action(
      async (id: string, o: Record<string, unknown> & { assessment: string }, cmd: Command) => {
        const { assessment, ...rest } = o;
        const body = defined({
          ...rest,
          perWorkflow: rest.perWorkflow === true ? true : undefined,
          placeholder: rest.placeholder === true ? true : undefined,
        });
        emit(
          cmd,
          await withClient(cmd, (c) => c.call("PUT", `${A(assessment)}/threats/${seg(id)}`, body)),
        );
      },
    );

  program
    .command("workflows")
    .description("token workflows of the draft version")
    .command("set <id>")
    .description("create or update a workflow (a … f)")
    .requiredOption("-a, --assessment <id>", "assessment")
    .requiredOption("--name <text>", "name")
    .option("--description <text>", "description")
    .option("--lifetime <text>", "token lifetime")
    .option("--scope-breadth <text>", "scope breadth")
    .option("--refresh-exchange <text>", "refresh / exchange")
    .option("--holder <text>", "who holds the token")
    .action(
      async (id: string, o: Record<string, unknown> & { assessment: string }, cmd: Command) => {
        const { assessment, ...rest } = o;
        emit(
          cmd,
          await withClient(cmd, (c) =>
            c.call("PUT", `${A(assessment)}/workflows/${seg(id)}`, defined(rest)),
          ),
        );
      },
    );

  const mitigations = program.command("mitigations").description("mitigations of a version");
  for (const verb of ["add", "set"] as const) {
    mitigations
      .command(verb === "add" ? "add" : "set <id>")
      .description(verb === "add" ? "add a mitigation (id M-n)" : "update a mitigation")
      .requiredOption("-a, --assessment <id>", "assessment")
      .requiredOption("--title <text>", "title")
      .requiredOption("--kind <kind>", "current | planned")
      .option("--description <text>", "description")
      .option("--status <status>", "proposed | planned | in-progress | done | rejected")
      .option("--owner <name>", "owner")
      .option("--due <date>", "due date YYYY-MM-DD")
      .option("--effort <effort>", "low | medium | high")
      .option("--rows <list>", "comma-separated row ids", list)
      .action(async (...args: unknown[]) => {
        const cmd = args.at(-1) as Command;
        const o = args.at(-2) as Record<string, unknown> & { assessment: string; due?: string };
        const { assessment, due, ...rest } = o;
        const body = defined({ ...rest, dueDate: due });
        const path =
          verb === "add"
            ? `${A(assessment)}/mitigations`
            : `${A(assessment)}/mitigations/${seg(String(args[0]))}`;
        emit(
          cmd,
          await withClient(cmd, (c) => c.call(verb === "add" ? "POST" : "PUT", path, body)),
        );
      });
  }
  mitigations
    .command("list")
    .description("the mitigation tracker: owner, status, due date; low-hanging fruit (*) first")
    .requiredOption("-a, --assessment <id>", "assessment")
    .option("--version <label>", "version (default: the latest)")
    .action(async (o: { assessment: string; version?: string }, cmd: Command) => {
      const q = o.version ? `?version=${seg(o.version)}` : "";
      emit(
        cmd,
        await withClient(cmd, (c) => c.call("GET", `${A(o.assessment)}/mitigations${q}`)),
        renderMitigations,
      );
    });
}

function renderMitigations(ms: MitigationView[]): string {
  if (ms.length === 0) return "no mitigations";
  return ms
    .map((m) =>
      [
        m.lowHangingFruit ? "*" : " ",
        m.id.padEnd(6),
        m.kind.padEnd(8),
        m.status.padEnd(12),
        (m.owner ?? "-").padEnd(18),
        (m.dueDate ?? "-").padEnd(10),
        m.effort.padEnd(6),
        `${m.title} [${m.rowLevels.map((r) => `${r.row} ${r.levelLabel ?? "unscored"}`).join(", ")}]`,
      ].join(" "),
    )
    .join("\n");
}
