import type { Command } from "commander";
import type { Alert } from "../../trace/index.js";
import { emit, int, withClient } from "../runtime.js";

interface AlertOpts {
  since?: string;
  kind?: string;
  ban?: string;
  site?: string;
  limit?: number;
}

const line = (a: Alert) =>
  `${new Date(a.eventTimeMs).toISOString()}  ${a.kind.padEnd(13)} ${(a.site ?? "-").padEnd(10)} ${a.component}/${a.action}  ${a.matched}${a.banId === null ? "" : ` (ban ${a.banId})`}  ${a.source.file}:${a.source.line}`;

/** `ttt alerts`: what ingest raised — banned identities seen, tokens used after exp. */
export function alertCommands(program: Command): void {
  program
    .command("alerts")
    .description(
      "alerts raised by ingest: events a ban covered at their time, tokens used after exp",
    )
    .option("--since <time>", "raised at or after this ISO time")
    .option("--kind <kind>", "banned | expired-token")
    .option("--ban <id>", "only this ban's alerts")
    .option("--site <name>", "only this site's")
    .option("--limit <n>", "most alerts shown (default 100)", int)
    .action(async (o: AlertOpts, cmd: Command) => {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(o)) if (v !== undefined) q.set(k, String(v));
      const res = (await withClient(cmd, (cl) =>
        cl.call("GET", `/api/v1/alerts${q.size > 0 ? `?${q.toString()}` : ""}`),
      )) as { alerts: Alert[] };
      emit(cmd, res, (r: { alerts: Alert[] }) =>
        r.alerts.length === 0 ? "no alerts" : r.alerts.map(line).join("\n"),
      );
    });
}
