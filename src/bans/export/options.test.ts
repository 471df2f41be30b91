// Export options and the export query: validated with precise errors naming the field, and the
// per-format requirements (StoRM storage areas, one XRootD issuer); the enforceability table.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ValidationError } from "../../core/errors.js";
import { GOLDEN_BANS, ISS_A, NOW } from "./golden.fixture.js";
import { parseExportQuery, renderBanFile, unenforceableAt } from "./index.js";

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ValidationError, String(err));
    return err.issues;
  }
  assert.fail("expected a ValidationError");
}

describe("export options", () => {
  it("needs storage areas for storm and an issuer for xrootd", () => {
    const storm = issuesOf(() => renderBanFile("storm", GOLDEN_BANS, { now: NOW }));
    assert.equal(storm[0]?.path, "options.storm.storageAreas");
    assert.match(storm[0]?.message ?? "", /sa\.d/);
    const xrootd = issuesOf(() => renderBanFile("xrootd", GOLDEN_BANS, { now: NOW }));
    assert.equal(xrootd[0]?.path, "issuer");
  });

  it("refuses values that could inject syntax into a config file, naming the field", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ dcache: { ops: { [ISS_A]: "iam op" } } }, `options.dcache.ops.${ISS_A}`],
      [{ dcache: { ops: { "not a url": "iam" } } }, "options.dcache.ops.not a url"],
      [{ xrootd: { noAccessUser: "nobody\nroot" } }, "options.xrootd.noAccessUser"],
      [{ condor: { pluginName: "TTT-1" } }, "options.condor.pluginName"],
      [{ condor: { command: "/usr/bin/ttt; rm -rf /" } }, "options.condor.command"],
      [{ arc: { authgroup: "a]b" } }, "options.arc.authgroup"],
      [{ storm: { storageAreas: ['atlas"'] } }, "options.storm.storageAreas[0]"],
      [{ site: "CERN PROD" }, "options.site"],
      [{ colour: "red" }, "options"],
    ];
    for (const [opts, path] of cases) {
      const issues = issuesOf(() => renderBanFile("json", GOLDEN_BANS, { now: NOW, ...opts }));
      assert.equal(issues[0]?.path, path, JSON.stringify(opts));
    }
  });

  it("refuses an unknown format", () => {
    const issues = issuesOf(() => renderBanFile("argus" as never, GOLDEN_BANS, { now: NOW }));
    assert.equal(issues[0]?.path, "format");
  });

  it("parses the HTTP query: options must be a JSON object, site and issuer merge in", () => {
    const q = parseExportQuery({
      format: "storm",
      site: "CERN-PROD",
      options: JSON.stringify({ storm: { storageAreas: ["atlas"] } }),
    });
    assert.deepEqual(q, {
      format: "storm",
      as: "file",
      options: { storm: { storageAreas: ["atlas"] }, site: "CERN-PROD" },
    });
    for (const options of ["{", "[]", "3", "null"]) {
      const issues = issuesOf(() => parseExportQuery({ format: "json", options }));
      assert.equal(issues[0]?.path, "query.options", options);
    }
    assert.equal(issuesOf(() => parseExportQuery({ format: "nope" }))[0]?.path, "query.format");
  });
});

describe("enforceability", () => {
  it("lists where each kind cannot be enforced; the condor plugin enforces every kind", () => {
    assert.deepEqual(unenforceableAt("token"), ["storm", "arc", "xrootd", "fts", "eos"]);
    assert.deepEqual(unenforceableAt("identity"), []);
    assert.deepEqual(unenforceableAt("identity-before"), [
      "dcache",
      "storm",
      "arc",
      "xrootd",
      "fts",
      "eos",
    ]);
    assert.deepEqual(unenforceableAt("client"), ["dcache", "storm", "arc", "xrootd", "fts", "eos"]);
    assert.deepEqual(unenforceableAt("group"), ["dcache", "fts", "eos"]);
    assert.deepEqual(unenforceableAt("issuer"), ["dcache", "storm", "fts", "eos"]);
  });
});
