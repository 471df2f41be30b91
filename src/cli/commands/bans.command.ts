import { Option, type Command } from "commander";
import { emit, int, seg, withClient } from "../runtime.js";
import { banExportCommand } from "./bans-export.command.js";

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
  warnings?: string[];
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
      "ISO time it stops, or 'never' (the default; a token ban: its exp + 1 h when known, from --token-exp or the ingested logs)",
    )
    .option("--sites <a,b>", "only these sites (default: all)")
    .action(async (o: O, cmd: Command) => {
      const res = (await withClient(cmd, (cl) =>
        cl.call("POST", "/api/v1/bans", { ...body(o), ...commonBody(o) }),
      )) as BanLine;
      emit(cmd, res, (b: BanLine) =>
        [
          `banned: ${line(b)}`,
          ...(b.coverageNote === undefined
            ? []
            : [`covers: ${b.coveredIdentities ?? "?"} known identities (${b.coverageNote})`]),
          ...(b.warnings ?? []).map((w) => `warning: ${w}`),
        ].join("\n"),
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
