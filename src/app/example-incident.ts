import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Actor } from "../accounts/index.js";
import { fileSources, generateLogs, parseGenLogsOptions } from "../trace/index.js";
import type { AppContext } from "./context.js";

/** What the planted scenario's ground truth says of the stolen token. */
interface Truth {
  stolen: { iss: string; sub: string; jti: string };
  foreignIp: string;
}

export interface ExampleIncident {
  incident: string;
  events: number;
  alerts: number;
}

/** The example world: small enough to load in seconds on a first start. */
const WORLD = { sites: 2, days: 2, users: 20, seed: 7, start: "2024-09-02" } as const;

/**
 * The Respond and Trace example beside the example assessment, so a first `ttt serve` shows
 * every page at work: `ttt gen-logs --compromise` logs of a small two-site world written under
 * `dir`, an incident for the stolen refresh token (linked with workflow b of the example
 * assessment, whose playbook it then shows), the victim's identity banned from the morning of
 * the second day, the logs ingested for the incident (the attacker's use raises alerts) and the
 * token traced with its derived tokens into the case. Illustrative, generated data only.
 */
export async function loadExampleIncident(
  ctx: AppContext,
  actor: Actor,
  dir: string,
): Promise<ExampleIncident> {
  const logs = join(dir, "example-logs");
  await generateLogs(parseGenLogsOptions({ out: logs, compromise: true, force: true, ...WORLD }));
  const truth = JSON.parse(readFileSync(join(logs, "ground-truth.json"), "utf8")) as Truth;
  const { iss, sub, jti } = truth.stolen;
  const incident = await ctx.incidents.create(actor, {
    title: "Example: a notebook user's refresh token used from a foreign address",
    tlp: "CLEAR",
    severity: "high",
    summary:
      "Generated example (ttt gen-logs --compromise, seed 7): a refresh token stolen on the " +
      `first day is used on the second from ${truth.foreignIp} to read files, submit FTS ` +
      "transfers and grid jobs.",
    discoveredAt: "2024-09-03T06:00:00Z",
  });
  const id = incident.id;
  await ctx.incidents.casework.addToken(actor, id, { iss, sub, jti, workflow: "b" });
  await ctx.bans.create(actor, {
    kind: "identity",
    iss,
    sub,
    reason: "example: refresh token stolen from a notebook (generated scenario)",
    incident: id,
    startsAt: "2024-09-03T00:00:00Z",
  });
  const summary = await ctx.ingest.ingest(actor, await fileSources([logs], "auto"), {
    origin: "example",
  });
  await ctx.incidents.recordIngest(actor, id, summary);
  await ctx.incidents.saveTrace(actor, id, { by: "jti", value: jti, iss, withDerived: true });
  return { incident: id, events: summary.events, alerts: summary.alerts };
}
