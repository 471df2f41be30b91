import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ttt, type Run } from "./run-cli.js";

/** `ttt handbook` on a store with the example assessment (loaded on first start). */
describe("ttt handbook", () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-cli-handbook-"));
  const local = (...args: string[]) =>
    ttt(["--data-dir", dir, ...args], { env: { TTT_LOAD_EXAMPLE: "true" } });
  let one: Run;
  let file: Run;
  let unknown: Run;

  before(async () => {
    one = await local("handbook", "--workflow", "b");
    [file, unknown] = await Promise.all([
      local("handbook", "-o", join(dir, "handbook.md")),
      local("handbook", "--workflow", "zz"),
    ]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("prints one workflow's page: hops with their ban marks, traceability, rows, playbook", () => {
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /^## Workflow b: FTS, exchanged and refreshed tokens$/m);
    assert.match(one.stdout, /^\| dcache \| .* \| ✓ \| ✓ \|/m);
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

  it("an unknown workflow is an error naming it", () => {
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /workflow 'zz' does not exist/);
  });
});
