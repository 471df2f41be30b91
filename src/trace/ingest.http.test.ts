import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { testApp, type TestApp } from "../test-support/app.js";
import { dcacheLines } from "../test-support/log-lines.js";
import { storeKinds } from "../test-support/stores.js";
import type { IngestSummary } from "./index.js";
import { EventsRepository } from "./events/events.repository.js";

for (const kind of await storeKinds()) {
  describe(`POST /api/v1/ingest on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(await kind.open(), { trace: { ingestMaxBytes: 64 * 1024 } });
    });
    after(() => t.close());

    const post = async (url: string, payload: Buffer | string, role: "site" | "viewer" = "site") =>
      t.app.inject({
        method: "POST",
        url,
        payload,
        headers: { ...(await t.as(role)), "content-type": "application/octet-stream" },
      });

    test("a site uploads a log, plain or gzip; the same log again adds nothing", async () => {
      const text = dcacheLines(0, 40);
      const res = await post("/api/v1/ingest?filename=webdav.access&site=site-01", text);
      assert.equal(res.statusCode, 200, res.body);
      const s = res.json<IngestSummary>();
      assert.equal(s.events, 40);
      assert.deepEqual(s.byFormat["dcache-access"], { files: 1, lines: 40, events: 40, bad: 0 });
      const again = await post("/api/v1/ingest?filename=webdav.access.1.gz", gzipSync(text));
      assert.equal(again.json<IngestSummary>().events, 0);
      assert.equal(again.json<IngestSummary>().alreadyIngested, 1);
      const grown = await post(
        "/api/v1/ingest?filename=webdav.access",
        gzipSync(text + dcacheLines(40, 3)),
      );
      assert.equal(grown.json<IngestSummary>().events, 3, "only the new lines");
    });

    test("a live log uploaded again as it grows loses no line: a half-written last line waits", async () => {
      const full = dcacheLines(100, 6);
      const cut = full.length - 60; // inside the sixth line
      const first = await post("/api/v1/ingest?filename=live.access", full.slice(0, cut));
      const s = first.json<IngestSummary>();
      assert.equal(s.events, 5);
      assert.equal(s.bad, 0, "the half line is not read as a bad line");
      assert.equal(s.pendingPartialLines, 1);
      const grown = await post("/api/v1/ingest?filename=live.access", full + dcacheLines(106, 2));
      const g = grown.json<IngestSummary>();
      assert.equal(g.events, 3, "the completed sixth line and the two new ones");
      assert.equal(g.bad, 0);
      // An archived log sent with final=true: its last line counts without a newline.
      const archived = await post(
        "/api/v1/ingest?filename=archived.access&final=true",
        dcacheLines(200, 3).trimEnd(),
      );
      assert.deepEqual(
        [archived.json<IngestSummary>().events, archived.json<IngestSummary>().pendingPartialLines],
        [3, 0],
      );
      // Reading a log again deletes what it stored: not for the site role.
      const refused = await post("/api/v1/ingest?filename=archived.access&reread=true", "x\n");
      assert.equal(refused.statusCode, 403, refused.body);
      const wrong = await post("/api/v1/ingest?filename=x.access&final=yes", "x");
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /final/);
    });

    test("bad query values are named; roles are checked", async () => {
      const bad = await post("/api/v1/ingest?filename=x&format=syslog&site=a%20b", "x");
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /format/);
      assert.match(bad.body, /site/);
      const zone = await post("/api/v1/ingest?filename=x&tz=Mars%2FOlympus", "x");
      assert.equal(zone.statusCode, 400);
      assert.match(zone.body, /tz/);
      assert.match(zone.body, /IANA time zone/);
      const none = await post("/api/v1/ingest?site=x", "x");
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /filename/);
      const viewer = await post("/api/v1/ingest?filename=v.log", dcacheLines(0, 1), "viewer");
      assert.equal(viewer.statusCode, 403);
    });

    test("a corrupt gzip upload fails its request with 400, naming why; nothing is stored", async () => {
      const before = await t.ctx.store.db
        .selectFrom("trace_files")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      const broken = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(64, 7)]);
      const res = await post("/api/v1/ingest?filename=broken.access.gz", broken);
      assert.equal(res.statusCode, 400, res.body);
      const body = res.json<{ error: { code: string; message: string } }>();
      assert.equal(body.error.code, "bad_upload");
      assert.match(body.error.message, /not readable as gzip|Z_/);
      const after = await t.ctx.store.db
        .selectFrom("trace_files")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
    });

    test("a log over the size limit is refused with 413, by declared length or as it streams", async () => {
      const big = dcacheLines(1000, 300); // > 64 KiB
      const res = await post("/api/v1/ingest?filename=big.access", big);
      assert.equal(res.statusCode, 413);
      assert.equal(res.json<{ error: { code: string } }>().error.code, "payload_too_large");
      // Streamed without a length (what `ttt ingest --server` sends): refused as it passes 64 KiB.
      const streamed = await t.app.inject({
        method: "POST",
        url: "/api/v1/ingest?filename=streamed.access",
        payload: Readable.from([Buffer.from(big.slice(0, 40_000)), Buffer.from(big.slice(40_000))]),
        headers: { ...(await t.as("site")), "content-type": "application/octet-stream" },
      });
      assert.equal(streamed.statusCode, 413, streamed.body);
      // The run that stopped is recorded, with why, and audited like a finished one.
      const run = await t.ctx.store.db
        .selectFrom("trace_runs")
        .selectAll()
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      assert.notEqual(run.finished_at, null);
      const recorded = JSON.parse(run.summary ?? "{}") as { failed?: { code: string } };
      assert.equal(recorded.failed?.code, "payload_too_large");
      const audited = await t.ctx.store.db
        .selectFrom("audit_log")
        .select("after")
        .where("target", "=", `ingest-run:${run.id}`)
        .executeTakeFirst();
      assert.match(audited?.after ?? "", /payload_too_large/);
      assert.match(
        streamed.json<{ error: { message: string } }>().error.message,
        /raise the limit/,
      );
    });

    test("a streamed gzip upload over the limit by its own size is refused, not left hanging", async () => {
      // Stored (level 0) deflate: 65,530 bytes of log become 65,558 bytes of gzip, so the
      // body passes the 64 KiB limit while what it unpacks to does not.
      const log = dcacheLines(4000, 400).slice(0, 65_530);
      const body = gzipSync(log, { level: 0 });
      assert.ok(body.length > 64 * 1024);
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/ingest?filename=stored.access.gz",
        payload: Readable.from([body.subarray(0, 30_000), body.subarray(30_000)]),
        headers: { ...(await t.as("site")), "content-type": "application/octet-stream" },
      });
      assert.equal(res.statusCode, 413, res.body);
      assert.doesNotMatch(res.json<{ error: { message: string } }>().error.message, /decompressed/);
    });

    test("a gzip upload is limited by the log it unpacks to, not only by its own size", async () => {
      const text = dcacheLines(2000, 600); // ~300 KiB of log, a few KiB of gzip
      const small = gzipSync(text);
      assert.ok(small.length < 64 * 1024);
      const res = await post("/api/v1/ingest?filename=bomb.access.gz", small);
      assert.equal(res.statusCode, 413, res.body);
      const error = res.json<{ error: { code: string; message: string } }>().error;
      assert.equal(error.code, "payload_too_large");
      assert.match(error.message, /once decompressed/);
      const fits = await post(
        "/api/v1/ingest?filename=fits.access.gz",
        gzipSync(dcacheLines(3000, 50)),
      );
      assert.equal(fits.statusCode, 200, fits.body);
    });

    test("a site account bound to a site ingests in that site's name only", async () => {
      const admin = await t.as("admin");
      const user = (method: "POST" | "PATCH", url: string, payload: object) =>
        t.app.inject({ method, url, payload, headers: admin });
      const made = await user("POST", "/api/v1/users", {
        name: "cern-uploader",
        role: "site",
        site: "CERN-PROD",
      });
      assert.equal(made.statusCode, 201, made.body);
      assert.equal(made.json<{ site: string | null }>().site, "CERN-PROD");
      const wrongRole = await user("POST", "/api/v1/users", {
        name: "a-responder",
        role: "responder",
        site: "CERN-PROD",
      });
      assert.equal(wrongRole.statusCode, 400);
      assert.match(wrongRole.body, /site/);
      assert.match(wrongRole.body, /responder/);
      const upload = async (query: string, from: number) =>
        t.app.inject({
          method: "POST",
          url: `/api/v1/ingest?filename=cern-${from}.access${query}`,
          payload: dcacheLines(from, 2),
          headers: {
            ...(await t.as("site", "cern-uploader")),
            "content-type": "application/octet-stream",
          },
        });
      const events = new EventsRepository(t.ctx.store.db);
      const siteOf = async (i: number) => (await events.byKey("jti", `jti-${i}`))[0]?.site;

      const unnamed = await upload("", 5000);
      assert.equal(unnamed.statusCode, 200, unnamed.body);
      assert.equal(await siteOf(5000), "CERN-PROD", "labelled with the bound site");
      const other = await upload("&site=DESY-HH", 5100);
      assert.equal(other.statusCode, 403);
      assert.equal(other.json<{ error: { code: string } }>().error.code, "forbidden");
      assert.match(other.body, /CERN-PROD/);
      assert.match(other.body, /DESY-HH/);
      assert.equal(await siteOf(5100), undefined, "nothing stored");
      const same = await upload("&site=CERN-PROD", 5200);
      assert.equal(same.statusCode, 200, same.body);
      assert.equal(await siteOf(5200), "CERN-PROD");

      // unbound (site: null), the account names its site per upload as before
      const unbound = await user("PATCH", "/api/v1/users/cern-uploader", { site: null });
      assert.equal(unbound.json<{ site: string | null }>().site, null);
      assert.equal((await upload("&site=DESY-HH", 5300)).statusCode, 200);
      assert.equal(await siteOf(5300), "DESY-HH");
      // a binding is kept across role changes (an OIDC group flap must not unbind a site) and
      // is in force only while the role is site
      await user("PATCH", "/api/v1/users/cern-uploader", { site: "CERN-PROD" });
      const viewer = await user("PATCH", "/api/v1/users/cern-uploader", { role: "viewer" });
      assert.equal(viewer.json<{ site: string | null }>().site, "CERN-PROD");
      await user("PATCH", "/api/v1/users/cern-uploader", { role: "site" });
      assert.equal((await upload("&site=DESY-HH", 5400)).statusCode, 403);

      // another site's log (the one sent unbound above, known by its content) is not taken
      // over: skipped, left as it was
      const skipped = await upload("", 5300);
      assert.equal(skipped.statusCode, 200, skipped.body);
      assert.deepEqual(skipped.json<IngestSummary>().skippedFiles, [
        {
          file: "cern-5300.access",
          reason: "other_site",
          message: "its content is already known as a log of site DESY-HH",
        },
      ]);
      assert.equal(await siteOf(5300), "DESY-HH");
      const badName = await user("PATCH", "/api/v1/users/cern-uploader", {
        role: "site",
        site: "CERN PROD",
      });
      assert.equal(badName.statusCode, 400);
      assert.match(badName.body, /site/);
    });
  });
}

for (const kind of await storeKinds()) {
  describe(
    `POST /api/v1/ingest with TTT_REQUIRE_SITE_BINDING on ${kind.name}`,
    { skip: kind.skip },
    () => {
      let t: TestApp;
      before(async () => {
        t = await testApp(await kind.open(), { trace: { requireSiteBinding: true } });
      });
      after(() => t.close());

      const upload = async (name: string, from: number, query = "") =>
        t.app.inject({
          method: "POST",
          url: `/api/v1/ingest?filename=${name}-${from}.access${query}`,
          payload: dcacheLines(from, 2),
          headers: {
            ...(await t.as(name === "responder" ? "responder" : "site", name)),
            "content-type": "text/plain",
          },
        });

      test("an unbound site account is refused; a bound one and a responder ingest", async () => {
        const unbound = await upload("site-unbound", 7000, "&site=CERN-PROD");
        assert.equal(unbound.statusCode, 403);
        assert.match(unbound.body, /bound to no site/);
        assert.match(unbound.body, /TTT_REQUIRE_SITE_BINDING/);
        const set = await t.app.inject({
          method: "PATCH",
          url: "/api/v1/users/site-unbound",
          payload: { site: "CERN-PROD" },
          headers: await t.as("admin"),
        });
        assert.equal(set.statusCode, 200, set.body);
        assert.equal((await upload("site-unbound", 7100)).statusCode, 200);
        const responder = await upload("responder", 7200, "&site=DESY-HH");
        assert.equal(responder.statusCode, 200, responder.body);
      });
    },
  );
}
