import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { loadExample } from "../risk/index.js";
import { testApp, type TestApp } from "../test-support/app.js";
import { storeKinds } from "../test-support/stores.js";
import type { Handbook } from "./handbook.model.js";

const A = "wlcg-token-workflows";

/**
 * The handbook over the example assessment: one page per workflow with hops, traceability, the
 * workflow's settled rows and a playbook; a workflow alone; Markdown, HTML and PDF downloads
 * with their content types and file names; a role that cannot read assessments gets the pages'
 * note instead of risk rows.
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
        url: "/api/v1/handbook?format=xlsx",
        headers: await t.as("viewer"),
      });
      assert.equal(bad.statusCode, 400);
    });

    test("HTML and PDF downloads with content type and file name; JSON stays the API answer", async () => {
      const get = async (q: string) =>
        t.app.inject({ url: `/api/v1/handbook?${q}`, headers: await t.as("viewer") });
      const html = await get("workflow=b&format=html");
      assert.equal(html.statusCode, 200);
      assert.equal(html.headers["content-type"], "text/html; charset=utf-8");
      assert.equal(
        html.headers["content-disposition"],
        `attachment; filename="handbook-${A}-v1.0-b.html"; filename*=UTF-8''handbook-${A}-v1.0-b.html`,
      );
      assert.match(html.body, /^<!doctype html>/);
      assert.match(html.body, /<h2 id="workflow-b-title">Workflow b: FTS, exchanged/);
      assert.doesNotMatch(html.body, /Grid jobs with long-lived tokens/);

      const pdf = await get("format=pdf");
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers["content-type"], "application/pdf");
      assert.match(String(pdf.headers["content-disposition"]), /filename="handbook-.*-v1\.0\.pdf"/);
      assert.equal(pdf.rawPayload.subarray(0, 5).toString("latin1"), "%PDF-");

      const md = await get("format=md");
      assert.match(String(md.headers["content-disposition"]), /^attachment; filename=".*\.md"/);
      for (const q of ["", "format=json"]) {
        const json = await get(q);
        assert.match(String(json.headers["content-type"]), /^application\/json/);
        assert.equal(json.headers["content-disposition"], undefined);
        assert.equal(json.json<Handbook>().pages.length, 6);
      }
      const site = await t.app.inject({
        url: "/api/v1/handbook?format=html",
        headers: await t.as("site"),
      });
      assert.equal(site.statusCode, 200);
      assert.match(site.headers["content-disposition"] ?? "", /filename="handbook\.html"/);
      assert.match(site.body, /cannot read assessments/);
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
