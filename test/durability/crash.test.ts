import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { PasswordHasher, TEST_SCRYPT_COST } from "../../src/accounts/index.js";
import { bootstrap } from "../../src/app/bootstrap.js";
import { createContext } from "../../src/app/context.js";
import { openStore } from "../../src/store/index.js";

const ENTRY = join(import.meta.dirname, "../../src/cli/entry.ts");

/** Starts `ttt serve` in a child process and resolves with its base URL. */
function serve(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        ENTRY,
        "--data-dir",
        dataDir,
        "serve",
        "--port",
        "0",
        "--host",
        "127.0.0.1",
      ],
      {
        env: { ...process.env, TTT_LOG_LEVEL: "warn", TTT_DATABASE_URL: "" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) resolve({ child, base: m[1] });
    });
    child.on("exit", (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

describe("a vote acknowledged is a vote stored", () => {
  let child: ChildProcess | undefined;
  after(() => {
    child?.kill("SIGKILL");
  });

  it("survives the server being killed right after answering", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ttt-crash-"));
    // set up: an assessment with one row, an open round and a voter with an API token
    let store = await openStore({ dataDir });
    let ctx = createContext({ store, hasher: new PasswordHasher(TEST_SCRYPT_COST) });
    await bootstrap(ctx, { adminPassword: "crash-admin-pw", loadExample: false });
    const admin = await ctx.accounts.localActor("admin");
    await ctx.risk.versions.create(admin, {
      id: "wg",
      title: "T",
      methodology: "ttt-5x5",
      defaultRule: "highest-mode",
    });
    await ctx.risk.catalogue.putThreat(admin, "wg", { id: "TR-1", title: "Unavailable" });
    await ctx.risk.rows.add(admin, "wg", { threat: "TR-1" });
    const round = await ctx.risk.voting.openRound(admin, "wg", "TR-1");
    await ctx.accounts.addUser(admin, { name: "voter", role: "assessor" });
    const { secret } = await ctx.apiTokens.create(admin, { user: "voter", label: "t" });
    await store.close();

    const server = await serve(dataDir);
    child = server.child;
    const res = await fetch(`${server.base}/api/v1/rounds/${round.id}/vote`, {
      method: "PUT",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify({ likelihood: 4, impact: 2 }),
    });
    assert.equal(res.status, 200);
    server.child.kill("SIGKILL");
    await new Promise((r) => server.child.once("close", r));

    store = await openStore({ dataDir });
    ctx = createContext({ store });
    try {
      const revealed = await ctx.risk.voting.reveal(admin, round.id);
      assert.deepEqual(
        revealed.votes?.map((v) => [v.voter, v.likelihood, v.impact]),
        [["voter", 4, 2]],
      );
      assert.equal((await ctx.audit.verify(admin)).ok, true);
    } finally {
      await store.close();
    }
  });
});
