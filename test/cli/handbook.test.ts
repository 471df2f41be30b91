import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ttt, type Run } from "./run-cli.js";

/**
 * `ttt handbook` on a store with the example assessment (loaded on first start): Markdown to
 * stdout or a file, HTML and PDF with --format and -o, JSON with --json.
 */
describe("ttt handbook", () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-cli-handbook-"));
  const local = (...args: string[]) =>
    ttt(["--data-dir", dir, ...args], { env: { TTT_LOAD_EXAMPLE: "true" } });
  let one: Run;
  let file: Run;
  let unknown: Run;
  let html: Run;
  let pdf: Run;
  let piped: Run;
  let json: Run;
  let bad: Run;

  before(async () => {
    one = await local("handbook", "--workflow", "b");
    [file, unknown] = await Promise.all([
      local("handbook", "-o", join(dir, "handbook.md")),
      local("handbook", "--workflow", "zz"),
    ]);
    [html, pdf] = await Promise.all([
      local("handbook", "--format", "html", "-o", join(dir, "handbook.html")),
      local("handbook", "--workflow", "c", "-f", "pdf", "-o", join(dir, "handbook-c.pdf")),
    ]);
    [piped, json, bad] = await Promise.all([
      local("handbook", "--workflow", "b", "--format", "pdf"),
      local("--json", "handbook", "--workflow", "b"),
      local("handbook", "--format", "docx"),
    ]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("prints one workflow's page: hops with their ban marks, traceability, rows, playbook", () => {
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /^## Workflow b: FTS, exchanged and refreshed tokens$/m);
    assert.match(one.stdout, /^\| dcache \| .* \| ~ \| ~ \|/m);
    assert.match(one.stdout, /\*\*Traceability:\*\* 3 of 6 hops trace the token by jti/);
    assert.match(one.stdout, /^### Playbook$/m);
    assert.match(one.stdout, /ttt trace jti --iss <iss> --jti <jti> --with-derived/);
    assert.doesNotMatch(one.stdout, /## Workflow a:/);
  });

  it("-o FILE writes every workflow's page", () => {
    assert.equal(file.code, 0, file.stderr);
    assert.match(file.stderr, /^wrote 6 workflow pages to /);
    const md = readFileSync(join(dir, "handbook.md"), "utf8");
    assert.equal(md.match(/^## Workflow /gm)?.length, 6);
  });

  it("--format html -o FILE writes a standalone HTML document of every workflow", () => {
    assert.equal(html.code, 0, html.stderr);
    assert.match(html.stderr, /^wrote 6 workflow pages to .*handbook\.html \(\d+ bytes, html\)$/m);
    const doc = readFileSync(join(dir, "handbook.html"), "utf8");
    assert.match(doc, /^<!doctype html>/);
    assert.equal(doc.match(/<section id="workflow-/g)?.length, 6);
    assert.match(doc, /<span class="badge badge-jti">traceable by jti<\/span>/);
  });

  it("--format pdf -o FILE writes a PDF; without -o it goes to a pipe (never to a terminal)", () => {
    assert.equal(pdf.code, 0, pdf.stderr);
    assert.match(pdf.stderr, /^wrote 1 workflow pages to .*handbook-c\.pdf \(\d+ bytes, pdf\)$/m);
    const bytes = readFileSync(join(dir, "handbook-c.pdf"));
    assert.equal(bytes.subarray(0, 5).toString("latin1"), "%PDF-");
    // the test's stdout is a pipe, not a terminal: the bytes are written there
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(piped.bytes.subarray(0, 5).toString("latin1"), "%PDF-");
  });

  it("--json is the handbook as JSON; an unknown format is a usage error", () => {
    assert.equal(json.code, 0, json.stderr);
    const h = JSON.parse(json.stdout) as { pages: { workflow: { id: string } }[] };
    assert.deepEqual(
      h.pages.map((p) => p.workflow.id),
      ["b"],
    );
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /docx/);
  });

  it("an unknown workflow is an error naming it", () => {
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /workflow 'zz' does not exist/);
  });
});
