// `ttt incidents` as a responder runs it, on a local store: open an incident discovered a while
// ago (the case file shows its TLP and the procedure clock, both deadlines overdue), list them
// as JSON (--overdue too), add a note, ban a subject with --incident so the case file lists the
// ban and its "ban" line, resolve, send the closure report, close; and the refusal of an unknown
// TLP (exit 2 naming tlp); lessons learned written, a playbook tick for a workflow no linked token
// has refused. Commands that do not depend on each other run side by side (each CLI
// start costs seconds; the local store is SQLite in WAL mode, made for several processes).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { IncidentView } from "../../src/incidents/index.js";
import { CLI_SUITE_TIMEOUT, ttt, type Run } from "./run-cli.js";

const ISS = "https://iam.example.org/";
const DISCOVERED = "2024-09-02T08:00:00Z";

function ok(run: Run): Run {
  assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
  return run;
}
const json = <T>(run: Run): T => JSON.parse(ok(run).stdout) as T;

describe("ttt incidents", { timeout: CLI_SUITE_TIMEOUT }, () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-cli-incidents-"));
  const local = (...args: string[]) => ttt(["--data-dir", join(dir, "data"), ...args]);
  let id = "";
  let created: Run;
  let runs: Record<"ban" | "note" | "badTlp" | "resolved" | "lessons" | "tick", Promise<Run>>;
  let reads: Record<"list" | "overdue" | "show" | "closure" | "email", Promise<Run>>;
  let closed: Run;

  before(async () => {
    // 1. the first command makes the store
    created = ok(
      await local(
        ..."incidents create --title".split(" "),
        "Stolen refresh token at CERN",
        ..."--tlp AMBER --severity high --discovered".split(" "),
        DISCOVERED,
        "--sites",
        "CERN-PROD, DESY",
      ),
    );
    id = created.stdout.split(/\s/)[0]!;
    // 2. changes that do not depend on each other
    runs = {
      ban: local(
        ..."--json ban subject --iss".split(" "),
        ISS,
        ..."--sub sub-1 --reason".split(" "),
        "stolen refresh token",
        "--incident",
        id,
      ),
      note: local("incidents", "note", id, "user confirmed the leak"),
      badTlp: local("incidents", "create", "--title", "x", "--tlp", "PURPLE"),
      resolved: local("--json", "incidents", "state", id, "resolved", "--note", "revoked"),
      lessons: local("incidents", "lessons", id, "Refresh tokens need shorter lifetimes."),
      tick: local("incidents", "tick", id, "b", "1"),
    };
    await Promise.all(Object.values(runs));
    // 3. reads of all that, and the closure report (it follows resolution)
    reads = {
      list: local("--json", "incidents", "list"),
      overdue: local("--json", "incidents", "list", "--overdue"),
      show: local("incidents", "show", id),
      closure: local("--json", "incidents", "step", id, "closure-report"),
      email: local("incidents", "export", id, "--format", "email", "-o", join(dir, "heads-up.txt")),
    };
    await Promise.all(Object.values(reads));
    // 4. close, whose case file shows the whole story
    closed = await local("incidents", "close", id);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("create prints the case file: id, TLP:AMBER, the procedure lines", () => {
    assert.match(id, /^inc_[0-9a-f]{32}$/);
    const [head, discovered, procedure, reported, contained, report, bans, log, first, more] =
      created.stdout.trimEnd().split("\n");
    assert.match(
      head!,
      new RegExp(`^${id} {2}open +TLP:AMBER +high +Stolen refresh token at CERN`),
    );
    assert.match(head!, / {2}OVERDUE: reported, contained$/);
    assert.equal(
      discovered,
      "discovered 2024-09-02T08:00:00.000Z; sites: CERN-PROD, DESY; identities: -",
    );
    assert.equal(procedure, "procedure (EGI CSIRT):");
    assert.match(reported!, /^ {2}reported +due 2024-09-02T12:00:00\.000Z {2}OVERDUE$/);
    assert.match(contained!, /^ {2}contained +due 2024-09-03T08:00:00\.000Z {2}OVERDUE$/);
    assert.match(report!, /^ {2}closure-report +due \(after resolution\) {2}pending$/);
    assert.equal(bans, "bans (0):");
    assert.equal(log, "action log:");
    assert.match(
      first!,
      /^ {2}\S+Z {2}admin +created +opened "Stolen refresh token at CERN" \(TLP:AMBER, high\)$/,
    );
    assert.equal(more, undefined);
  });

  it("--json list gives the incident; --overdue lists it with the step still late", async () => {
    const list = json<IncidentView[]>(await reads.list);
    assert.deepEqual(
      list.map((i) => [i.id, i.tlp, i.severity, i.title, i.discoveredAt]),
      [[id, "AMBER", "high", "Stolen refresh token at CERN", "2024-09-02T08:00:00.000Z"]],
    );
    assert.deepEqual(list[0]!.affectedSites, ["CERN-PROD", "DESY"]);
    const overdue = json<IncidentView[]>(await reads.overdue);
    // resolved (so contained) but never reported to the CSIRT
    assert.deepEqual(
      overdue.map((i) => [i.id, i.overdue]),
      [[id, ["reported"]]],
    );
  });

  it("show lists the note, the linked ban and its 'ban' line", async () => {
    const banId = json<{ id: string }>(await runs.ban).id;
    const out = ok(await reads.show).stdout;
    assert.match(out, /^bans \(1\):$/m);
    assert.match(
      out,
      new RegExp(`^ {2}${banId} {2}active +identity +sub sub-1 — stolen refresh token$`, "m"),
    );
    assert.match(out, /^ {2}\S+ {2}admin +note +user confirmed the leak$/m);
    assert.match(
      out,
      /^ {2}\S+ {2}admin +ban +banned identity: sub sub-1 — stolen refresh token$/m,
    );
    assert.match(ok(await runs.note).stdout, /note +user confirmed the leak$/m);
  });

  it("state resolved stamps contained and resolved; the closure report is then due", async () => {
    const r = json<IncidentView>(await runs.resolved);
    assert.equal(r.state, "resolved");
    assert.ok(r.resolvedAt !== null);
    assert.equal(r.containedAt, r.resolvedAt);
    assert.deepEqual(
      r.actions.filter((a) => a.kind === "state").map((a) => [a.text, a.ref]),
      [["open → resolved: revoked", "resolved"]],
    );
    const report = r.clock.find((c) => c.step === "closure-report")!;
    assert.ok(report.dueAt !== null && report.dueAt > r.resolvedAt, String(report.dueAt));
    assert.equal(report.overdue, false);
  });

  it("step closure-report marks it done; close closes with the whole log", async () => {
    const c = json<IncidentView>(await reads.closure);
    assert.ok(c.closureReportAt !== null);
    assert.equal(c.actions.at(-1)!.kind, "closure-report");
    const out = ok(closed).stdout;
    assert.match(out, new RegExp(`^${id} {2}closed +TLP:AMBER +high `));
    assert.match(out, /^ {2}contained +due \S+ {2}done \S+$/m);
    assert.match(out, /^ {2}closure-report +due \S+ {2}done \S+$/m);
    assert.match(out, /^bans \(1\):$/m);
    const kinds = out
      .slice(out.indexOf("action log:"))
      .split("\n")
      .slice(1)
      .filter((l) => l.trim() !== "")
      .map((l) => l.trim().split(/\s+/)[2]);
    assert.deepEqual(
      [...kinds].sort(),
      ["ban", "closure-report", "created", "export", "lessons", "note", "state", "state"],
      out,
    );
    assert.equal(kinds[0], "created");
    assert.equal(kinds.at(-1), "state", "closing is the last line");
    assert.ok(kinds.indexOf("closure-report") > kinds.indexOf("ban"));
    assert.match(out, /state +resolved → closed$/m);
  });

  it("lessons writes the lessons learned; tick refuses a workflow no linked token has", async () => {
    const out = ok(await runs.lessons).stdout;
    assert.match(out, /^lessons learned:\n {2}Refresh tokens need shorter lifetimes\.$/m);
    const tick = await runs.tick;
    assert.equal(tick.code, 1, tick.stderr);
    assert.match(tick.stderr, /^error \(not_found\): .*playbook of a linked workflow.*b/);
  });

  it("export --format email -o FILE writes the heads-up text with the TLP in the subject", async () => {
    const run = ok(await reads.email);
    assert.match(run.stderr, /^wrote \d+ bytes to /);
    const text = readFileSync(join(dir, "heads-up.txt"), "utf8");
    assert.match(
      text,
      new RegExp(
        `^Subject: \\[TLP:AMBER\\] Security incident ${id}: Stolen refresh token at CERN\n`,
      ),
    );
  });

  it("refuses --tlp PURPLE with exit 2 naming tlp", async () => {
    const run = await runs.badTlp;
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /\btlp\b/);
    assert.equal(run.stdout, "");
  });
});
