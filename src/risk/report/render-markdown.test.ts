// The Markdown report of the example assessment, checked two ways: byte for byte against the
// reviewed golden files (UPDATE_GOLDEN=1 rewrites them), and fact by fact, so a regenerated
// golden file with a wrong number still fails here.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  exampleReportData,
  retitleThreat,
  type ExampleLabel,
} from "../../test-support/report-fixture.js";
import { REPORT_SECTIONS } from "./report.sections.js";
import { renderMarkdown } from "./render-markdown.js";

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), "__golden__");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const LABELS: ExampleLabel[] = ["v0.9", "v1.0"];

/** The first differing line, so a failure says where instead of dumping two long documents. */
function firstDifference(actual: string, expected: string): string | undefined {
  const a = actual.split("\n");
  const e = expected.split("\n");
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) {
      return `line ${i + 1}:\n  expected: ${e[i] ?? "<end of file>"}\n  actual:   ${a[i] ?? "<end of file>"}`;
    }
  }
  return undefined;
}

/** Cells of a GFM table line, split on pipes that are not escaped. */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/);
}

/** Every table's lines have as many cells as its header: no pipe or newline broke a row. */
function assertTablesIntact(md: string): void {
  let width: number | undefined;
  for (const [i, line] of md.split("\n").entries()) {
    if (!line.startsWith("|")) {
      width = undefined;
      continue;
    }
    const n = cells(line).length;
    width ??= n;
    assert.equal(n, width, `table line ${i + 1} has ${n} cells, expected ${width}: ${line}`);
  }
}

describe("renderMarkdown golden files", () => {
  for (const label of LABELS) {
    it(`renders the example ${label} as in __golden__/example-${label}.md`, async (t) => {
      const md = renderMarkdown(await exampleReportData(label));
      const file = join(GOLDEN_DIR, `example-${label}.md`);
      if (UPDATE) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(file, md);
        const msg = `UPDATE_GOLDEN=1: rewrote ${file} — review it before committing`;
        t.diagnostic(msg);
        return;
      }
      assert.ok(existsSync(file), `${file} is missing: run the test with UPDATE_GOLDEN=1`);
      const expected = readFileSync(file, "utf8");
      const diff = firstDifference(md, expected);
      assert.equal(
        diff,
        undefined,
        `the report differs from ${file} at ${diff}\n(if intended: UPDATE_GOLDEN=1, then review the file)`,
      );
    });
  }
});

describe("renderMarkdown content", () => {
  const render = async (label: ExampleLabel) => renderMarkdown(await exampleReportData(label));

  it("starts with the cover title and has every section heading, in order", async () => {
    const data = await exampleReportData("v1.0");
    const md = renderMarkdown(data);
    assert.ok(md.startsWith(`# ${data.assessment.title}\n`));
    assert.equal(md.match(/^# /gm)?.length, 1, "one h1");
    const h2 = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(
      h2,
      REPORT_SECTIONS.filter((s) => s.id !== "cover").map((s) => s.title),
    );
    assert.ok(md.endsWith(".*\n") && !md.endsWith("\n\n"), "ends with one newline");
  });

  it("says on the cover that the example is illustrative, and states version and state", async () => {
    const md = await render("v1.0");
    const cover = md.slice(0, md.indexOf("## Executive summary"));
    assert.match(cover, /\*\*Illustrative example data, not the group's results\.\*\*/);
    assert.match(cover, /\*\*Version:\*\* v1\.0, started from v0\.9/);
    assert.match(cover, /\*\*State:\*\* draft/);
    assert.match(cover, /\*\*Date:\*\* 2026-11-25/);
    assert.match(cover, /\*\*Methodology:\*\* TTT working group 5×5/);
    const data = await exampleReportData("v1.0");
    data.assessment.illustrative = false;
    assert.doesNotMatch(renderMarkdown(data), /Illustrative example data/);
  });

  it("gives the counts per level in one line", async () => {
    assert.match(
      await render("v0.9"),
      /^\*\*Counts per level:\*\* Low 1 · Medium 14 · High 6 · Extreme 0$/m,
    );
    const md = await render("v1.0");
    assert.match(md, /^\*\*Counts per level:\*\* Low 1 · Medium 15 · High 7 · Extreme 0$/m);
    assert.match(md, /^23 active rows, all scored; 7 at High or above\.$/m);
  });

  it("lists the rows of most concern and both spotlights", async () => {
    const md = await render("v1.0");
    const section = (from: string, to: string) => md.slice(md.indexOf(from), md.indexOf(to));
    const ids = (s: string) => [...s.matchAll(/^\| \*\*([^*]+)\*\* \|/gm)].map((m) => m[1]);
    assert.deepEqual(ids(section("### Rows of most concern", "### Spotlight: high impact")), [
      "4b",
      "4c",
      "4e-power",
      "4f-power",
      "5c",
      "5e",
      "TR-7",
    ]);
    assert.deepEqual(ids(section("### Spotlight: high impact", "### Spotlight: high likelihood")), [
      "TR-3",
      "4d",
      "5b",
      "TR-10",
    ]);
    assert.deepEqual(ids(section("### Spotlight: high likelihood", "### What changed")), ["TR-7"]);
  });

  it("records how many 1s and 5s were cast and how many survived", async () => {
    const v09 = await render("v0.9");
    assert.match(v09, /^\| Votes cast in the 22 revealed rounds of v0\.9 \| 7 \| 1 \| 1 \| 4 \|$/m);
    assert.match(v09, /^\| Current scores \(21 scored rows\) \| 0 \| 0 \| 0 \| 0 \|$/m);
    assert.ok(
      v09.includes(
        "13 votes were cast at 1 or 5 in the 22 revealed rounds of v0.9 (likelihood: 7 at 1, " +
          "1 at 5; impact: 1 at 1, 4 at 5); no current score of the 21 scored rows has a 1 or a 5.",
      ),
    );
    const v10 = await render("v1.0");
    assert.match(v10, /^\| Votes cast in the 6 revealed rounds of v1\.0 \| 0 \| 0 \| 0 \| 1 \|$/m);
    assert.match(
      v10,
      /The votes behind the 18 scores carried from v0\.9 are counted in its report\./,
    );
  });

  it("records the split rounds and those settled high, naming the rows", async () => {
    const v09 = await render("v0.9");
    assert.match(v09, /16 of 22 revealed rounds were split /);
    assert.match(v09, /3 current scores \(TR-1, 4d, TR-11\) were settled high from a split round/);
    const v10 = await render("v1.0");
    assert.match(v10, /1 of 6 revealed rounds was split /);
    assert.match(v10, /0 current scores were settled high from a split round/);
  });

  it("lists what changed since v0.9, splits and moved scores included", async () => {
    const md = await render("v1.0");
    assert.match(md, /^### What changed since v0\.9$/m);
    assert.match(
      md,
      /^- \*\*Rows split:\*\* 4e → 4e-ordinary, 4e-power; 4f → 4f-ordinary, 4f-power$/m,
    );
    for (const kind of ["merged", "added", "removed", "edited"]) {
      assert.match(md, new RegExp(`^- \\*\\*Rows ${kind}:\\*\\* none$`, "m"));
    }
    assert.match(
      md,
      /^- \*\*Threats:\*\* edited TR-1 \(planned mitigations\), TR-4 \(notes\), TR-5 \(notes\)$/m,
    );
    assert.match(
      md,
      /^- \*\*Mitigation items:\*\* added M-10; edited M-4 \(status: planned → in-progress\), M-9 \(rows\)$/m,
    );
    assert.match(md, /^\| \*\*TR-1\*\* \| L3 I4 High \| L3 I3 Medium \|$/m);
    assert.match(md, /^\| \*\*4e-power\*\* \| not scored \| L3 I4 High \|$/m);
    assert.match(md, /^Retired: 4e — User data management, replaced by 4e-ordinary, 4e-power; /m);
    assert.match(
      await render("v0.9"),
      /v0\.9 is the first version: there is nothing to compare with\./,
    );
  });

  it("shows a row's rounds and settlement, and never the votes of an open round", async () => {
    const data = await exampleReportData("v1.0");
    const row = required(data.rows.find((r) => r.id === "4e-power"));
    const first = required(row.rounds[0]);
    const vote = required(first.votes[0]);
    // A third round, still open, with a vote that must stay secret even if one reached the data.
    row.rounds.push({
      ...first,
      number: 3,
      state: "open",
      revealedAt: null,
      stats: null,
      votes: [{ ...vote, voter: "secret-voter", note: "SECRET-NOTE" }],
    });
    const md = renderMarkdown(data);
    const entry = md.slice(md.indexOf("#### 4e-power"), md.indexOf("#### 4f-ordinary"));
    assert.match(entry, /^- \*\*Score:\*\* L3 I4 High$/m);
    assert.match(
      entry,
      /^- \*\*Settled:\*\* highest-mode rule; raw L3 I4; by wg-facilitator on 2026-03-02$/m,
    );
    assert.match(entry, /\*\*Round 1\*\* — .*6 votes/);
    assert.match(entry, /\*\*Round 2\*\* — .*6 votes/);
    assert.match(
      entry,
      /^\| iam-developer \| 3 \| 4 \| A stolen power-user token can do more\. \|$/m,
    );
    assert.match(
      entry,
      /^Round 3 — opened by wg-facilitator on 2026-03-02, still open: its votes stay secret/m,
    );
    assert.doesNotMatch(md, /secret-voter|SECRET-NOTE/);
  });

  it("escapes pipes, newlines and markup in table cells and text", async () => {
    const data = await exampleReportData("v1.0");
    const title = "Pipes | and\nnewlines *not* <b>bold</b>";
    retitleThreat(data, "TR-4", title);
    const md = renderMarkdown(data);
    assertTablesIntact(md);
    assert.ok(md.includes("Pipes \\| and<br>newlines \\*not\\* \\<b\\>bold\\</b\\>"));
    assert.doesNotMatch(md, /<b>bold<\/b>/);
  });

  it("is deterministic", async () => {
    const data = await exampleReportData("v0.9");
    assert.equal(renderMarkdown(data), renderMarkdown(structuredClone(data)));
    assertTablesIntact(renderMarkdown(data));
  });
});

function required<T>(x: T | undefined): T {
  assert.ok(x !== undefined);
  return x;
}
