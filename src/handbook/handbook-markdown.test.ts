import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildHandbook } from "./handbook.build.js";
import { cell, renderHandbookMarkdown } from "./handbook-markdown.js";

/**
 * The Markdown handbook: a title naming the assessment (or the note), and per workflow the
 * properties, the hops table with one ✓/~/✗/– column per ban kind, the legend, the risk rows with
 * escaped cells, and the numbered playbook with its commands in code spans.
 */

const FTS = {
  id: "b",
  name: "FTS, exchanged and refreshed tokens",
  description: "Transfers run by FTS.\nIt refreshes them.",
  lifetime: "short-lived, refreshed",
  scopeBreadth: "broad: storage.modify | more",
  refreshExchange: "token exchange",
  holder: "FTS (privileged client)",
};
const JOBS = {
  id: "c",
  name: "Grid jobs with long-lived tokens",
  lifetime: "long-lived",
  scopeBreadth: "not stated",
  refreshExchange: "not stated",
  holder: "grid job",
};
const ROW = {
  id: "4b",
  threat: { title: "Token theft | leak" },
  variant: "power users",
  workflow: { id: "b" },
  status: "active",
  score: { level: "high", levelLabel: "High", likelihood: 4, impact: 3 },
};

const md = renderHandbookMarkdown(
  buildHandbook({
    assessment: { id: "wlcg", title: "WLCG tokens", version: "v1.0", state: "released" },
    note: null,
    workflows: [FTS, JOBS],
    rows: [ROW],
  }),
);
const lines = md.split("\n");

describe("renderHandbookMarkdown", () => {
  it("titles the handbook with the assessment, or says the note when there is none", () => {
    assert.equal(lines[0], "# Workflow handbook: WLCG tokens");
    assert.equal(lines[2], "Assessment wlcg, version v1.0 (released).");
    const none = renderHandbookMarkdown(
      buildHandbook({ assessment: null, note: "cannot read assessments", workflows: [], rows: [] }),
    );
    assert.equal(none, "# Workflow handbook\n\ncannot read assessments\n\nNo workflows.\n");
  });

  it("has one section per workflow with its properties, pipes escaped", () => {
    assert.ok(lines.includes("## Workflow b: FTS, exchanged and refreshed tokens"));
    assert.ok(lines.includes("## Workflow c: Grid jobs with long-lived tokens"));
    assert.ok(lines.includes("Transfers run by FTS. It refreshes them."));
    assert.ok(lines.includes("| scope breadth | broad: storage.modify \\| more |"));
    assert.ok(
      lines.includes(
        "| issuer | iam: issues the token; exchanges it for FTS and refreshes FTS's copy |",
      ),
    );
  });

  it("renders the hops table with a column per ban kind and ✓/~/✗/– marks", () => {
    const header =
      "| component | role | traceable | logs | token | identity | identity-before | client | group | issuer |";
    assert.equal(lines.filter((l) => l === header).length, 2);
    const row = (c: string) => lines.find((l) => l.startsWith(`| ${c} |`)) ?? "";
    assert.match(row("dcache"), /\| ~ \| ~ \| ✗ \| ✗ \| ✗ \| ✗ \|$/);
    assert.match(row("storm"), /\| ✗ \| ✓ \| ✗ \| ✗ \| ~ \| ✗ \|$/);
    assert.match(row("iam"), /\| – \| – \| – \| – \| – \| – \|$/);
    assert.match(row("worker"), /\| none \| nothing TTT reads/);
    assert.match(row("dcache"), /\| jti: user\.jti \(&lt;jti>@&lt;op>\) in the access log \|/);
    assert.ok(
      md.includes("✓ enforced (full), ~ enforced with a caveat (partial), ✗ not enforceable"),
    );
  });

  it("states the traceability and lists the risk rows with an escaped threat title", () => {
    assert.ok(
      lines.includes(
        "**Traceability:** 3 of 6 hops trace the token by jti, 3 by subject only, 0 not at all (jti 50%, subject only 50%, none 0%).",
      ),
    );
    assert.ok(lines.includes("| threat | variant | level | L | I |"));
    assert.ok(lines.includes("| Token theft \\| leak | power users | High | 4 | 3 |"));
    assert.ok(lines.includes("No active risk rows for this workflow."));
  });

  it("numbers the playbook and puts each command in its own code span", () => {
    const first = lines.findIndex((l) => l.startsWith("1. **Contain at the sites"));
    assert.ok(first > 0);
    assert.match(
      lines[first + 1] ?? "",
      /^ {3}`ttt ban token --iss <iss> .*`, then `ttt ban subject /,
    );
    assert.ok(lines.some((l) => l.startsWith("9. **Record everything in the incident.** ")));
    assert.ok(
      md.includes("`ttt trace jti --iss <iss> --jti <jti> --with-derived --incident <incident>`"),
    );
  });

  it("escapes table cells: pipes, backslashes, line breaks and HTML-like text", () => {
    assert.equal(cell("a|b\\c\nd<e>"), "a\\|b\\\\c<br>d&lt;e>");
    assert.equal(cell("keep `<code>` as is"), "keep `<code>` as is");
  });
});
