// `ttt ban …` / `ttt bans …` on a local store: ban a token, list it as JSON, lift it, and the
// refusals (broad ban without --confirm-broad, missing --reason, lifting twice), issuer and
// client bans with their time flags.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CLI_SUITE_TIMEOUT, ttt } from "./run-cli.js";

const ISS = "https://iam.example.org/";

describe("ttt ban / ttt bans", { timeout: CLI_SUITE_TIMEOUT }, () => {
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
    const history = await local("bans", "show", ban.id);
    assert.match(
      history.stdout,
      /history:\n {2}- at: \S+\n {4}actor: admin\n {4}action: ban\.create\n {4}reason: leaked in a ticket\n {2}- at: \S+\n {4}actor: admin\n {4}action: ban\.lift\n {4}reason: rotated/,
    );
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

  it("bans an issuer and a client, with --starts, --expires and --expires never", async () => {
    const OTHER = "https://retired-iam.example.org/";
    const refused = await local("ban", "issuer", "--iss", OTHER, "--reason", "key leaked");
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /confirmBroad/);
    const issuer = await local(
      "--json",
      "ban",
      "issuer",
      "--iss",
      OTHER,
      "--reason",
      "key leaked",
      "--confirm-broad",
      "--starts",
      "2030-01-01T00:00:00Z",
      "--expires",
      "2030-02-01T00:00:00Z",
    );
    assert.equal(issuer.code, 0, issuer.stderr);
    const i = JSON.parse(issuer.stdout) as Record<string, unknown>;
    assert.equal(i.kind, "issuer");
    assert.equal(i.iss, OTHER);
    assert.equal(i.startsAt, "2030-01-01T00:00:00.000Z");
    assert.equal(i.expiresAt, "2030-02-01T00:00:00.000Z");
    assert.equal(i.effectiveState, "pending");
    assert.equal(i.coveredIdentities, null);

    const token = await local(
      "--json",
      ...["ban", "token", "--iss", OTHER, "--jti", "j-9", "--reason", "r", "--token-exp"],
      "1900000000",
    );
    assert.equal(JSON.parse(token.stdout).expiresAt, "2030-03-17T18:46:40.000Z", "exp + 1 h");
    const never = await local(
      "--json",
      ...["ban", "token", "--iss", OTHER, "--jti", "j-10", "--reason", "r", "--token-exp"],
      ...["1900000000", "--expires", "never"],
    );
    assert.equal(JSON.parse(never.stdout).expiresAt, null);

    const client = await local(
      ...["--json", "ban", "client", "--iss", OTHER, "--client", "rogue-client", "--reason", "r"],
    );
    assert.equal(client.code, 0, client.stderr);
    assert.equal(JSON.parse(client.stdout).clientId, "rogue-client");
    const badTime = await local(
      ...["ban", "client", "--iss", OTHER, "--client", "c", "--reason", "r", "--expires", "soon"],
    );
    assert.equal(badTime.code, 2);
    assert.match(badTime.stderr, /expires/i);
  });
});
