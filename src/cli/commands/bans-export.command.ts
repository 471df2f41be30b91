import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Option, type Command } from "commander";
import { EXPORT_FORMATS } from "../../bans/index.js";
import { ValidationError } from "../../core/errors.js";
import { emit, withClient, type GlobalOptions } from "../runtime.js";

/** `ttt bans export`: a ban file for one middleware (docs/ban-files.md). */
interface ExportOpts {
  format: string;
  site?: string;
  issuer?: string;
  output?: string;
  optionsFile?: string;
  dcacheOp: string[];
  storageArea: string[];
  xrootdUser?: string;
}

interface ExportAnswer {
  format: string;
  covered: string[];
  pending: string[];
  /** Absent from servers older than the undo of ended bans. */
  undone?: string[];
  unenforceable_at: { banId: string; kind: string; reason: string }[];
  /** Absent from older servers. */
  warnings?: string[];
  content: string;
}

const collect = (value: string, list: string[]) => [...list, value];

/** The per-format options: the --options-file JSON, then the flags on top. */
function exportOptions(o: ExportOpts): Record<string, unknown> {
  let options: Record<string, unknown> = {};
  if (o.optionsFile !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(o.optionsFile, "utf8"));
    } catch (err) {
      const message = `cannot read a JSON object from it: ${(err as Error).message}`;
      throw new ValidationError(`--options-file: ${message}`, [{ path: "optionsFile", message }]);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new ValidationError("--options-file: must hold a JSON object", [
        { path: "optionsFile", message: "must hold a JSON object" },
      ]);
    options = parsed as Record<string, unknown>;
  }
  const section = (name: string) => ({ ...(options[name] as Record<string, unknown>) });
  if (o.dcacheOp.length > 0) {
    const dcache = section("dcache");
    const ops = { ...(dcache.ops as Record<string, string>) };
    for (const pair of o.dcacheOp) {
      const at = pair.lastIndexOf("=");
      if (at <= 0)
        throw new ValidationError(`--dcache-op ${pair}: expected ISSUER=ALIAS`, [
          { path: "dcacheOp", message: "expected ISSUER=ALIAS" },
        ]);
      ops[pair.slice(0, at)] = pair.slice(at + 1);
    }
    options.dcache = { ...dcache, ops };
  }
  if (o.storageArea.length > 0)
    options.storm = { ...section("storm"), storageAreas: o.storageArea };
  if (o.xrootdUser !== undefined)
    options.xrootd = { ...section("xrootd"), noAccessUser: o.xrootdUser };
  return options;
}

/** Writes `content` to `file` through a temporary file and a rename, so readers never see half. */
function writeAtomically(file: string, content: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, content, { mode: 0o644, flag: "wx" });
  try {
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** `ttt bans export --format F [--site S] [-o FILE]`: the same file GET /api/v1/bans/export gives. */
export function banExportCommand(bans: Command): void {
  bans
    .command("export")
    .description("a ban file for dcache, storm, arc, condor, xrootd, fts, eos, or the json list")
    .addOption(
      new Option("-f, --format <format>", "the file format")
        .choices(EXPORT_FORMATS)
        .makeOptionMandatory(),
    )
    .option("--site <site>", "only bans that apply at this site")
    .option("--issuer <url>", "only this issuer's bans (xrootd needs it)")
    .option("-o, --output <file>", "write the file here, atomically (default: stdout)")
    .option("--options-file <file>", "per-format options as JSON (see docs/ban-files.md)")
    .option(
      "--dcache-op <iss=alias>",
      "dCache: the OP alias of an issuer (repeatable)",
      collect,
      [],
    )
    .option("--storage-area <name>", "StoRM: a storage area to protect (repeatable)", collect, [])
    .option("--xrootd-user <user>", "XRootD: the no-access user banned subjects map to")
    .action(async (o: ExportOpts, cmd: Command) => {
      // POSTed: the options (eos.users of a big site) may not fit in a URL.
      const query = {
        format: o.format,
        as: "json",
        ...(o.site === undefined ? {} : { site: o.site }),
        ...(o.issuer === undefined ? {} : { issuer: o.issuer }),
        options: JSON.stringify(exportOptions(o)),
      };
      const res = (await withClient(cmd, (c) =>
        c.call("POST", "/api/v1/bans/export", query),
      )) as ExportAnswer;
      const json = cmd.optsWithGlobals<GlobalOptions>().json === true;
      if (o.output === undefined || o.output === "-") {
        if (json) emit(cmd, res);
        else process.stdout.write(res.content);
      } else {
        writeAtomically(o.output, res.content);
        if (json) emit(cmd, { ...res, content: undefined, output: o.output });
      }
      if (!json) {
        const where = o.output === undefined || o.output === "-" ? "stdout" : o.output;
        const lines = [
          `${res.format}: ${res.covered.length} ban(s) written to ${where}, ${res.pending.length} pending, ${res.unenforceable_at.length} not enforceable${(res.undone?.length ?? 0) > 0 ? `, ${res.undone?.length} ended ban(s) undone` : ""}`,
          ...res.unenforceable_at.map((u) => `  ${u.banId} (${u.kind}): ${u.reason}`),
          ...(res.warnings ?? []).map((w) => `warning: ${w}`),
        ];
        process.stderr.write(`${lines.join("\n")}\n`);
      }
    });
}
