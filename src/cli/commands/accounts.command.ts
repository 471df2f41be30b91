import type { Command } from "commander";
import { emit, readStdin, seg, withClient } from "../runtime.js";

/** `ttt users …`, `ttt tokens …` */
export function accountCommands(program: Command): void {
  const users = program.command("users").description("local user accounts (admin)");
  users
    .command("add <name>")
    .description("create a user")
    .requiredOption("--role <role>", "admin | facilitator | assessor | responder | site | viewer")
    .option("--display-name <text>", "a display name")
    .option(
      "--site <name>",
      "role site only: the site this account speaks for (its log uploads are labelled with it)",
    )
    .option(
      "--password-stdin",
      "read the password from standard input (else the user logs in only with API tokens)",
    )
    .action(
      async (
        name: string,
        o: { role: string; displayName?: string; site?: string; passwordStdin?: boolean },
        cmd: Command,
      ) => {
        const password = o.passwordStdin ? (await readStdin()).replace(/\r?\n$/, "") : undefined;
        const body = {
          name,
          role: o.role,
          ...(password === undefined ? {} : { password }),
          ...(o.displayName ? { displayName: o.displayName } : {}),
          ...(o.site === undefined ? {} : { site: o.site }),
        };
        emit(cmd, await withClient(cmd, (c) => c.call("POST", "/api/v1/users", body)));
      },
    );
  users
    .command("list")
    .description("list users")
    .action(async (_o: unknown, cmd: Command) => {
      emit(
        cmd,
        await withClient(cmd, (c) => c.call("GET", "/api/v1/users")),
        (rows: { name: string; role: string; disabled: boolean; site: string | null }[]) =>
          rows
            .map((u) =>
              [
                u.name.padEnd(24),
                u.role.padEnd(12),
                (u.site === null ? "" : `site ${u.site}`).padEnd(24),
                u.disabled ? "disabled" : "",
              ]
                .join(" ")
                .trimEnd(),
            )
            .join("\n"),
      );
    });
  users
    .command("set <name>")
    .description("change a user's role, site binding, disable or enable it")
    .option("--role <role>", "new role")
    .option("--site <name>", "bind a site account to this site")
    .option("--no-site", "unbind a site account from its site")
    .option("--disable", "disable the account (ends its sessions)")
    .option("--enable", "enable the account")
    .action(
      async (
        name: string,
        o: { role?: string; site?: string | false; disable?: boolean; enable?: boolean },
        cmd: Command,
      ) => {
        const body = {
          ...(o.role ? { role: o.role } : {}),
          ...(o.site === undefined ? {} : { site: o.site === false ? null : o.site }),
          ...(o.disable ? { disabled: true } : o.enable ? { disabled: false } : {}),
        };
        emit(
          cmd,
          await withClient(cmd, (c) => c.call("PATCH", `/api/v1/users/${seg(name)}`, body)),
        );
      },
    );

  const tokens = program.command("tokens").description("API tokens (the secret is shown once)");
  tokens
    .command("create")
    .description("create an API token and print its secret once")
    .option("--user <name>", "for another user (admin); default: yourself")
    .option("--label <text>", "what the token is for", "api token")
    .action(async (o: { user?: string; label: string }, cmd: Command) => {
      const res = (await withClient(cmd, (c) =>
        c.call("POST", "/api/v1/api-tokens", {
          label: o.label,
          ...(o.user ? { user: o.user } : {}),
        }),
      )) as { token: { id: string; user: string }; secret: string };
      emit(
        cmd,
        res,
        (r: typeof res) =>
          `${r.secret}\n# token ${r.token.id} for ${r.token.user}: shown once, store it now (use as TTT_TOKEN)`,
      );
    });
  tokens
    .command("list")
    .description("list API tokens")
    .option("--user <name>", "another user's tokens (admin)")
    .action(async (o: { user?: string }, cmd: Command) => {
      const q = o.user ? `?user=${seg(o.user)}` : "";
      emit(cmd, await withClient(cmd, (c) => c.call("GET", `/api/v1/api-tokens${q}`)));
    });
  tokens
    .command("revoke <id>")
    .description("revoke an API token")
    .action(async (id: string, _o: unknown, cmd: Command) => {
      emit(cmd, await withClient(cmd, (c) => c.call("DELETE", `/api/v1/api-tokens/${seg(id)}`)));
    });
}
