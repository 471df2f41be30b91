import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { cliServer } from "./cli-server.js";
import { ttt } from "./run-cli.js";

describe("ttt CLI on a local store", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ttt-cli-"));
  const local = (...args: string[]) => ttt(["--data-dir", dataDir, ...args]);
  const json = async (...args: string[]) => {
    const r = await local("--json", ...args);
    assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
    try {
      return JSON.parse(r.stdout);
    } catch {
      throw new Error(`${args.join(" ")}: not JSON: ${r.stdout.slice(0, 200)}`);
    }
  };

  it("--help lists every command", async () => {
    const r = await ttt(["--help"]);
    assert.equal(r.code, 0);
    for (const c of [
      "serve",
      "demo",
      "users",
      "tokens",
      "audit",
      "assessments",
      "versions",
      "rows",
      "rounds",
      "settle",
      "check",
      "methodologies",
    ]) {
      assert.match(r.stdout, new RegExp(`\\n  ${c}\\b`), c);
    }
    assert.match(r.stdout, /Exit codes/);
  });

  it("bad usage exits 2 with a message", async () => {
    const unknown = await ttt(["frobnicate"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command/);
    const notInt = await local("rounds", "vote", "r1", "--likelihood", "three", "--impact", "2");
    assert.equal(notInt.code, 2);
    assert.match(notInt.stderr, /--likelihood.*must be a whole number/);
    const badRole = await local("users", "add", "bob", "--role", "wizard");
    assert.equal(badRole.code, 2);
    assert.match(badRole.stderr, /body\.role/);
  });

  it("manages users and tokens; the password comes from stdin, never argv", async () => {
    const u = await ttt(
      [
        "--data-dir",
        dataDir,
        "--json",
        "users",
        "add",
        "alice",
        "--role",
        "assessor",
        "--password-stdin",
      ],
      { stdin: "alice-secret-pw\n" },
    );
    assert.equal(u.code, 0, u.stderr);
    assert.equal(JSON.parse(u.stdout).role, "assessor");
    const dup = await local("users", "add", "alice", "--role", "viewer");
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /already exists/);
    const tok = await local("tokens", "create", "--user", "alice");
    assert.equal(tok.code, 0, tok.stderr);
    assert.match(tok.stdout, /^ttt\.tok_\w+\.\S+\n# token .* shown once/);
  });

  it("binds a site account to its site and unbinds it", async () => {
    const made = await json("users", "add", "cern-up", "--role", "site", "--site", "CERN-PROD");
    assert.equal(made.site, "CERN-PROD");
    const listed = await local("users", "list");
    assert.match(listed.stdout, /^cern-up +site +site CERN-PROD$/m);
    const wrong = await local("users", "add", "resp", "--role", "responder", "--site", "CERN-PROD");
    assert.equal(wrong.code, 2, "a validation error");
    assert.match(wrong.stderr, /only a site account can be bound to a site/);
    const unbound = await json("users", "set", "cern-up", "--no-site");
    assert.equal(unbound.site, null);
    const rebound = await json("users", "set", "cern-up", "--site", "CERN-T0");
    assert.equal(rebound.site, "CERN-T0");
  });

  it("runs a scoring session end to end, with exit codes", async () => {
    await json(
      "assessments",
      "create",
      "wg",
      "--title",
      "Token workflows",
      "--first-version",
      "v0.9",
    );
    await json("users", "add", "fac", "--role", "facilitator");
    await json("users", "add", "bob", "--role", "assessor");
    const r1 = await local("rows", "add", "-a", "wg", "--threat", "TR-9");
    assert.equal(r1.code, 2, "unknown threat is bad input");
    assert.match(r1.stderr, /threat/);
    const threat = await json(
      "threats",
      "set",
      "TR-4",
      "-a",
      "wg",
      "--title",
      "Token theft",
      "--per-workflow",
      "--assets",
      "digital identities,storage",
    );
    assert.deepEqual(
      [threat.perWorkflow, threat.assets],
      [true, ["digital identities", "storage"]],
    );
    await json(
      "workflows",
      "set",
      "a",
      "-a",
      "wg",
      "--name",
      "FTS, narrowly scoped long-lived tokens",
      "--lifetime",
      "days",
    );
    const row = await json("rows", "add", "-a", "wg", "--threat", "TR-4", "--workflow", "a");
    assert.equal(row.id, "4a");
    const round = await json("--as", "fac", "rounds", "open", "-a", "wg", "--row", "4a");
    await json("--as", "alice", "rounds", "vote", round.id, "--likelihood", "2", "--impact", "3");
    await json("--as", "bob", "rounds", "vote", round.id, "--likelihood", "4", "--impact", "3");
    const hidden = await json("--as", "fac", "rounds", "show", round.id);
    assert.equal(hidden.votes, null);
    const denied = await local("--as", "alice", "rounds", "reveal", round.id);
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /forbidden/);
    const revealed = await json("--as", "fac", "rounds", "reveal", round.id);
    assert.equal(revealed.stats.likelihood.consensus, "split");
    const s = await json("--as", "fac", "settle", "-a", "wg", "--row", "4a");
    assert.deepEqual([s.likelihood, s.impact, s.rule], [4, 3, "highest-mode"]);
    const shown = await json("rows", "show", "4a", "-a", "wg");
    assert.equal(shown.rounds[0].stats.likelihood.consensus, "split");
    assert.equal(shown.settlements[0].rule, "highest-mode");
    const listed = await local("rows", "list", "-a", "wg");
    assert.match(listed.stdout, /4a\s+4\s+3\s+High\s+highest-mode/);
    await json("versions", "freeze", "-a", "wg", "--version", "v0.9");
    const frozen = await local("--as", "fac", "rounds", "open", "-a", "wg", "--row", "4a");
    assert.equal(frozen.code, 1);
    assert.match(frozen.stderr, /version_immutable/);
    await json("versions", "create", "-a", "wg", "--label", "v1.0");
    await json(
      "rows",
      "split",
      "4a",
      "-a",
      "wg",
      "--into",
      "ordinary users,power users",
      "--reason",
      "differ",
    );
    const diff = await local("versions", "diff", "-a", "wg", "--from", "v0.9", "--to", "v1.0");
    assert.match(diff.stdout, /split: 4a → 4a-ordinary-users, 4a-power-users/);
    const m = await json(
      "mitigations",
      "add",
      "-a",
      "wg",
      "--title",
      "Shorter lifetimes",
      "--kind",
      "planned",
      "--rows",
      "4a-power-users",
      "--effort",
      "low",
    );
    assert.equal(m.id, "M-1");
    const badDue = await local(
      "mitigations",
      "set",
      "M-1",
      "-a",
      "wg",
      "--title",
      "x",
      "--kind",
      "planned",
      "--due",
      "tomorrow",
    );
    assert.equal(badDue.code, 2);
    assert.match(badDue.stderr, /body\.dueDate/);
    const check = await local("check", "-a", "wg");
    assert.equal(check.code, 0, "warnings only");
    assert.match(check.stdout, /unscored-row/);
    const list = await local("assessments", "list");
    assert.match(
      list.stdout,
      /wg\s+Token workflows\n\s+versions: v0\.9 \(frozen\), v1\.0 \(draft\)/,
    );
    const audit = await local("audit", "verify");
    assert.equal(audit.code, 0);
    assert.match(audit.stdout, /^ok: \d+ entries/);
  });

  it("reports a bad configuration value by name (exit 2)", async () => {
    const r = await ttt(["serve"], { env: { TTT_PORT: "eighty" } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /TTT_PORT/);
  });
});

describe("ttt CLI against a server (--server, TTT_TOKEN)", () => {
  const server = cliServer();

  it("works over HTTP with the API token, and refuses without it", async () => {
    const ok = await ttt(["--server", server.base, "--json", "assessments", "list"], {
      env: { TTT_TOKEN: server.token },
    });
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), []);
    const created = await ttt(
      ["--server", server.base, "--json", "users", "add", "carol", "--role", "viewer"],
      { env: { TTT_TOKEN: server.token } },
    );
    assert.equal(created.code, 0, created.stderr);
    const none = await ttt(["--server", server.base, "assessments", "list"], {
      env: { TTT_TOKEN: "" },
    });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /unauthenticated/);
    const down = await ttt(["--server", "http://127.0.0.1:9", "assessments", "list"]);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /cannot reach/);
  });
});
