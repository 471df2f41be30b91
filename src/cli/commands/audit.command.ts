import type { Command } from "commander";
import { EXIT, emit, int, seg, withClient } from "../runtime.js";

/** `ttt audit verify|list` */
export function auditCommands(program: Command): void {
  const audit = program.command("audit").description("the hash-chained audit log (admin)");
  audit
    .command("verify")
    .description("verify the chain; exit 1 and name the first broken link if it is broken")
    .action(async (_o: unknown, cmd: Command) => {
      const v = (await withClient(cmd, (c) => c.call("GET", "/api/v1/audit/verify"))) as {
        ok: boolean;
        entries: number;
        brokenAt?: number;
        problem?: string;
        head?: string;
      };
      emit(cmd, v, (r: typeof v) =>
        r.ok
          ? `ok: ${r.entries} entries, head ${r.head ?? ""}`
          : `BROKEN at entry ${r.brokenAt ?? "?"}: ${r.problem ?? ""}`,
      );
      if (!v.ok) process.exitCode = EXIT.failure;
    });
  audit
    .command("list")
    .description("audit entries, newest first")
    .option("--target <target>", "only entries for this target")
    .option("--limit <n>", "how many", int, 50)
    .action(async (o: { target?: string; limit: number }, cmd: Command) => {
      const q = `?limit=${o.limit}${o.target ? `&target=${seg(o.target)}` : ""}`;
      emit(
        cmd,
        await withClient(cmd, (c) => c.call("GET", `/api/v1/audit${q}`)),
        (rows: { seq: number; at: string; actor: string; action: string; target: string }[]) =>
          rows
            .map(
              (e) =>
                `${String(e.seq).padStart(6)} ${e.at} ${e.actor.padEnd(16)} ${e.action.padEnd(22)} ${e.target}`,
            )
            .join("\n"),
      );
    });
}
