import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testApp, type TestApp } from "../test-support/app.js";
import { dcacheLine } from "../test-support/log-lines.js";
import { storeKinds } from "../test-support/stores.js";
import { fileSources } from "../trace/index.js";
import type { IncidentView } from "./incidents.service.js";

/**
 * A trace saved into an incident keeps its result; exports of the case file carry it, answer
 * with the format's content type and a file name, and are logged in the action log.
 */
for (const kind of await storeKinds())
  describe(`incident exports (${kind.name})`, { skip: kind.skip }, () => {
    let t: TestApp;
    let dir: string;
    let id: string;

    before(async () => {
      t = await testApp(await kind.open());
      dir = mkdtempSync(join(tmpdir(), "ttt-inc-export-"));
      const f = join(dir, "door.access");
      let text = "";
      for (let i = 0; i < 20; i++)
        text += `${dcacheLine(i, { jti: i < 5 ? "jti-stolen" : `jti-${i}`, ip: i < 5 ? "203.0.113.9" : "192.0.2.10" })}\n`;
      writeFileSync(f, text);
      const admin = await t.ctx.accounts.localActor("admin");
      await t.ctx.ingest.ingest(admin, await fileSources([f], "site-a"), { origin: "test" });
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/incidents",
        headers: await t.as("responder"),
        payload: { title: "Token | stolen", tlp: "AMBER+STRICT", severity: "high" },
      });
      assert.equal(res.statusCode, 201);
      id = res.json<IncidentView>().id;
    });
    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test("a trace saved into the incident keeps its result and is logged", async () => {
      const res = await t.app.inject({
        method: "POST",
        url: `/api/v1/incidents/${id}/traces`,
        headers: await t.as("responder"),
        payload: { by: "jti", value: "jti-stolen" },
      });
      assert.equal(res.statusCode, 201);
      const saved = res.json<{ savedAs: string; timeline: unknown[] }>();
      assert.equal(saved.timeline.length, 5);
      const stored = await t.app.inject({
        url: `/api/v1/incidents/${id}/traces/${saved.savedAs}`,
        headers: await t.as("responder"),
      });
      assert.equal(stored.json<{ timeline: unknown[] }>().timeline.length, 5);
      const view = (
        await t.app.inject({ url: `/api/v1/incidents/${id}`, headers: await t.as("responder") })
      ).json<IncidentView>();
      assert.equal(view.traces.length, 1);
      assert.ok(
        view.actions.some(
          (a) => a.kind === "trace" && a.ref === saved.savedAs && /5 proven/.test(a.text),
        ),
      );
      const unknown = await t.app.inject({
        url: `/api/v1/incidents/${id}/traces/trc_nope`,
        headers: await t.as("responder"),
      });
      assert.equal(unknown.statusCode, 404);
    });

    test("each export answers its content type and file name, carries the trace, and is logged", async () => {
      const expect: Record<string, [string, RegExp]> = {
        md: ["text/markdown", /jti-stolen/],
        csv: ["text/csv", /jti-stolen/],
        json: ["application/json", /"jti-stolen"/],
        timesketch: ["application/x-ndjson", /"datetime"/],
        misp: ["application/json", /tlp:amber\+strict/],
        email: ["text/plain", /^Subject: \[TLP:AMBER\+STRICT\] Security incident/],
      };
      for (const [format, [type, body]] of Object.entries(expect)) {
        const res = await t.app.inject({
          method: "POST",
          url: `/api/v1/incidents/${id}/exports`,
          headers: await t.as("responder"),
          payload: { format },
        });
        assert.equal(res.statusCode, 200, format);
        assert.ok(
          String(res.headers["content-type"]).startsWith(type),
          `${format}: ${String(res.headers["content-type"])}`,
        );
        assert.match(
          String(res.headers["content-disposition"]),
          new RegExp(`filename="incident-${id}\\.`),
        );
        assert.match(res.body, body, format);
      }
      const md = await t.app.inject({
        method: "POST",
        url: `/api/v1/incidents/${id}/exports`,
        headers: await t.as("responder"),
        payload: { format: "md" },
      });
      assert.match(
        md.body,
        /Token \\\| stolen/,
        "a | in the title is escaped in tables and headings alike",
      );
      const view = (
        await t.app.inject({ url: `/api/v1/incidents/${id}`, headers: await t.as("responder") })
      ).json<IncidentView>();
      assert.deepEqual(
        view.actions.filter((a) => a.kind === "export").map((a) => a.ref),
        ["md", "csv", "json", "timesketch", "misp", "email", "md"],
      );
      const bad = await t.app.inject({
        method: "POST",
        url: `/api/v1/incidents/${id}/exports`,
        headers: await t.as("responder"),
        payload: { format: "pdf2" },
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /format/);
    });
  });
