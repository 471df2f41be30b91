import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { loadExample } from "../risk/index.js";
import { testApp, type TestApp } from "../test-support/app.js";
import { storeKinds } from "../test-support/stores.js";
import type { Handbook } from "./handbook.model.js";

/**
 * The handbook over the example assessment: one page per workflow with hops, traceability, the
 * workflow's settled rows and a playbook; a workflow alone; Markdown; a role that cannot read
 * assessments gets the pages' note instead of risk rows.
 */
for (const kind of await storeKinds())
  describe(`GET /api/v1/handbook (${kind.name})`, { skip: kind.skip }, () => {
    let t: TestApp;

    before(async () => {
      t = await testApp(await kind.open());
      await loadExample(t.ctx, await t.ctx.accounts.localActor("admin"));
    });
    after(() => t.close());

    test("one page per workflow of the example assessment, each with hops, rows and a playbook", async () => {
      const res = await t.app.inject({ url: "/api/v1/handbook", headers: await t.as("responder") });
      assert.equal(res.statusCode, 200);
      const h = res.json<Handbook>();
      assert.ok(h.assessment !== null);
      assert.equal(h.pages.length, 6);
      const fts = h.pages.find((p) => p.workflow.id === "b")!;
      assert.deepEqual(
        fts.hops.map((x) => x.component),
        ["iam", "fts", "dcache", "storm", "xrootd", "eos"],
      );
      assert.ok(fts.rows.length > 0, "the FTS workflow has risk rows");
      assert.ok(
        fts.rows.some((r) => r.score !== null),
        "with settled scores",
      );
      assert.ok(fts.playbook.length >= 6);
      const shares = fts.traceability.jti + fts.traceability.subject + fts.traceability.none;
      assert.ok(Math.abs(shares - 1) < 0.011);
    });

    test("one workflow, as Markdown; an unknown workflow is a 404", async () => {
      const md = await t.app.inject({
        url: "/api/v1/handbook?workflow=b&format=md",
        headers: await t.as("viewer"),
      });
      assert.equal(md.statusCode, 200);
      assert.match(String(md.headers["content-type"]), /^text\/markdown/);
      assert.match(md.body, /FTS, exchanged and refreshed tokens/);
      assert.doesNotMatch(md.body, /Grid jobs with long-lived tokens/);
      const none = await t.app.inject({
        url: "/api/v1/handbook?workflow=zz",
        headers: await t.as("viewer"),
      });
      assert.equal(none.statusCode, 404);
      const bad = await t.app.inject({
        url: "/api/v1/handbook?format=pdf",
        headers: await t.as("viewer"),
      });
      assert.equal(bad.statusCode, 400);
    });

    test("a site account reads no assessment: no pages, and a note saying why", async () => {
      const res = await t.app.inject({ url: "/api/v1/handbook", headers: await t.as("site") });
      assert.equal(res.statusCode, 200);
      const h = res.json<Handbook>();
      assert.equal(h.assessment, null);
      assert.match(h.note ?? "", /cannot read assessments/);
      assert.deepEqual(h.pages, []);
    });
  });
