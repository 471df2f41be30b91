import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import {
  csvFile,
  GROUP_HEADER,
  WORKFLOWS_SHEET,
  xlsxFile,
} from "../../src/test-support/spreadsheets.js";
import { ttt } from "./run-cli.js";

/** A row in GROUP_HEADER order. */
const row = (
  id: string,
  title: string,
  wf: string | null,
  l: number | string | null,
  i: number | null,
) => [id, title, wf, null, null, null, null, null, l, i, null];

describe("ttt import", () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-import-"));
  const dataDir = join(dir, "store");
  const good = join(dir, "risks.xlsx");
  const bad = join(dir, "bad risks.xlsx");
  const csv = join(dir, "more.csv");
  const run = (...args: string[]) => ttt(["--data-dir", dataDir, ...args]);

  before(async () => {
    writeFileSync(
      good,
      await xlsxFile([
        {
          name: "Risks",
          rows: [
            GROUP_HEADER,
            row("TR-1", "Token service unavailable", null, 2, 3),
            row("TR-4", "Token theft", "a", 3, 4),
          ],
        },
        WORKFLOWS_SHEET,
      ]),
    );
    writeFileSync(
      bad,
      await xlsxFile([
        {
          name: "Risks",
          rows: [
            GROUP_HEADER,
            row("TR-1", "Token service unavailable", null, 2, 3),
            row("TR-4", "Token theft", "a", 7, 4),
          ],
        },
        WORKFLOWS_SHEET,
      ]),
    );
    writeFileSync(
      csv,
      csvFile(
        [
          ["TR", "Title", "L", "I"],
          ["9", "Placeholder", "1", "1"],
        ],
        { delimiter: ";" },
      ),
    );
  });

  it("a refused file lists every problem, exits 2 and imports nothing", async () => {
    const r = await run("import", bad);
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /error \(import_invalid\): bad risks\.xlsx: 1 problem, nothing imported/,
    );
    assert.match(
      r.stderr,
      /sheet Risks, row 3, column Likelihood \(I\): 7 is not on the likelihood scale \(1–5\)/,
    );
    const j = await run("--json", "import", bad);
    assert.equal(j.code, 2);
    const err = JSON.parse(j.stderr).error;
    assert.equal(err.code, "import_invalid");
    assert.deepEqual(err.details, [
      {
        sheet: "Risks",
        row: 3,
        column: "Likelihood (I)",
        message: "7 is not on the likelihood scale (1–5)",
      },
    ]);
    const list = await run("--json", "assessments", "list");
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(JSON.parse(list.stdout), []);
  });

  it("a dry run prints the preview and writes nothing", async () => {
    const r = await run("import", good, "--dry-run", "-a", "wg");
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^dry run — nothing written\. risks\.xlsx \(xlsx\) would go into assessment wg, version v0\.1/,
    );
    assert.match(
      r.stdout,
      /ROW\s+THREAT\s+WORKFLOW\s+L\s+I\nTR-1\s+TR-1\s+-\s+2\s+3\n4a\s+TR-4\s+a\s+3\s+4/,
    );
    const list = await run("--json", "assessments", "list");
    assert.deepEqual(JSON.parse(list.stdout), []);
  });

  it("imports, and with --skip-invalid reports what it left out", async () => {
    const r = await run("--json", "import", good, "-a", "wg", "--title", "Token workflows");
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.applied, true);
    assert.deepEqual(out.target, { kind: "assessment", id: "wg", version: "v0.1" });
    assert.equal(out.counts.rows, 2);
    assert.equal(out.counts.scores, 2);

    const s = await run("import", bad, "--skip-invalid", "-a", "partial");
    assert.equal(s.code, 0, s.stderr);
    assert.match(
      s.stdout,
      /^imported bad risks\.xlsx \(xlsx\) into assessment partial, version v0\.1/,
    );
    assert.match(
      s.stdout,
      /skipped \(1\):\n {2}sheet Risks, row 3, column Likelihood \(I\): 7 is not on/,
    );

    const more = await run("import", csv, "-a", "wg");
    assert.equal(more.code, 0, more.stderr);
    assert.match(more.stdout, /1 threat, 1 row, 1 score/);
    const rows = await run("--json", "rows", "list", "-a", "wg");
    assert.equal(rows.code, 0, rows.stderr);
    assert.deepEqual(
      JSON.parse(rows.stdout).rows.map((x: { id: string }) => x.id),
      ["TR-1", "4a", "TR-9"],
    );
  });

  it("an unreadable or unknown file is bad input", async () => {
    const missing = await run("import", join(dir, "nope.xlsx"));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.xlsx: cannot read \(no such file\)/);
    const format = await run("import", good, "--format", "pdf");
    assert.equal(format.code, 2);
  });
});
