// GET (and POST, with the query as a body) /api/v1/bans/export on every store kind: the file with its content type and file name,
// the as=json form with unenforceable_at, per-site filtering, lifted bans dropping out, the
// roles that may download, the option errors, and unenforceable_at on the ban list.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { call } from "../test-support/assess.js";
import { testApp, type TestApp } from "../test-support/app.js";
import { storeKinds } from "../test-support/stores.js";

const ISS = "https://iam.example.org/";
type Headers = { authorization: string };

for (const kind of await storeKinds()) {
  describe(`ban export over HTTP on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let responder: Headers;
    let site: Headers;
    const ids: Record<string, string> = {};
    before(async () => {
      t = await testApp(await kind.open());
      responder = await t.as("responder");
      site = await t.as("site");
      const bodies: Record<string, object> = {
        token: { kind: "token", jti: "jti-leaked-1" },
        alice: { kind: "identity", sub: "alice" },
        cern: { kind: "identity", sub: "bob", sites: ["CERN-PROD"] },
        client: { kind: "client", clientId: "rucio" },
        later: { kind: "identity", sub: "carol", startsAt: "2026-03-05T00:00:00Z" },
      };
      for (const [name, body] of Object.entries(bodies)) {
        const ban = await call(t, responder, "POST", "/api/v1/bans", {
          iss: ISS,
          reason: `ban ${name}`,
          ...body,
        });
        ids[name] = ban.id;
      }
    });
    after(() => t.close());

    const get = (who: Headers, query: string) =>
      t.app.inject({ method: "GET", url: `/api/v1/bans/export?${query}`, headers: who });

    it("lets a site download the dCache banfile, with type, name and the unenforceable count", async () => {
      const res = await get(site, "format=dcache");
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers["content-type"], "text/plain; charset=utf-8");
      assert.equal(res.headers["content-disposition"], 'attachment; filename="ban.conf"');
      assert.equal(res.headers["cache-control"], "no-store");
      assert.equal(res.headers["x-ttt-unenforceable"], "1");
      assert.match(res.body, /^ban jti:jti-leaked-1@iam\.example\.org$/m);
      assert.match(res.body, /^ban oidc:alice@iam\.example\.org$/m);
      assert.match(res.body, /^ban oidc:bob@iam\.example\.org$/m);
      assert.doesNotMatch(res.body, /^ban oidc:carol/m, "a pending ban is listed, not written");
      assert.match(res.body, new RegExp(`Pending[^]*ban ${ids.later}`));
      assert.match(res.body, /Generated at 2026-03-01T09:00:00\.000Z/);
    });

    it("answers as=json with the content, what it covers and unenforceable_at", async () => {
      const res = await get(
        site,
        "format=storm&as=json&options=" +
          encodeURIComponent(JSON.stringify({ storm: { storageAreas: ["atlas"] } })),
      );
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.format, "storm");
      assert.equal(body.filename, "ttt-bans.storm.yml");
      assert.deepEqual(body.covered.sort(), [ids.alice, ids.cern].sort());
      assert.deepEqual(body.pending, [ids.later]);
      assert.deepEqual(
        body.unenforceable_at.map((u: { banId: string; kind: string }) => [u.banId, u.kind]).sort(),
        [
          [ids.client, "client"],
          [ids.token, "token"],
        ].sort(),
      );
      assert.match(body.content, /type: oidc-subject/);
    });

    it("filters per site: a site-limited ban only goes to its sites", async () => {
      const cern = await get(site, "format=json&site=CERN-PROD");
      const desy = await get(site, "format=json&site=DESY-HH");
      const subs = (body: string) =>
        (JSON.parse(body) as { bans: { sub?: string }[] }).bans.map((b) => b.sub).filter(Boolean);
      assert.deepEqual(subs(cern.body).sort(), ["alice", "bob", "carol"]);
      assert.deepEqual(subs(desy.body).sort(), ["alice", "carol"]);
      assert.equal(JSON.parse(desy.body).site, "DESY-HH");
    });

    it("drops a ban from every file once it is lifted", async () => {
      const ban = await call(t, responder, "POST", "/api/v1/bans", {
        kind: "identity",
        iss: ISS,
        sub: "dave",
        reason: "mistake",
      });
      assert.match((await get(site, "format=dcache")).body, /oidc:dave@/);
      t.clock.advance(60_000); // lifted a minute later (one lifted as it starts denied nothing)
      await call(t, responder, "POST", `/api/v1/bans/${ban.id}/lift`, { reason: "wrong person" });
      assert.doesNotMatch((await get(site, "format=dcache")).body, /dave/);
      // FTS keeps a ban until it is undone: its script unbans the lifted one.
      const fts = await get(site, "format=fts&as=json");
      assert.equal(fts.statusCode, 200, fts.body);
      const answer = fts.json<{ undone: string[]; content: string }>();
      assert.deepEqual(answer.undone, [ban.id]);
      assert.match(answer.content, /^fts-rest-ban -s "\$FTS_ENDPOINT" --user='dave' --unban/m);
      assert.doesNotMatch(answer.content, /--user='dave' \|\|/, "and does not ban it");
    });

    it("takes the query as a JSON body too, for options a URL cannot carry", async () => {
      // 2,000 EOS accounts: about 150 KB of options, far over what a server takes in a request
      // line (Node: 16 KiB of headers; test/cli/bans-export.test.ts sends it to a real one).
      const users = Array.from({ length: 2_000 }, (_, i) => ({
        iss: ISS,
        sub: i === 7 ? "alice" : `user-${i}`,
        user: `eosuser${i}`,
      }));
      const query = {
        format: "eos",
        as: "json",
        options: JSON.stringify({ eos: { users } }),
      };
      assert.ok(query.options.length > 100_000);
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/bans/export",
        payload: query,
        headers: site,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.json().content, /eosuser7/);
      const bad = await t.app.inject({
        method: "POST",
        url: "/api/v1/bans/export",
        payload: { format: "eos", options: "{" },
        headers: site,
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().error.message, /options/);
    });

    it("takes up to 4 MiB of query as a body, and refuses more with 413", async () => {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/bans/export",
        payload: { format: "json", options: JSON.stringify({ pad: "x".repeat(4 * 1024 * 1024) }) },
        headers: site,
      });
      assert.equal(res.statusCode, 413, res.body);
    });

    it("refuses viewers and anonymous callers", async () => {
      const viewer = await t.as("viewer");
      assert.equal((await get(viewer, "format=json")).statusCode, 403);
      const anon = await t.app.inject({ method: "GET", url: "/api/v1/bans/export?format=json" });
      assert.equal(anon.statusCode, 401);
    });

    it("names the field of a bad format, missing option or bad options JSON (400)", async () => {
      const cases: [string, RegExp][] = [
        ["format=argus", /format/],
        ["format=storm", /storm\.storageAreas/],
        ["format=xrootd", /issuer/],
        ["format=json&options=%7B", /query\.options/],
        [`format=dcache&options=${encodeURIComponent('{"dcache":{"ops":{"x":"a b"}}}')}`, /ops/],
      ];
      for (const [query, field] of cases) {
        const res = await get(site, query);
        assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
        assert.equal(res.json().error.code, "validation_failed");
        assert.match(res.json().error.message, field, query);
      }
    });

    it("shows unenforceable_at on each ban of the list", async () => {
      const list = await call(t, site, "GET", "/api/v1/bans");
      const byId = new Map(list.map((b: { id: string }) => [b.id, b]));
      assert.deepEqual((byId.get(ids.token) as any).unenforceable_at, [
        "storm",
        "arc",
        "xrootd",
        "fts",
        "eos",
      ]);
      assert.deepEqual((byId.get(ids.alice) as any).unenforceable_at, []);
    });
  });
}
