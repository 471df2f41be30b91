import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { ValidationError } from "../../core/errors.js";
import { EXIT, emit, seg, withClient } from "../runtime.js";
import { renderAssessments, renderCheck, renderDiff } from "./assess.render.js";

const A = (a: string) => `/api/v1/assessments/${seg(a)}`;

/** `ttt assessments|versions|methodologies|check|demo` */
export function assessCommands(program: Command): void {
  const assessments = program.command("assessments").description("risk assessments (Assess)");
  assessments
    .command("list")
    .description("assessments with their versions")
    .action(async (_o: unknown, cmd: Command) =>
      emit(
        cmd,
        await withClient(cmd, (c) => c.call("GET", "/api/v1/assessments")),
        renderAssessments,
      ),
    );
  assessments
    .command("show <assessment>")
    .description("one assessment with its versions")
    .action(async (a: string, _o: unknown, cmd: Command) =>
      emit(cmd, await withClient(cmd, (c) => c.call("GET", A(a)))),
    );
  assessments
    .command("create <id>")
    .description("create an assessment with its first draft version")
    .requiredOption("--title <text>", "title")
    .option("--description <text>", "description")
    .option("--methodology <id>", "methodology id", "ttt-5x5")
    .option("--rule <rule>", "default settlement rule", "highest-mode")
    .option("--first-version <label>", "label of the first version", "v0.1")
    .action(
      async (
        id: string,
        o: {
          title: string;
          description?: string;
          methodology: string;
          rule: string;
          firstVersion: string;
        },
        cmd: Command,
      ) => {
        const body = {
          id,
          title: o.title,
          methodology: o.methodology,
          defaultRule: o.rule,
          firstVersion: o.firstVersion,
          ...(o.description ? { description: o.description } : {}),
        };
        emit(cmd, await withClient(cmd, (c) => c.call("POST", "/api/v1/assessments", body)));
      },
    );

  const versions = program
    .command("versions")
    .description("versions of an assessment: draft → frozen → released");
  versions
    .command("create")
    .description("start a new draft from a frozen or released version")
    .requiredOption("-a, --assessment <id>", "assessment")
    .requiredOption("--label <label>", "new version label, e.g. v1.1")
    .option("--from <label>", "parent version (default: the latest)")
    .option("--notes <text>", "what this version is for")
    .action(
      async (
        o: { assessment: string; label: string; from?: string; notes?: string },
        cmd: Command,
      ) => {
        const body = {
          label: o.label,
          ...(o.from ? { from: o.from } : {}),
          ...(o.notes ? { notes: o.notes } : {}),
        };
        emit(
          cmd,
          await withClient(cmd, (c) => c.call("POST", `${A(o.assessment)}/versions`, body)),
        );
      },
    );
  for (const verb of ["freeze", "release"] as const) {
    versions
      .command(verb)
      .description(
        verb === "freeze"
          ? "freeze a draft version (immutable from then on)"
          : "release a frozen version",
      )
      .requiredOption("-a, --assessment <id>", "assessment")
      .requiredOption("--version <label>", "version label")
      .action(async (o: { assessment: string; version: string }, cmd: Command) => {
        emit(
          cmd,
          await withClient(cmd, (c) =>
            c.call("POST", `${A(o.assessment)}/versions/${seg(o.version)}/${verb}`),
          ),
        );
      });
  }
  versions
    .command("diff")
    .description("what changed between two versions")
    .requiredOption("-a, --assessment <id>", "assessment")
    .requiredOption("--from <label>", "older version")
    .requiredOption("--to <label>", "newer version")
    .action(async (o: { assessment: string; from: string; to: string }, cmd: Command) => {
      emit(
        cmd,
        await withClient(cmd, (c) =>
          c.call("GET", `${A(o.assessment)}/diff?from=${seg(o.from)}&to=${seg(o.to)}`),
        ),
        renderDiff,
      );
    });

  program
    .command("check")
    .description("quality checks of a version; exit 1 when any check is an error")
    .requiredOption("-a, --assessment <id>", "assessment")
    .option("--version <label>", "version (default: the latest)")
    .action(async (o: { assessment: string; version?: string }, cmd: Command) => {
      const q = o.version ? `?version=${seg(o.version)}` : "";
      const r = (await withClient(cmd, (c) => c.call("GET", `${A(o.assessment)}/check${q}`))) as {
        summary: { errors: number };
      };
      emit(cmd, r, renderCheck);
      if (r.summary.errors > 0) process.exitCode = EXIT.failure;
    });

  const methodologies = program
    .command("methodologies")
    .description("likelihood/impact scales and risk matrices");
  methodologies
    .command("list")
    .description("list methodologies")
    .action(async (_o: unknown, cmd: Command) => {
      emit(
        cmd,
        await withClient(cmd, (c) => c.call("GET", "/api/v1/methodologies")),
        (rows: { id: string; name: string; source: string }[]) =>
          rows.map((m) => `${m.id.padEnd(20)} ${m.source.padEnd(16)} ${m.name}`).join("\n"),
      );
    });
  methodologies
    .command("show <id>")
    .description("a methodology with its scales and grid")
    .action(async (id: string, _o: unknown, cmd: Command) =>
      emit(cmd, await withClient(cmd, (c) => c.call("GET", `/api/v1/methodologies/${seg(id)}`))),
    );
  methodologies
    .command("import <file>")
    .description("import a methodology: TTT JSON, or a CISO Assistant risk matrix (YAML or JSON)")
    .option("--format <format>", "ttt | ciso (default: ciso for .yaml/.yml, else ttt)")
    .option("--id <id>", "id to store it under")
    .action(async (file: string, o: { format?: string; id?: string }, cmd: Command) => {
      let content: string;
      try {
        content = readFileSync(file, "utf8");
      } catch (err) {
        throw new ValidationError(`file: cannot read ${file} (${(err as Error).message})`, [
          { path: "file", message: "cannot read" },
        ]);
      }
      const format = o.format ?? (/\.ya?ml$/i.test(file) ? "ciso" : "ttt");
      emit(
        cmd,
        await withClient(cmd, (c) =>
          c.call("POST", "/api/v1/methodologies/import", {
            format,
            content,
            ...(o.id ? { id: o.id } : {}),
          }),
        ),
      );
    });
}
