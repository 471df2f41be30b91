import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { IncidentView } from "../../incidents/index.js";
import { emit, seg, withClient } from "../runtime.js";

const one = (i: IncidentView) =>
  `${i.id}  ${i.state.padEnd(9)} TLP:${i.tlp.padEnd(12)} ${i.severity.padEnd(8)} ${i.title}${i.overdue.length > 0 ? `  OVERDUE: ${i.overdue.join(", ")}` : ""}`;

/** The case file as text: head, procedure clock (overdue steps marked), bans, action log. */
function show(i: IncidentView): string {
  const out = [
    one(i),
    `discovered ${i.discoveredAt}; sites: ${i.affectedSites.join(", ") || "-"}; identities: ${i.affectedIdentities.map((x) => `${x.sub}@${x.iss}`).join(", ") || "-"}`,
    "procedure (EGI CSIRT):",
    ...i.clock.map(
      (c) =>
        `  ${c.step.padEnd(15)} due ${c.dueAt ?? "(after resolution)"}  ${c.doneAt === null ? (c.overdue ? "OVERDUE" : "pending") : `done ${c.doneAt}`}`,
    ),
    `bans (${i.bans.length}):`,
    ...i.bans.map(
      (b) => `  ${b.id}  ${b.state.padEnd(8)} ${b.kind.padEnd(15)} ${b.denies} — ${b.reason}`,
    ),
    ...(i.tokens.length === 0
      ? []
      : [
          `tokens (${i.tokens.length}):`,
          ...i.tokens.map(
            (t) =>
              `  ${t.jti ?? "-"}  sub ${t.sub ?? "-"}  client ${t.clientId ?? "-"}  at ${t.iss}${t.workflow === null ? "" : `  workflow ${t.workflow}`}`,
          ),
        ]),
    ...i.playbooks.flatMap((p) => [
      `playbook ${p.workflow} (${p.name}):`,
      ...p.steps.map((s) => `  [${s.done === null ? " " : "x"}] ${s.n}. ${s.action}`),
    ]),
    ...(i.lessonsLearned === null ? [] : ["lessons learned:", `  ${i.lessonsLearned}`]),
    "action log:",
    ...i.actions.map((a) => `  ${a.at}  ${a.actor.padEnd(12)} ${a.kind.padEnd(14)} ${a.text}`),
  ];
  return out.join("\n");
}

/** `ttt incidents create|list|show|note|state|step|tick|lessons|close|export` */
export function incidentCommands(program: Command): void {
  const inc = program.command("incidents").description("incidents: the response case file");
  inc
    .command("create")
    .description("open an incident")
    .requiredOption("--title <text>", "one line")
    .requiredOption("--tlp <tlp>", "CLEAR, GREEN, AMBER, AMBER+STRICT or RED")
    .option("--severity <s>", "low, medium (default), high, critical")
    .option("--summary <text>", "what is known")
    .option("--discovered <time>", "ISO time of discovery (default: now)")
    .option("--sites <a,b>", "affected sites")
    .action(async (o: Record<string, string | undefined>, cmd: Command) => {
      const body = {
        title: o.title,
        tlp: o.tlp,
        ...(o.severity === undefined ? {} : { severity: o.severity }),
        ...(o.summary === undefined ? {} : { summary: o.summary }),
        ...(o.discovered === undefined ? {} : { discoveredAt: o.discovered }),
        ...(o.sites === undefined
          ? {}
          : { affectedSites: o.sites.split(",").map((s) => s.trim()) }),
      };
      const r = (await withClient(cmd, (c) =>
        c.call("POST", "/api/v1/incidents", body),
      )) as IncidentView;
      emit(cmd, r, show);
    });
  inc
    .command("list")
    .description("incidents, newest discovered first")
    .option("--state <state>", "open, contained, resolved, closed")
    .option("--overdue", "only those with an overdue procedure step")
    .action(async (o: { state?: string; overdue?: boolean }, cmd: Command) => {
      const q = new URLSearchParams();
      if (o.state !== undefined) q.set("state", o.state);
      if (o.overdue === true) q.set("overdue", "true");
      const r = (await withClient(cmd, (c) =>
        c.call("GET", `/api/v1/incidents${q.size > 0 ? `?${q.toString()}` : ""}`),
      )) as IncidentView[];
      emit(cmd, r, (l: IncidentView[]) =>
        l.length === 0 ? "no incidents" : l.map(one).join("\n"),
      );
    });
  inc
    .command("show")
    .argument("<id>")
    .description("an incident: clock, bans, action log")
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const r = (await withClient(cmd, (c) =>
        c.call("GET", `/api/v1/incidents/${seg(id)}`),
      )) as IncidentView;
      emit(cmd, r, show);
    });
  inc
    .command("note")
    .argument("<id>")
    .argument("<text>")
    .description("add a note to the action log")
    .action(async (id: string, text: string, _o: unknown, cmd: Command) => {
      const r = (await withClient(cmd, (c) =>
        c.call("POST", `/api/v1/incidents/${seg(id)}/notes`, { text }),
      )) as IncidentView;
      emit(cmd, r, show);
    });
  inc
    .command("state")
    .argument("<id>")
    .argument("<state>", "contained, resolved or closed")
    .option("--note <text>", "why, in one line")
    .description("move the incident forward")
    .action(async (id: string, state: string, o: { note?: string }, cmd: Command) => {
      const r = (await withClient(cmd, (c) =>
        c.call("POST", `/api/v1/incidents/${seg(id)}/state`, { state, ...o }),
      )) as IncidentView;
      emit(cmd, r, show);
    });
  inc
    .command("step")
    .argument("<id>")
    .argument("<step>", "reported or closure-report")
    .description("mark a step of the CSIRT procedure done")
    .action(async (id: string, step: string, _o: unknown, cmd: Command) => {
      const r = (await withClient(cmd, (c) =>
        c.call("POST", `/api/v1/incidents/${seg(id)}/steps`, { step }),
      )) as IncidentView;
      emit(cmd, r, show);
    });
  inc
    .command("tick")
    .argument("<id>")
    .argument("<workflow>", "a workflow of a token linked to the incident")
    .argument("<step>", "the playbook step's number")
    .description("tick a step of the workflow's response playbook done")
    .action(async (id: string, workflow: string, step: string, _o: unknown, cmd: Command) => {
      const body = { workflow, step: /^\d+$/.test(step) ? Number(step) : step };
      const r = (await withClient(cmd, (c) =>
        c.call("POST", `/api/v1/incidents/${seg(id)}/playbook`, body),
      )) as IncidentView;
      emit(cmd, r, show);
    });
  inc
    .command("lessons")
    .argument("<id>")
    .argument("<text>")
    .description("write the lessons learned (the report's last section)")
    .action(async (id: string, text: string, _o: unknown, cmd: Command) => {
      const r = (await withClient(cmd, (c) =>
        c.call("PUT", `/api/v1/incidents/${seg(id)}/lessons`, { text }),
      )) as IncidentView;
      emit(cmd, r, show);
    });
  inc
    .command("close")
    .argument("<id>")
    .description("close the incident")
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const r = (await withClient(cmd, (c) =>
        c.call("POST", `/api/v1/incidents/${seg(id)}/state`, { state: "closed" }),
      )) as IncidentView;
      emit(cmd, r, show);
    });
  inc
    .command("export")
    .argument("<id>")
    .requiredOption("--format <format>", "md, csv, json, timesketch, misp, email or pdf")
    .option("-o, --output <file>", "write it to this file (default: standard output)")
    .description("export the case file (report, timeline, MISP event, heads-up e-mail)")
    .action(async (id: string, o: { format: string; output?: string }, cmd: Command) => {
      const res = await withClient(cmd, (c) =>
        c.bytes("POST", `/api/v1/incidents/${seg(id)}/exports`, {
          data: Buffer.from(JSON.stringify({ format: o.format })),
          contentType: "application/json",
        }),
      );
      if (o.output === undefined) process.stdout.write(res.data);
      else {
        writeFileSync(o.output, res.data, { mode: 0o640 });
        process.stderr.write(`wrote ${res.data.length} bytes to ${o.output}\n`);
      }
    });
}
