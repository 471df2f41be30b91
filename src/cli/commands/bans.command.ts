import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Option, type Command } from "commander";
import { EXPORT_FORMATS } from "../../bans/index.js";
import { ValidationError } from "../../core/errors.js";
import { emit, int, seg, withClient, type GlobalOptions } from "../runtime.js";

/** Options every `ttt ban <kind>` takes, as commander hands them over. */
interface CommonOpts {
  iss: string;
  reason: string;
  incident?: string;
  starts?: string;
  expires?: string;
  sites?: string;
}

interface BanLine {
  id: string;
  kind: string;
  iss: string;
  denies: string;
  effectiveState: string;
  reason: string;
  coveredIdentities?: number | null;
  coverageNote?: string;
}

const line = (b: BanLine) =>
  `${b.id}  ${b.effectiveState.padEnd(8)} ${b.kind.padEnd(15)} ${b.iss}  ${b.denies}  — ${b.reason}`;

/**
 * The body common to every kind. Values go to the API untouched (keys are matched byte for byte);
 * the server's schema does all validation, so the CLI and HTTP refuse exactly the same input.
 */
function commonBody(o: CommonOpts): Record<string, unknown> {
  return {
    iss: o.iss,
    reason: o.reason,
    ...(o.incident === undefined ? {} : { incident: o.incident }),
    ...(o.starts === undefined ? {} : { startsAt: o.starts }),
    ...(o.expires === undefined ? {} : { expiresAt: o.expires === "never" ? null : o.expires }),
    ...(o.sites === undefined
      ? {}
      : { sites: o.sites === "all" ? "all" : o.sites.split(",").map((s) => s.trim()) }),
  };
}

/** One `ttt ban <kind>` subcommand: the shared options, its own, and the body it sends. */
function banKind<O extends CommonOpts>(
  ban: Command,
  name: string,
  description: string,
  own: (c: Command) => Command,
  body: (o: O) => Record<string, unknown>,
): void {
  const c = ban
    .command(name)
    .description(description)
    .requiredOption("--iss <url>", "issuer URL exactly as in the tokens' iss claim");
  own(c)
    .requiredOption("--reason <text>", "why, in one line (shown in decisions and ban files)")
    .option("--incident <ref>", "incident reference, e.g. a ticket id")
    .option("--starts <time>", "ISO time the ban starts (default: now)")
    .option(
      "--expires <time>",
      "ISO time it stops, or 'never' (the default; a token ban with --token-exp: exp + 1 h)",
    )
    .option("--sites <a,b>", "only these sites (default: all)")
    .action(async (o: O, cmd: Command) => {
      const res = (await withClient(cmd, (cl) =>
        cl.call("POST", "/api/v1/bans", { ...body(o), ...commonBody(o) }),
      )) as BanLine;
      emit(cmd, res, (b: BanLine) =>
        b.coverageNote === undefined
          ? `banned: ${line(b)}`
          : `banned: ${line(b)}\ncovers: ${b.coveredIdentities ?? "?"} known identities (${b.coverageNote})`,
      );
    });
}

/** `ttt ban token|subject|client|group|issuer …`, `ttt bans list|show|lift` */
export function banCommands(program: Command): void {
  const ban = program.command("ban").description("ban a token, subject, client, group or issuer");
  banKind<CommonOpts & { jti: string; tokenExp?: number }>(
    ban,
    "token",
    "ban one token (iss + jti)",
    (c) =>
      c
        .requiredOption("--jti <jti>", "the token's jti")
        .option(
          "--token-exp <seconds>",
          "the token's exp (epoch seconds, as ttt inspect shows): without --expires the ban ends 1 h after it",
          int,
        ),
    (o) => ({
      kind: "token",
      jti: o.jti,
      ...(o.tokenExp === undefined ? {} : { tokenExp: o.tokenExp }),
    }),
  );
  banKind<CommonOpts & { sub: string; issuedBefore?: string }>(
    ban,
    "subject",
    "ban an identity (iss + sub), or only its tokens issued at or before a time",
    (c) =>
      c
        .requiredOption("--sub <sub>", "the identity's sub claim")
        .option("--issued-before <time>", "only tokens issued at or before this ISO time"),
    (o) =>
      o.issuedBefore === undefined
        ? { kind: "identity", sub: o.sub }
        : { kind: "identity-before", sub: o.sub, issuedBefore: o.issuedBefore },
  );
  banKind<CommonOpts & { client: string }>(
    ban,
    "client",
    "ban an OAuth client (iss + client_id)",
    (c) => c.requiredOption("--client <id>", "the client id"),
    (o) => ({ kind: "client", clientId: o.client }),
  );
  banKind<CommonOpts & { group: string; confirmBroad?: boolean }>(
    ban,
    "group",
    "ban every member of a group (needs --confirm-broad)",
    (c) =>
      c
        .requiredOption("--group <group>", "the group, e.g. /atlas/production")
        .option("--confirm-broad", "confirm: this denies every member of the group"),
    (o) => ({ kind: "group", group: o.group, ...(o.confirmBroad ? { confirmBroad: true } : {}) }),
  );
  banKind<CommonOpts & { confirmBroad?: boolean }>(
    ban,
    "issuer",
    "ban every token of an issuer (needs --confirm-broad)",
    (c) => c.option("--confirm-broad", "confirm: this denies every token of the whole issuer"),
    (o) => ({ kind: "issuer", ...(o.confirmBroad ? { confirmBroad: true } : {}) }),
  );

  const bans = program.command("bans").description("list, show and lift bans");
  bans
    .command("list")
    .description("bans, oldest first")
    .addOption(
      new Option("--state <state>", "state now").choices([
        "active",
        "pending",
        "expired",
        "lifted",
      ]),
    )
    .option("--kind <kind>", "token | identity | identity-before | client | group | issuer")
    .option("--iss <url>", "only this issuer")
    .action(async (o: { state?: string; kind?: string; iss?: string }, cmd: Command) => {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(o)) if (typeof v === "string") q.set(k, v);
      const query = q.size === 0 ? "" : `?${q.toString()}`;
      emit(
        cmd,
        await withClient(cmd, (c) => c.call("GET", `/api/v1/bans${query}`)),
        (rows: BanLine[]) => (rows.length === 0 ? "no bans" : rows.map(line).join("\n")),
      );
    });
  bans
    .command("show <id>")
    .description("one ban, every field")
    .action(async (id: string, _o: unknown, cmd: Command) => {
      emit(cmd, await withClient(cmd, (c) => c.call("GET", `/api/v1/bans/${seg(id)}`)));
    });
  bans
    .command("lift <id>")
    .description("lift a ban for good (it stays listed, as lifted)")
    .requiredOption("--reason <text>", "why it is lifted")
    .action(async (id: string, o: { reason: string }, cmd: Command) => {
      const res = (await withClient(cmd, (c) =>
        c.call("POST", `/api/v1/bans/${seg(id)}/lift`, { reason: o.reason }),
      )) as BanLine;
      emit(cmd, res, (b: BanLine) => `lifted: ${line(b)}`);
    });
  banExportCommand(bans);
}

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
  unenforceable_at: { banId: string; kind: string; reason: string }[];
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
function banExportCommand(bans: Command): void {
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
      const q = new URLSearchParams({ format: o.format, as: "json" });
      if (o.site !== undefined) q.set("site", o.site);
      if (o.issuer !== undefined) q.set("issuer", o.issuer);
      q.set("options", JSON.stringify(exportOptions(o)));
      const res = (await withClient(cmd, (c) =>
        c.call("GET", `/api/v1/bans/export?${q.toString()}`),
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
          `${res.format}: ${res.covered.length} ban(s) written to ${where}, ${res.pending.length} pending, ${res.unenforceable_at.length} not enforceable`,
          ...res.unenforceable_at.map((u) => `  ${u.banId} (${u.kind}): ${u.reason}`),
        ];
        process.stderr.write(`${lines.join("\n")}\n`);
      }
    });
}
