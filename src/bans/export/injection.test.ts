// Keys that could inject syntax into a middleware's configuration: refused (left out of the file
// and reported) where the format cannot hold them, escaped where it can, and never able to add a
// rule — checked by parsing the YAML and JSON back and by running the FTS script against a stub.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse as parseYaml } from "yaml";
import { makeBan } from "../../test-support/ban-factory.js";
import type { BanKey } from "../ban.model.js";
import { renderBanFile, type ExportFormat } from "./index.js";

const NOW = new Date("2026-03-01T09:00:00.000Z");
const OPTS = { storm: { storageAreas: ["atlas"] }, issuer: "https://iam.example.org/" };

function render(format: ExportFormat, key: BanKey, over: Parameters<typeof makeBan>[1] = {}) {
  const ban = makeBan(key, { id: "ban_x", ...over });
  const opts = format === "xrootd" || over.iss === undefined ? OPTS : { ...OPTS, issuer: over.iss };
  return renderBanFile(format, [ban], { now: NOW, ...opts });
}

const NEWLINE_SUB = "evil\nban oidc:root@iam";
const QUOTED_SUB = `o'brien "x" # y: z`;

describe("ban files: values that could inject syntax", () => {
  it("leaves a key with a line break out of every line-based format, and reports why", () => {
    for (const format of ["dcache", "storm", "arc", "fts", "xrootd"] as const) {
      const r = render(format, { kind: "identity", sub: NEWLINE_SUB });
      assert.deepEqual(r.covered, [], format);
      assert.equal(r.unenforceable.length, 1, format);
      assert.match(r.unenforceable[0]?.reason ?? "", /^left out: /, format);
      assert.ok(!r.content.includes("root@iam"), `${format} must not mention the key at all`);
      assert.ok(!r.content.includes("ban_x"), `${format}: a refused key leaves no comment either`);
    }
  });

  it("keeps the json list exact: any key round-trips byte for byte", () => {
    for (const sub of [NEWLINE_SUB, QUOTED_SUB, "jörg", "\ud800lone"]) {
      const r = render("json", { kind: "identity", sub });
      const file = JSON.parse(r.content) as { bans: { sub: string }[] };
      assert.equal(file.bans[0]?.sub, sub);
    }
  });

  it("dcache and arc refuse white space, quotes, wildcards and non-ASCII", () => {
    for (const sub of [QUOTED_SUB, "a b", "jörg"]) {
      assert.deepEqual(render("dcache", { kind: "identity", sub }).covered, [], sub);
      assert.deepEqual(render("arc", { kind: "identity", sub }).covered, [], sub);
    }
    assert.deepEqual(render("arc", { kind: "group", group: "/atlas/*" }).covered, []);
    assert.deepEqual(render("arc", { kind: "identity", sub: "*" }).covered, []);
    assert.deepEqual(render("dcache", { kind: "token", jti: "x".repeat(256) }).covered, []);
    assert.deepEqual(render("dcache", { kind: "token", jti: "x".repeat(255) }).covered, ["ban_x"]);
  });

  it("storm quotes what YAML can hold: the parsed file has exactly one policy with the key", () => {
    for (const sub of [QUOTED_SUB, "jörg", "- sa: other", "{a: b}"]) {
      const r = render("storm", { kind: "identity", sub });
      const doc = parseYaml(r.content) as {
        storm: { authz: { policies: { sa: string; principals: { params: { sub: string } }[] }[] } };
      };
      const policies = doc.storm.authz.policies;
      assert.equal(policies.length, 1, sub);
      assert.equal(policies[0]?.principals[0]?.params.sub, sub);
    }
  });

  it("xrootd writes keys as JSON strings and refuses broken surrogates", () => {
    const ok = render("xrootd", { kind: "identity", sub: QUOTED_SUB });
    const rules = JSON.parse(ok.content) as { sub?: string }[];
    assert.equal(rules.filter((r) => r.sub !== undefined)[0]?.sub, QUOTED_SUB);
    assert.deepEqual(render("xrootd", { kind: "identity", sub: "\ud800lone" }).covered, []);
  });

  it("fts quotes the sub for the shell: a stub fts-rest-ban receives it unchanged", () => {
    const sub = `${QUOTED_SUB} $(touch pwned) \`id\` \\`;
    const r = render("fts", { kind: "identity", sub });
    assert.deepEqual(r.covered, ["ban_x"]);
    const dir = mkdtempSync(join(tmpdir(), "ttt-fts-"));
    const stub = join(dir, "fts-rest-ban");
    writeFileSync(stub, '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n');
    chmodSync(stub, 0o755);
    const script = join(dir, "bans.sh");
    writeFileSync(script, r.content);
    const out = execFileSync("sh", [script], {
      cwd: dir,
      env: { PATH: `${dir}:/usr/bin:/bin`, FTS_ENDPOINT: "https://fts.example.org:8446" },
      encoding: "utf8",
    });
    assert.deepEqual(out.split("\n").slice(0, 3), [
      "-s",
      "https://fts.example.org:8446",
      `--user=${sub}`,
    ]);
  });

  it("condor and arc refuse an issuer with white space; comments escape line breaks", () => {
    const iss = "https://iam.example.org/a b/";
    assert.deepEqual(render("condor", { kind: "identity", sub: "s" }, { iss }).covered, []);
    assert.deepEqual(render("arc", { kind: "identity", sub: "s" }, { iss }).covered, []);
    const reason = "line one\u2028ban oidc:root@iam\nban jti:x@iam";
    for (const format of ["dcache", "condor", "arc", "storm", "fts"] as const) {
      const r = render(format, { kind: "identity", sub: "alice" }, { reason });
      assert.ok(!/^ban (oidc|jti):(root|x)@/m.test(r.content), format);
      assert.ok(!r.content.includes("\u2028"), format);
    }
  });
});
