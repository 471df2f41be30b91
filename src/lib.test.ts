// The library entry: a decision point in-process on a store a server or CLI also writes, and the
// package's own name resolving to it (package.json "exports").
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createContext, type AppContext } from "./app/context.js";
import { PasswordHasher, TEST_SCRYPT_COST } from "./accounts/index.js";
import { openStore } from "./store/index.js";
import { makeIssuer, sign } from "./test-support/token-factory.js";
import { openDecisionPoint, type EmbeddedDecisionPoint } from "./lib.js";

const ISS = "https://iam.example.org/";

describe("openDecisionPoint", () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-lib-"));
  let point: EmbeddedDecisionPoint;
  let cli: AppContext; // another connection to the same file, as `ttt ban` would be
  before(async () => {
    cli = createContext({
      store: await openStore({ dataDir: dir }),
      hasher: new PasswordHasher(TEST_SCRYPT_COST),
    });
    await cli.accounts.ensureAdmin("admin-password-1");
    point = await openDecisionPoint({ dataDir: dir });
  });
  after(async () => {
    await point.close();
    await cli.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("decides on claims, and follows a ban made by another process on the store", async () => {
    const claims = { iss: ISS, sub: "mallory", jti: "j-lib-1" };
    const before = await point.decide({ claims });
    assert.equal(before.decision, "allow");
    assert.deepEqual(before.subject, { iss: ISS, sub: "mallory", jti: "j-lib-1" });
    await cli.bans.create(await cli.accounts.localActor("admin"), {
      kind: "identity",
      iss: ISS,
      sub: "mallory",
      reason: "stolen laptop",
    });
    let answer = before;
    for (let i = 0; i < 100 && answer.decision === "allow"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      answer = await point.decide({ claims });
    }
    assert.equal(answer.decision, "deny", "the ban reached the embedded index");
    assert.match(
      answer.reason,
      /subject mallory of issuer https:\/\/iam\.example\.org\/ is banned/,
    );
  });

  it("verifies a token first: an untrusted issuer's token is denied with the reason", async () => {
    const other = "https://elsewhere.example.org/";
    const token = await sign(await makeIssuer("ES256", "k1", other), {
      iss: other,
      sub: "alice",
      jti: "j-untrusted",
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    const r = await point.decide({ token });
    assert.equal(r.decision, "deny");
    assert.equal(r.verification?.ok === false && r.verification.code, "unknown_issuer");
    assert.deepEqual(r.subject.jti, "j-untrusted");
  });

  it("refuses to open without a store: an empty one would allow everything", async () => {
    await assert.rejects(openDecisionPoint({}), /give dataDir or databaseUrl/);
    const empty = mkdtempSync(join(tmpdir(), "ttt-lib-empty-"));
    await assert.rejects(openDecisionPoint({ dataDir: empty }), /no TTT store in/);
    rmSync(empty, { recursive: true, force: true });
  });

  it("is what the package's own name resolves to (the build: npm ci makes it)", async () => {
    assert.match(import.meta.resolve("ttt"), /\/dist\/lib\.js$/);
    const name: string = "ttt"; // not a literal: type-checking must not need dist/ built
    const lib = (await import(name)) as Record<string, unknown>;
    assert.equal(typeof lib["openDecisionPoint"], "function");
    assert.equal(typeof lib["decideClaims"], "function");
  });
});
