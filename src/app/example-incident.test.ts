// The Respond and Trace example a first `ttt serve` loads beside the example assessment, on
// every store kind: one incident with the stolen token linked (workflow b, whose playbook it
// shows), the victim's identity banned from the second day, the generated logs ingested for it
// with alerts from the attacker's address, and the stolen token's trace with its derived tokens
// saved into the case — every step in its action log.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { PasswordHasher, TEST_SCRYPT_COST, type Actor } from "../accounts/index.js";
import type { IncidentView } from "../incidents/index.js";
import { loadExample } from "../risk/index.js";
import type { Store } from "../store/index.js";
import { storeKinds } from "../test-support/stores.js";
import { createContext, type AppContext } from "./context.js";
import { loadExampleIncident, type ExampleIncident } from "./example-incident.js";

for (const kind of await storeKinds()) {
  describe(`the example incident on ${kind.name}`, { skip: kind.skip }, () => {
    let dir: string;
    let store: Store;
    let ctx: AppContext;
    let admin: Actor;
    let loaded: ExampleIncident;
    let view: IncidentView;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "ttt-example-incident-"));
      store = await kind.open();
      ctx = createContext({ store, hasher: new PasswordHasher(TEST_SCRYPT_COST) });
      await ctx.risk.methodologies.installBuiltins();
      await ctx.accounts.ensureAdmin("admin-password-1");
      admin = await ctx.accounts.localActor("admin");
      await loadExample(ctx, admin);
      loaded = await loadExampleIncident(ctx, admin, dir);
      view = await ctx.incidents.get(admin, loaded.incident);
    });
    after(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("ingests the generated logs with alerts of the banned identity", async () => {
      assert.ok(loaded.events > 1000, String(loaded.events));
      assert.ok(loaded.alerts > 0);
      assert.equal(view.alertCount, loaded.alerts);
      const all = await ctx.alerts.list(admin, { limit: 10_000 });
      assert.equal(all.length, loaded.alerts);
      assert.ok(
        all.some((a) => a.clientIp?.startsWith("203.0.113.") === true),
        "the attacker's address (TEST-NET-3) among them",
      );
    });

    it("links the stolen token with workflow b, whose playbook the case shows", () => {
      assert.equal(view.tokens.length, 1);
      assert.equal(view.tokens[0]!.workflow, "b");
      assert.deepEqual(
        view.playbooks.map((p) => p.workflow),
        ["b"],
      );
      assert.equal(view.bans.length, 1);
      assert.equal(view.bans[0]!.kind, "identity");
    });

    it("saves the token's trace with its derived tokens; every step is in the action log", () => {
      assert.equal(view.traces.length, 1);
      const saved = view.traces[0]!;
      assert.equal(saved.query["withDerived"], true);
      assert.ok(Number(saved.summary["tokens"]) >= 4, JSON.stringify(saved.summary));
      assert.deepEqual([...new Set(view.actions.map((a) => a.kind))].sort(), [
        "ban",
        "created",
        "ingest",
        "token",
        "trace",
      ]);
    });
  });
}
