// `ttt report` on a local store with the example data: all six formats, to a file and to a
// pipe, and the refusals (unknown format, unknown version).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { CLI_SUITE_TIMEOUT, ttt } from "./run-cli.js";

const A = "wlcg-token-workflows";

describe("ttt report", { timeout: CLI_SUITE_TIMEOUT }, () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-report-"));
  const local = (...args: string[]) => ttt(["--data-dir", join(dir, "data"), ...args]);
  before(async () => {
    const demo = await local("demo");
    assert.equal(demo.code, 0, demo.stderr);
  });

  const START = {
    md: /^# WLCG token workflows/,
    html: /^<!doctype html>/i,
    pdf: /^%PDF-1\.\d/,
    xlsx: /^PK/,
    csv: /^\uFEFFref_id;assets;threats;name;/,
    json: /^\{\n {2}"format": "ttt-assessment"/,
  } as const;

  for (const [format, start] of Object.entries(START)) {
    it(`writes the ${format} report of v1.0 to a file`, async () => {
      const out = join(dir, `report.${format}`);
      const r = await local("report", "-a", A, "--version", "v1.0", "--format", format, "-o", out);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`wrote .*report\\.${format} \\(\\d+ bytes, ${format}\\)`));
      const bytes = readFileSync(out);
      const binary = format === "pdf" || format === "xlsx";
      assert.match(bytes.toString(binary ? "latin1" : "utf8"), start);
    });
  }

  it("writes to a pipe without -o, and takes the latest version by default", async () => {
    const r = await local("report", "-a", A, "--format", "md");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /version v1\.0/);
    const pdf = await local("report", "-a", A, "--format", "pdf");
    assert.equal(pdf.code, 0, pdf.stderr);
    assert.equal(pdf.bytes.subarray(0, 5).toString("latin1"), "%PDF-");
  });

  it("refuses an unknown format and an unknown version with exit 2 and 1", async () => {
    const bad = await local("report", "-a", A, "--format", "docx");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /docx/);
    const missing = await local("report", "-a", A, "--version", "v7", "--format", "md");
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /v7/);
  });
});
