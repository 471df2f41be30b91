import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { Option, type Command } from "commander";
import { ValidationError } from "../../core/errors.js";
import {
  describeIssue,
  IMPORT_FORMATS,
  type ImportIssue,
  type ImportOutcome,
} from "../../risk/index.js";
import { ApiCallError } from "../client.js";
import { emit, EXIT, withClient, type GlobalOptions } from "../runtime.js";

interface ImportOptions {
  format?: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  assessment?: string;
  title?: string;
  methodology?: string;
}

async function readInput(file: string): Promise<{ data: Buffer; name: string }> {
  if (file === "-") {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return { data: Buffer.concat(chunks), name: "stdin" };
  }
  try {
    return { data: readFileSync(file), name: basename(file) };
  } catch (err) {
    const why =
      (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message;
    throw new ValidationError(`${file}: cannot read (${why})`, [{ path: "FILE", message: why }]);
  }
}

/** The query string of POST /api/v1/import: only what was given. */
function query(o: ImportOptions, fileName: string): string {
  const q = new URLSearchParams({ fileName });
  if (o.format !== undefined) q.set("format", o.format);
  if (o.dryRun) q.set("dryRun", "true");
  if (o.skipInvalid) q.set("skipInvalid", "true");
  if (o.assessment !== undefined) q.set("assessment", o.assessment);
  if (o.title !== undefined) q.set("title", o.title);
  if (o.methodology !== undefined) q.set("methodology", o.methodology);
  return q.toString();
}

const table = (rows: string[][]): string => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
};

/** A readable summary: where it went, the counts, the preview (dry run), skipped rows, warnings. */
export function renderOutcome(o: ImportOutcome, fileName: string): string {
  const out: string[] = [];
  const where =
    o.target.kind === "methodology"
      ? `methodology ${o.target.id}`
      : `assessment ${o.target.id}${o.target.version === undefined ? "" : `, version ${o.target.version}`}`;
  out.push(
    o.dryRun
      ? `dry run — nothing written. ${fileName} (${o.format}) would go into ${where}`
      : `imported ${fileName} (${o.format}) into ${where}`,
  );
  const counts = Object.entries(o.counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${n === 1 ? k.replace(/s$/, "") : k}`);
  if (counts.length > 0) out.push(counts.join(", "));
  if (o.dryRun && o.preview.length > 0) {
    out.push("");
    out.push(
      table([
        ["ROW", "THREAT", "WORKFLOW", "L", "I"],
        ...o.preview.map((p) => [
          p.id,
          p.threat,
          p.workflow ?? "-",
          p.likelihood === null ? "-" : String(p.likelihood),
          p.impact === null ? "-" : String(p.impact),
        ]),
      ]),
    );
  }
  if (o.skipped.length > 0) {
    out.push(
      "",
      `skipped (${o.skipped.length}):`,
      ...o.skipped.map((i) => `  ${describeIssue(i)}`),
    );
  }
  if (o.warnings.length > 0) out.push("", "warnings:", ...o.warnings.map((w) => `  ${w}`));
  return out.join("\n");
}

/**
 * `ttt import FILE` — the group's spreadsheet (xlsx, csv), a CISO Assistant export or matrix, or
 * a TTT JSON export, uploaded as bytes to POST /api/v1/import. A refused file lists every problem
 * and exits 2; nothing is imported then.
 */
export function importCommand(program: Command): void {
  program
    .command("import <file>")
    .description("import a spreadsheet, CISO Assistant file or TTT export ('-' reads stdin)")
    .addOption(
      new Option(
        "-f, --format <format>",
        "file format (default: detected from the content)",
      ).choices(IMPORT_FORMATS),
    )
    .option("--dry-run", "check and preview; write nothing")
    .option("--skip-invalid", "import the valid rows and report the skipped ones")
    .option("-a, --assessment <id>", "fill this assessment's draft (or create it under this id)")
    .option("--title <text>", "title of a new assessment (default: the file name)")
    .option("--methodology <id>", "methodology of a new assessment; id of an imported CISO matrix")
    .action(async (file: string, o: ImportOptions, cmd: Command) => {
      const { data, name } = await readInput(file);
      let outcome: ImportOutcome;
      try {
        const res = await withClient(cmd, (c) =>
          c.bytes("POST", `/api/v1/import?${query(o, name)}`, {
            data,
            contentType: "application/octet-stream",
          }),
        );
        outcome = JSON.parse(res.data.toString("utf8")) as ImportOutcome;
      } catch (err) {
        const json = cmd.optsWithGlobals<GlobalOptions>().json === true;
        if (json || !(err instanceof ApiCallError) || err.code !== "import_invalid") throw err;
        const issues = (Array.isArray(err.details) ? err.details : []) as ImportIssue[];
        process.stderr.write(
          [
            `error (import_invalid): ${name}: ${issues.length} problem${issues.length === 1 ? "" : "s"}, nothing imported`,
            ...issues.map((i) => `  ${describeIssue(i)}`),
            ...(o.skipInvalid
              ? []
              : [
                  "(fix them; --skip-invalid imports the valid rows when the problems are in rows)",
                ]),
          ].join("\n") + "\n",
        );
        process.exitCode = EXIT.usage;
        return;
      }
      emit(cmd, outcome, (r: ImportOutcome) => renderOutcome(r, name));
    });
}
