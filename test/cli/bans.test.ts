// `ttt ban …` / `ttt bans …` on a local store: ban a token, list it as JSON, lift it, and the
// refusals (broad ban without --confirm-broad, missing --reason, lifting twice).
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ttt } from "./run-cli.js";

const ISS = "https://iam.example.org/";

describe("ttt ban / ttt bans", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "ttt-bans-"));
  const local = (...args: string[]) => ttt(["--data-dir", join(dir, "data"), ...args]);

  it("bans a token, lists it as JSON, shows and lifts it", async () => {
    const made = await local(
      "--json",
      "ban",
      "token",
      "--iss",
      ISS,
      "--jti",
      "jti-42",
      "--reason",
      "leaked in a ticket",
      "--incident",
      "INC-1",
      "--sites",
      "CERN-PROD,DESY",
    );
    assert.equal(made.code, 0, made.stderr);
    const ban = JSON.parse(made.stdout) as { id: string; kind: string; sites: string[] };
    assert.equal(ban.kind, "token");
    assert.deepEqual(ban.sites, ["CERN-PROD", "DESY"]);

    const list = await local("--json", "bans", "list", "--state", "active");
    assert.equal(list.code, 0, list.stderr);
    const rows = JSON.parse(list.stdout) as { id: string; jti: string; incident: string }[];
    assert.deepEqual(
      rows.map((r) => [r.id, r.jti, r.incident]),
      [[ban.id, "jti-42", "INC-1"]],
    );
    const human = await local("bans", "list");
    assert.match(human.stdout, /active\s+token\s+https:\/\/iam\.example\.org\/ {2}jti jti-42/);

    const shown = await local("bans", "show", ban.id);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /reason: leaked in a ticket/);

    const lifted = await local("bans", "lift", ban.id, "--reason", "rotated");
    assert.equal(lifted.code, 0, lifted.stderr);
    assert.match(lifted.stdout, /^lifted: .*lifted/);
    const again = await local("bans", "lift", ban.id, "--reason", "again");
    assert.equal(again.code, 1);
    assert.match(again.stderr, /ban_lifted/);
    const none = await local("--json", "bans", "list", "--state", "active");
    assert.deepEqual(JSON.parse(none.stdout), []);
  });

  it("needs --confirm-broad for group bans and --reason for every ban", async () => {
    const broad = await local("ban", "group", "--iss", ISS, "--group", "/atlas", "--reason", "r");
    assert.equal(broad.code, 2);
    assert.match(broad.stderr, /confirmBroad.*how many identities it covers is unknown/);
    const ok = await local(
      "ban",
      "group",
      "--iss",
      ISS,
      "--group",
      "/atlas",
      "--reason",
      "r",
      "--confirm-broad",
    );
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /covers: \? known identities \(unknown: no log naming identities/);
    const noReason = await local("ban", "subject", "--iss", ISS, "--sub", "alice");
    assert.equal(noReason.code, 2);
    assert.match(noReason.stderr, /--reason/);
    const before = await local(
      "--json",
      "ban",
      "subject",
      "--iss",
      ISS,
      "--sub",
      "alice",
      "--issued-before",
      "2026-01-01T00:00:00Z",
      "--reason",
      "old tokens leaked",
    );
    assert.equal(before.code, 0, before.stderr);
    assert.equal((JSON.parse(before.stdout) as { kind: string }).kind, "identity-before");
  });
});
