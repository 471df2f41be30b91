import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ValidationError } from "../core/errors.js";
import { loadConfig } from "./config.js";

describe("configuration", () => {
  it("has the documented defaults", () => {
    const c = loadConfig({}, {});
    assert.equal(c.port, 8080);
    assert.equal(c.dataDir, "./ttt-data");
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.loadExample, true);
    assert.equal(c.requireSiteBinding, false);
  });

  it("reads TTT_REQUIRE_SITE_BINDING as a boolean", () => {
    assert.equal(loadConfig({}, { TTT_REQUIRE_SITE_BINDING: "true" }).requireSiteBinding, true);
    assert.throws(
      () => loadConfig({}, { TTT_REQUIRE_SITE_BINDING: "sometimes" }),
      (e: unknown) => e instanceof ValidationError && /TTT_REQUIRE_SITE_BINDING/.test(e.message),
    );
  });

  it("flags beat environment beat file", () => {
    const dir = mkdtempSync(join(tmpdir(), "ttt-config-"));
    const file = join(dir, "ttt.json");
    writeFileSync(file, JSON.stringify({ port: 1000, host: "127.0.0.2", dataDir: "/from-file" }));
    const c = loadConfig({ config: file, port: 3000 }, { TTT_PORT: "2000", TTT_HOST: "127.0.0.3" });
    assert.deepEqual([c.port, c.host, c.dataDir], [3000, "127.0.0.3", "/from-file"]);
  });

  it("names the bad value and where it came from", () => {
    assert.throws(
      () => loadConfig({}, { TTT_PORT: "eighty" }),
      (e: unknown) => e instanceof ValidationError && /TTT_PORT/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ port: 70000 }, {}),
      (e: unknown) => e instanceof ValidationError && /--port/.test(e.message),
    );
    assert.throws(
      () => loadConfig({}, { TTT_DATABASE_URL: "mysql://x" }),
      /TTT_DATABASE_URL: must start with postgres/,
    );
    assert.throws(
      () => loadConfig({}, { TTT_ADMIN_PASSWORD: "short" }),
      /TTT_ADMIN_PASSWORD: must be at least 8/,
    );
    const dir = mkdtempSync(join(tmpdir(), "ttt-config-"));
    writeFileSync(join(dir, "bad.json"), "{ not json");
    assert.throws(() => loadConfig({ config: join(dir, "bad.json") }, {}), /not JSON/);
    writeFileSync(join(dir, "unknown.json"), JSON.stringify({ prot: 1 }));
    assert.throws(() => loadConfig({ config: join(dir, "unknown.json") }, {}), /prot/);
  });
});
