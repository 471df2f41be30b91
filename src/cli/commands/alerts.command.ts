import type { Command } from "commander";
import { terminalSafe, type Alert } from "../../trace/index.js";
import { emit, int, withClient } from "../runtime.js";

interface AlertOpts {
  since?: string;
  kind?: string;
  ban?: string;
  site?: string;
  state?: string;
  limit?: number;
}

/**
 * An alert on one line, ending with who acknowledged it and when; the acknowledgement's note,
 * if any, on the lines below (indented). Everything shown comes from log lines or from other
 * users, so control characters are escaped (terminalSafe) before they reach the terminal; only
 * the note's own line breaks are kept.
 */
const note = (text: string | null) =>
  text === null || text === ""
    ? ""
    : `\n    note: ${text.split("\n").map(terminalSafe).join("\n          ")}`;

const line = (a: Alert) =>
  terminalSafe(
    `${new Date(a.eventTimeMs).toISOString()}  ${a.kind.padEnd(13)} ${(a.site ?? "-").padEnd(10)} ${a.component}/${a.action}  ${a.matched}${a.banId === null ? "" : ` (ban ${a.banId})`}${a.clientId === null ? "" : `  client ${a.clientId}`}  ${a.source.file}:${a.source.line}  ${a.id}${a.ack === null ? "" : `  [acknowledged by ${a.ack.by} at ${a.ack.at}]`}`,
  ) + (a.ack === null ? "" : note(a.ack.note));

/** `ttt alerts [ack ID]`: what ingest raised — banned identities seen, tokens used after exp. */
export function alertCommands(program: Command): void {
  const alerts = program.command("alerts");
  alerts
    .command("ack <id>")
    .description("acknowledge an alert: it has been looked at (refused if someone already did)")
    .option("--note <text>", "what was done or why nothing needs doing")
    .action(async (id: string, o: { note?: string }, cmd: Command) => {
      const res = (await withClient(cmd, (cl) =>
        cl.call("POST", `/api/v1/alerts/${encodeURIComponent(id)}/ack`, { note: o.note }),
      )) as { alert: Alert };
      emit(cmd, res, (r: { alert: Alert }) => `acknowledged: ${line(r.alert)}`);
    });
  alerts
    .description(
      "alerts raised by ingest: events a ban covered at their time, tokens used after exp",
    )
    .option("--since <time>", "raised at or after this ISO time")
    .option("--kind <kind>", "banned | expired-token")
    .option("--ban <id>", "only this ban's alerts")
    .option("--site <name>", "only this site's")
    .option("--state <state>", "open | acknowledged")
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
