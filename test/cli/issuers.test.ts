// `ttt issuers …` on a local store against a real loopback issuer: add online (refreshed at
// once) and offline from a JWKS file, list as JSON and text, show, refresh (exit 1 when a
// refresh fails, keys kept), remove; and the refusals (a private key in the file, bad flags).
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  makeKey,
  startJwksServer,
  type JwksServer,
  type TestKey,
} from "../../src/test-support/jwks-server.js";
import { CLI_SUITE_TIMEOUT, ttt } from "./run-cli.js";

describe("ttt issuers", { timeout: CLI_SUITE_TIMEOUT }, () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-issuers-"));
  const local = (...args: string[]) => ttt(["--data-dir", join(dir, "data"), ...args]);
  let server: JwksServer;
  let rsa: TestKey;
  let ec: TestKey;
  before(async () => {
    rsa = await makeKey("RS256", "rsa-1");
    ec = await makeKey("ES256", "ec-1");
    server = await startJwksServer([rsa.publicJwk]);
  });
  after(() => server.close());

  it("adds an online issuer and fetches its keys at once", async () => {
    const made = await local(
      "--json",
      "issuers",
      "add",
      "--iss",
      server.iss,
      "--jwks-uri",
      server.jwksUrl,
      "--aud",
      "https://storage.example.org, https://ce.example.org",
      "--refresh-hours",
      "1",
      "--refresh",
    );
    assert.equal(made.code, 0, made.stderr);
    const out = JSON.parse(made.stdout) as {
      issuer: { id: string; audiences: string[]; refreshHours: number };
      refresh: { ok: boolean; keys: number };
    };
    assert.deepEqual(out.issuer.audiences, [
      "https://storage.example.org",
      "https://ce.example.org",
    ]);
    assert.equal(out.issuer.refreshHours, 1);
    assert.deepEqual([out.refresh.ok, out.refresh.keys], [true, 1]);
    assert.equal(server.hits.jwks, 1);

    const shown = await local("issuers", "show", out.issuer.id);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /kid: rsa-1/);
    assert.match(shown.stdout, /stale: false/);
  });

  it("adds an offline issuer from a JWKS file, refusing one with a private key", async () => {
    const file = join(dir, "keys.json");
    writeFileSync(file, JSON.stringify({ keys: [ec.publicJwk] }));
    const made = await local(
      "issuers",
      "add",
      "--iss",
      "https://airgap.example.org/",
      "--jwks-file",
      file,
      "--alg",
      "ES256",
    );
    assert.equal(made.code, 0, made.stderr);
    assert.match(
      made.stdout,
      /^trusted: issuer_\w+ {2}offline https:\/\/airgap\.example\.org\/ {2}ec-1 ES256/,
    );

    const secret = join(dir, "secret.json");
    writeFileSync(secret, JSON.stringify({ keys: [ec.privateJwk] }));
    const refused = await local(
      "issuers",
      "add",
      "--iss",
      "https://x.example.org/",
      "--jwks-file",
      secret,
    );
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /key "ec-1" contains private key material \(d\)/);
    const notJson = join(dir, "bad.json");
    writeFileSync(notJson, "nope");
    const bad = await local(
      "issuers",
      "add",
      "--iss",
      "https://x.example.org/",
      "--jwks-file",
      notJson,
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--jwks-file: .* is not JSON/);
    const both = await local(
      "issuers",
      "add",
      "--iss",
      "https://x.example.org/",
      "--jwks-uri",
      "https://x.example.org/k",
      "--jwks-file",
      file,
    );
    assert.equal(both.code, 2);
    assert.match(both.stderr, /cannot be used with/);
    const offlineNoKeys = await local(
      "issuers",
      "add",
      "--iss",
      "https://x.example.org/",
      "--offline",
    );
    assert.equal(offlineNoKeys.code, 2);
    assert.match(offlineNoKeys.stderr, /an offline issuer needs static keys/);
  });

  it("lists, refreshes (exit 1 on failure, keys kept) and removes", async () => {
    const list = await local("--json", "issuers", "list");
    assert.equal(list.code, 0, list.stderr);
    const rows = JSON.parse(list.stdout) as { id: string; iss: string; mode: string }[];
    assert.deepEqual(
      rows.map((r) => [r.iss, r.mode]),
      [
        [server.iss, "online"],
        ["https://airgap.example.org/", "offline"],
      ],
    );
    const human = await local("issuers", "list");
    assert.match(human.stdout, /online +http:\/\/127\.0\.0\.1:\d+\/realm {2}rsa-1 RS256/);

    server.behaviour = "500";
    const failed = await local("issuers", "refresh");
    server.behaviour = "ok";
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stdout, /^FAILED +http:.*answered HTTP 500 \(kept 1 previous keys\)/m);
    assert.match(failed.stdout, /^offline +https:\/\/airgap\.example\.org\/ {2}1 static keys/m);
    const after500 = await local("issuers", "list");
    assert.match(after500.stdout, /rsa-1 RS256 {2}last refresh failed: .*HTTP 500/);

    const ok = await local("--json", "issuers", "refresh", server.iss);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(
      (JSON.parse(ok.stdout) as { ok: boolean }[]).map((r) => r.ok),
      [true],
    );

    const removed = await local("issuers", "remove", server.iss);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /^removed: issuer_\w+ {2}http:/);
    const gone = await local("issuers", "show", server.iss);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /not_found/);
  });
});
