// `ttt feed rotate-key` on a local store: each rotation makes a new current key in the data
// folder's feed-keys (files 0600) and keeps the previous ones published.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CLI_SUITE_TIMEOUT, ttt } from "./run-cli.js";

describe("ttt feed rotate-key", { timeout: CLI_SUITE_TIMEOUT }, () => {
  it("rotates the signing key and keeps the previous ones published", async () => {
    const data = join(mkdtempSync(join(tmpdir(), "ttt-feed-cli-")), "data");
    const first = await ttt(["--data-dir", data, "--json", "feed", "rotate-key"]);
    assert.equal(first.code, 0, first.stderr);
    const a = JSON.parse(first.stdout) as { kid: string; published: string[] };
    assert.equal(a.published.length, 2, "the first key, made on first use, and the new one");
    const second = await ttt(["--data-dir", data, "--json", "feed", "rotate-key"]);
    const b = JSON.parse(second.stdout) as { kid: string; published: string[] };
    assert.notEqual(b.kid, a.kid);
    assert.ok(b.published.includes(a.kid) && b.published.length === 3);
    const files = readdirSync(join(data, "feed-keys"));
    assert.equal(files.length, 3);
    for (const f of files) assert.equal(statSync(join(data, "feed-keys", f)).mode & 0o777, 0o600);
    const viewer = await ttt(["--data-dir", data, "--as", "nobody", "feed", "rotate-key"]);
    assert.notEqual(viewer.code, 0);
  });
});
