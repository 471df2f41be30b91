import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ENFORCEABILITY } from "../bans/index.js";
import type { RowView } from "../risk/index.js";
import type { WorkflowDescriptor } from "../tokens/index.js";
import { buildHandbook, type RowLike, type WorkflowInputLike } from "./handbook.build.js";
import type { HandbookPage } from "./handbook.model.js";

/**
 * The handbook over workflows worded like the example catalogue's (src/risk/index.ts does not
 * export EXAMPLE_WORKFLOWS, so the text fields are copied here): the hops each kind of holder
 * crosses, the traceability they add up to, the enforceability copied from the bans' table, the
 * rows sorted by score, and a playbook that names the hops where each ban and trace applies.
 */

// The handbook reads the risk domain's RowView and the token domain's descriptor as they are.
const rowViewFits: RowView extends RowLike ? true : false = true;
const descriptorFits: WorkflowDescriptor extends WorkflowInputLike ? true : false = true;

const NOT_STATED = "not stated";
/** A workflow with the example catalogue's four text fields (lifetime, scope, renewal, holder). */
const wf = (
  id: string,
  name: string,
  [lifetime, scopeBreadth, refreshExchange, holder]: [string, string, string, string],
  more: Partial<WorkflowInputLike> = {},
): WorkflowInputLike => ({
  id,
  name,
  description: `${name}.`,
  lifetime,
  scopeBreadth,
  refreshExchange,
  holder,
  ...more,
});

const WORKFLOWS: WorkflowInputLike[] = [
  wf("b", "FTS, exchanged and refreshed tokens", [
    "short-lived, refreshed",
    "broad: storage.modify is currently needed",
    "token exchange; refreshed by a privileged client",
    "FTS (privileged client)",
  ]),
  wf("c", "Grid jobs with long-lived tokens", ["long-lived", NOT_STATED, NOT_STATED, "grid job"]),
  wf("e", "User data management", [NOT_STATED, NOT_STATED, NOT_STATED, "user"]),
  wf("f", "User job submission", [NOT_STATED, NOT_STATED, NOT_STATED, "user"]),
  wf("z", "Retired workflow", ["short-lived", "narrow", "none", "service"], { retired: true }),
];

/** A row of workflow `w` (null: generic), scored [likelihood, impact, level] or not. */
const row = (
  id: string,
  title: string,
  w: string | null,
  scored: [number, number, string] | null,
  more: Partial<RowLike> = {},
): RowLike => ({
  id,
  threat: { title },
  variant: null,
  workflow: w === null ? null : { id: w },
  status: "active",
  score:
    scored === null
      ? null
      : {
          level: scored[2].toLowerCase(),
          levelLabel: scored[2],
          likelihood: scored[0],
          impact: scored[1],
        },
  ...more,
});

const ROWS: RowLike[] = [
  row("5b", "Misuse", "b", null),
  row("4b", "Token theft | leak", "b", [2, 4, "Medium"]),
  row("4b-x", "Token theft", "b", [4, 4, "High"], { variant: "power" }),
  row("4b-old", "Token theft", "b", [5, 5, "Critical"], { status: "retired" }),
  row("4c", "Token theft", "c", [1, 1, "Low"]),
  row("TR-1", "AAI unavailable", null, [3, 3, "Medium"]),
];

const ASSESSMENT = { id: "wlcg", title: "WLCG tokens", version: "v1.0", state: "released" };
const handbook = buildHandbook({
  assessment: ASSESSMENT,
  note: null,
  workflows: WORKFLOWS,
  rows: ROWS,
});
const pageOf = (id: string): HandbookPage => {
  const p = handbook.pages.find((x) => x.workflow.id === id);
  assert.ok(p, `page ${id}`);
  return p;
};
const components = (p: HandbookPage) => p.hops.map((h) => h.component);

describe("buildHandbook", () => {
  it("keeps the assessment, skips retired workflows, and reads the input types as given", () => {
    assert.ok(rowViewFits && descriptorFits);
    assert.deepEqual(handbook.assessment, ASSESSMENT);
    assert.equal(handbook.note, null);
    assert.deepEqual(
      handbook.pages.map((p) => p.workflow.id),
      ["b", "c", "e", "f"],
    );
    const none = buildHandbook({ assessment: null, note: "no access", workflows: [], rows: [] });
    assert.deepEqual(none, { assessment: null, note: "no access", pages: [] });
  });

  it("gives an FTS workflow IAM, FTS and the storage elements, with the brief's roles", () => {
    const b = pageOf("b");
    assert.deepEqual(components(b), ["iam", "fts", "dcache", "storm", "xrootd", "eos"]);
    assert.equal(
      b.hops[0]?.role,
      "issues the token; exchanges it for FTS and refreshes FTS's copy",
    );
    assert.equal(b.hops[1]?.role, "exchanges, refreshes and presents the token for transfers");
    assert.equal(b.hops[2]?.role, "source or destination of transfers");
    assert.deepEqual(
      b.hops.map((h) => h.traceable),
      ["jti", "jti", "jti", "subject", "subject", "subject"],
    );
    assert.equal(b.workflow.description, "FTS, exchanged and refreshed tokens.");
  });

  it("gives a job workflow IAM, the CEs, the worker node and the storage elements", () => {
    const c = pageOf("c");
    assert.deepEqual(components(c), [
      "iam",
      "condor",
      "arc",
      "worker",
      "dcache",
      "storm",
      "xrootd",
      "eos",
    ]);
    assert.equal(c.hops[1]?.role, "CE: job submission");
    assert.equal(c.hops[3]?.role, "the job runs with the token");
    assert.equal(c.hops[3]?.traceable, "none");
  });

  it("adds the CEs to a user workflow only when it computes", () => {
    assert.deepEqual(components(pageOf("e")), ["iam", "dcache", "storm", "xrootd", "eos"]);
    assert.deepEqual(components(pageOf("f")), [
      "iam",
      "dcache",
      "storm",
      "xrootd",
      "eos",
      "condor",
      "arc",
    ]);
  });

  it("computes the traceability shares and says them in a sentence", () => {
    assert.deepEqual(pageOf("b").traceability, {
      jti: 0.5,
      subject: 0.5,
      none: 0,
      summary: "3 of 6 hops trace the token by jti, 3 by subject only, 0 not at all",
    });
    const c = pageOf("c").traceability;
    assert.deepEqual([c.jti, c.subject, c.none], [0.38, 0.5, 0.13]);
    assert.equal(c.summary, "3 of 8 hops trace the token by jti, 4 by subject only, 1 not at all");
    assert.ok(Math.abs(c.jti + c.subject + c.none - 1) <= 0.011);
  });

  it("copies the enforceability table into each middleware hop, none for IAM and the worker", () => {
    const c = pageOf("c");
    const at = (m: string) => c.hops.find((h) => h.component === m);
    assert.equal(at("dcache")?.bans?.token?.level, "partial");
    assert.equal(at("storm")?.bans?.token?.level, "none");
    assert.deepEqual(at("xrootd")?.bans, ENFORCEABILITY.xrootd);
    assert.deepEqual(at("condor")?.bans, ENFORCEABILITY.condor);
    assert.equal(at("iam")?.bans, null);
    assert.equal(at("worker")?.bans, null);
  });

  it("lists the workflow's active rows, highest likelihood × impact first, unscored last", () => {
    assert.deepEqual(
      pageOf("b").rows.map((r) => [r.id, r.threat, r.variant, r.score?.level ?? null]),
      [
        ["4b-x", "Token theft", "power", "High"],
        ["4b", "Token theft | leak", null, "Medium"],
        ["5b", "Misuse", null, null],
      ],
    );
    assert.deepEqual(pageOf("c").rows[0]?.score, { level: "Low", likelihood: 1, impact: 1 });
    assert.deepEqual(pageOf("e").rows, []);
  });

  it("contains a job workflow's token with a token ban at condor and dCache, an identity ban elsewhere", () => {
    const steps = pageOf("c").playbook;
    assert.deepEqual(
      steps.map((s) => s.n),
      [1, 2, 3, 4, 5, 6],
    );
    const first = steps[0]!;
    const [token, identity] = first.detail.split("Identity ban");
    assert.match(token!, /Token ban \(iss \+ jti\) at: condor \(full\), dcache \(partial\)\./);
    assert.match(identity!, /arc \(full\), storm \(full\), xrootd \(partial\), eos \(partial\)/);
    assert.match(
      first.command ?? "",
      /^ttt ban token --iss <iss> --jti <jti> .*&& ttt ban subject --iss <iss> --sub <sub>/,
    );
    assert.match(steps[1]!.detail, /refresh token's expiry unless the issuer revoked it/);
    assert.match(steps[2]!.detail, /subject only .* at: arc, storm, xrootd, eos\./);
    assert.match(
      steps[2]!.command ?? "",
      /ttt trace sub --iss <iss> --sub <sub> --from <t0> --to <t1>/,
    );
    assert.ok(!steps.some((s) => /refresh tokens/.test(s.action)), "no renewal, no issuer step");
    assert.match(
      steps[3]!.command ?? "",
      /for f in condor arc dcache storm xrootd eos; do ttt bans export --format "\$f"/,
    );
    assert.match(steps[4]!.command ?? "", /^ttt alerts/);
    assert.match(steps[5]!.command ?? "", /^ttt incidents note <incident>/);
  });

  it("has an FTS workflow revoke refresh tokens, drop FTS's copy and trace with --with-derived", () => {
    const steps = pageOf("b").playbook;
    assert.equal(steps.length, 9);
    const [token, identity] = steps[0]!.detail.split("Identity ban");
    assert.match(token!, /at: dcache \(partial\)\./);
    assert.match(identity!, /fts \(partial\), storm \(full\), xrootd \(partial\), eos \(partial\)/);
    assert.match(steps[1]!.action, /revoke the identity's refresh tokens/);
    assert.match(steps[1]!.detail, /suspend the account/);
    assert.match(steps[2]!.detail, /fts-rest-ban .*FTS token table.*--with-derived/);
    assert.match(
      steps.find((s) => /^Trace/.test(s.action))?.command ?? "",
      /ttt trace jti --iss <iss> --jti <jti> --with-derived/,
    );
    const client = steps.find((s) => /client itself leaked/.test(s.action));
    assert.match(client?.command ?? "", /^ttt ban client /);
    assert.match(client?.detail ?? "", /No hop of this workflow can enforce a client ban/);
    assert.ok(steps.every((s) => s.action.length > 0 && s.detail.length > 0));
  });
});
