import type { Command } from "commander";
import { emit, withClient } from "../runtime.js";

/** `ttt feed rotate-key`: the ban feed's signing keys (admin). */
export function feedCommands(program: Command): void {
  const feed = program.command("feed").description("the ban feed to sites (Shared Signals)");
  feed
    .command("rotate-key")
    .description(
      "make a new ES256 signing key current; the previous one stays published while SETs it signed may still be delivered",
    )
    .action(async (_o: unknown, cmd: Command) => {
      const r = (await withClient(cmd, (c) => c.call("POST", "/api/v1/ssf/keys/rotate"))) as {
        kid: string;
        published: string[];
      };
      emit(
        cmd,
        r,
        (x: typeof r) => `new signing key ${x.kid}; published: ${x.published.join(", ")}`,
      );
    });
}
