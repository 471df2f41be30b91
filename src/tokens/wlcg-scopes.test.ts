import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatDuration } from "./wlcg-profile.js";
import { parseScopes, pathProblem } from "./wlcg-scopes.js";

describe("parseScopes", () => {
  it("reads the profile's own examples (§2.2.1, §3.4)", () => {
    const parsed = parseScopes(
      "wlcg:1.0 openid storage.read:/protected storage.create:/protected/subdir storage.stage:/tape/subdir compute.create wlcg.groups:/cms/uscms",
    );
    assert.deepEqual(parsed.issues, []);
    assert.deepEqual(parsed.entries, [
      { kind: "other", raw: "wlcg:1.0" },
      { kind: "other", raw: "openid" },
      { kind: "storage", operation: "read", path: "/protected", raw: "storage.read:/protected" },
      {
        kind: "storage",
        operation: "create",
        path: "/protected/subdir",
        raw: "storage.create:/protected/subdir",
      },
      {
        kind: "storage",
        operation: "stage",
        path: "/tape/subdir",
        raw: "storage.stage:/tape/subdir",
      },
      { kind: "compute", operation: "create", path: null, raw: "compute.create" },
      { kind: "other", raw: "wlcg.groups:/cms/uscms" },
    ]);
  });

  it("keeps a trailing slash (a directory) and valid %-escapes", () => {
    const parsed = parseScopes("storage.create:/foo/bar/ storage.read:/a%20b");
    assert.deepEqual(parsed.issues, []);
    assert.deepEqual(
      parsed.entries.map((e) => (e.kind === "other" ? null : e.path)),
      ["/foo/bar/", "/a%20b"],
    );
  });

  it("refuses characters RFC 6749 does not allow in a scope", () => {
    const parsed = parseScopes('storage.read:/é storage.read:/"x"');
    assert.equal(parsed.entries.length, 0);
    assert.deepEqual(
      parsed.issues.map((i) => i.rule),
      ["syntax", "syntax"],
    );
  });

  it("path problems", () => {
    assert.equal(pathProblem("/"), null);
    assert.equal(pathProblem("/a/./b"), "has dot segments (not normalised)");
    assert.equal(pathProblem("/a//b"), "has empty segments (not normalised)");
    assert.equal(pathProblem("/a b"), "has characters that must be URL-escaped");
    assert.equal(pathProblem("a"), "is not absolute");
    assert.equal(pathProblem(""), "is empty");
  });
});

describe("formatDuration", () => {
  it("reads like a responder would say it", () => {
    assert.deepEqual([0, 45, 900, 3600, 5400, 43200, 345600, 90061, -60].map(formatDuration), [
      "0 s",
      "45 s",
      "15 min",
      "1 h",
      "1 h 30 min",
      "12 h",
      "4 d",
      "1 d 1 h 1 min 1 s",
      "-1 min",
    ]);
  });
});
