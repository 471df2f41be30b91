// `ttt condor-plugin` through the real CLI: token payloads on stdin against a json ban list, and
// the exit codes HTCondor acts on — 0 accept, 1 decline, 3 banned and 2 error (both reject; the
// plugin fails closed). The token itself never appears in the output.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { BanKey } from "../../src/bans/ban.model.js";
import { renderBanFile } from "../../src/bans/export/index.js";
import { makeBan } from "../../src/test-support/ban-factory.js";
import { CLI_SUITE_TIMEOUT, ttt } from "./run-cli.js";

const ISS = "https://iam.example.org/";
const HOUR = 3_600_000;
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const RAW_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtc3ViIn0.c2lnbmF0dXJlLXNlY3JldA";

const ban = (id: string, key: BanKey, over: Parameters<typeof makeBan>[1] = {}) =>
  makeBan(key, { id, startsAt: iso(now - HOUR), ...over });

const BANS = [
  ban("b_token", { kind: "token", jti: "stolen-jti" }),
  ban("b_alice", { kind: "identity", sub: "alice" }),
  ban("b_before", { kind: "identity-before", sub: "bob", issuedBefore: iso(now - 2 * HOUR) }),
  ban("b_client", { kind: "client", clientId: "evil-client" }),
  ban("b_group", { kind: "group", group: "/atlas/bad" }),
  ban("b_cern", { kind: "identity", sub: "carol" }, { sites: ["CERN-PROD"] }),
  ban("b_expired", { kind: "identity", sub: "dave" }, { expiresAt: iso(now - 60_000) }),
  ban("b_pending", { kind: "identity", sub: "erin" }, { startsAt: iso(now + 24 * HOUR) }),
];

describe("ttt condor-plugin", { timeout: CLI_SUITE_TIMEOUT }, () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-condor-"));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const bansFile = file("bans.json", renderBanFile("json", BANS, { now: new Date(now) }).content);
  const plugin = (claims: unknown, ...args: string[]) =>
    ttt(["condor-plugin", "--bans-file", bansFile, ...args], {
      stdin: typeof claims === "string" ? claims : JSON.stringify(claims),
    });
  const token = (extra: object) => ({
    iss: ISS,
    sub: "clean",
    jti: "j-1",
    iat: now / 1000,
    ...extra,
  });

  it("rejects banned tokens with exit 3, whatever kind of ban matches", async () => {
    const banned: [string, object][] = [
      ["jti", { jti: "stolen-jti" }],
      ["sub", { sub: "alice" }],
      ["iat before the cutoff", { sub: "bob", iat: (now - 3 * HOUR) / 1000 }],
      ["client_id", { client_id: "evil-client" }],
      ["azp", { azp: "evil-client" }],
      ["subgroup", { "wlcg.groups": ["/atlas", "/atlas/bad/sub"] }],
    ];
    for (const [what, claims] of banned) {
      const res = await plugin(token(claims));
      assert.equal(res.code, 3, `${what}: ${res.stderr}`);
      assert.match(res.stderr, /rejecting, banned: /, what);
      assert.equal(res.stdout, "", what);
    }
  });

  it("accepts clean tokens with exit 0, printing --map-to; --decline-clean exits 1", async () => {
    const clean = await plugin(token({}));
    assert.equal(clean.code, 0, clean.stderr);
    assert.equal(clean.stdout, "");
    const mapped = await plugin(token({}), "--map-to", "atlasprd");
    assert.equal(mapped.code, 0, mapped.stderr);
    assert.equal(mapped.stdout, "atlasprd\n");
    assert.equal((await plugin(token({}), "--decline-clean")).code, 1);
    assert.equal((await plugin(token({ sub: "alice" }), "--decline-clean")).code, 3);
    const later = await plugin(token({ sub: "bob", iat: (now - HOUR) / 1000 }));
    assert.equal(later.code, 0, "issued after the cutoff");
    assert.equal((await plugin(token({ sub: "dave" }))).code, 0, "expired ban");
    assert.equal((await plugin(token({ sub: "erin" }))).code, 0, "pending ban");
    assert.equal((await plugin(token({ sub: "alice", iss: "https://other.example/" }))).code, 0);
  });

  it("applies a site-limited ban only at its site", async () => {
    assert.equal((await plugin(token({ sub: "carol" }), "--site", "CERN-PROD")).code, 3);
    assert.equal((await plugin(token({ sub: "carol" }), "--site", "DESY-HH")).code, 0);
    assert.equal((await plugin(token({ sub: "carol" }))).code, 3, "no site: banned anywhere");
  });

  it("fails closed (exit 2) on a payload that is not a JSON object, never echoing it", async () => {
    for (const input of [RAW_TOKEN, "", "[1,2]", "null", "x".repeat(1024 * 1024 + 1)]) {
      const res = await plugin(input);
      assert.equal(res.code, 2, `${input.slice(0, 20)}: ${res.stderr}`);
      assert.match(res.stderr, /rejecting \(fail closed\)/);
      assert.ok(!res.stderr.includes("eyJ") && !res.stdout.includes("eyJ"), "token echoed");
    }
  });

  it("fails closed (exit 2) on a missing, invalid, stale or other-site ban list", async () => {
    const stdin = JSON.stringify(token({}));
    const run = (path: string, ...args: string[]) =>
      ttt(["condor-plugin", "--bans-file", path, ...args], { stdin });
    const lists = [
      join(dir, "missing.json"),
      file("garbage.json", "{ not json"),
      file("wrong.json", JSON.stringify({ format: "other", version: 1, bans: [] })),
      file(
        "badban.json",
        JSON.stringify({
          format: "ttt-bans",
          version: 1,
          generatedAt: iso(now),
          bans: [{ id: "x", kind: "token", iss: ISS }],
        }),
      ),
    ];
    for (const path of lists) {
      const res = await run(path);
      assert.equal(res.code, 2, `${path}: ${res.stderr}`);
      assert.match(res.stderr, /ban list .* is unusable/);
    }
    const old = file(
      "old.json",
      renderBanFile("json", BANS, { now: new Date(now - 48 * HOUR) }).content,
    );
    assert.equal((await run(old)).code, 0, "no --max-age: an old list still counts");
    const stale = await run(old, "--max-age", "24");
    assert.equal(stale.code, 2);
    assert.match(stale.stderr, /more than --max-age 24/);
    const cern = file(
      "cern.json",
      renderBanFile("json", BANS, { now: new Date(now), site: "CERN-PROD" }).content,
    );
    assert.equal((await run(cern, "--site", "DESY-HH")).code, 2);
    assert.equal((await run(cern)).code, 0, "the list's own site is used");
    const usage = await ttt(["condor-plugin"], { stdin });
    assert.equal(usage.code, 2, "no --bans-file: rejected, not declined");
  });
});
