// The ban API on every store kind: each kind created, the refusals (broad without confirmation,
// no reason, wrong role, lifting twice), the audit trail, the in-process index kept in step,
// and time windows under the test app's fixed clock.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { call } from "../test-support/assess.js";
import { testApp, type TestApp } from "../test-support/app.js";
import { iamIssuedLine } from "../test-support/log-lines.js";
import { makeIssuer } from "../test-support/token-factory.js";
import { storeKinds } from "../test-support/stores.js";
import { AuditRepository } from "../audit/index.js";
import { txRunner } from "../store/index.js";
import { BansRepository } from "./bans.repository.js";
import { BansService } from "./bans.service.js";
import { facts } from "./claims.js";

const ISS = "https://iam.example.org/";
const OTHER = "https://cms-iam.example.org/";
type Headers = { authorization: string };

/** A JWT-looking string: it must never reach the store or the audit log. */
const RAW_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

for (const kind of await storeKinds()) {
  describe(`bans over HTTP on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let responder: Headers;
    before(async () => {
      t = await testApp(await kind.open());
      responder = await t.as("responder");
    });
    after(() => t.close());

    const post = (who: Headers, payload: object) =>
      t.app.inject({ method: "POST", url: "/api/v1/bans", headers: who, payload });
    const now = () => t.clock.now().getTime();

    it("creates a ban of each kind with 201, and says broad coverage is unknown before any log", async () => {
      const bodies = [
        { kind: "token", jti: "jti-1" },
        { kind: "identity", sub: "alice" },
        { kind: "identity-before", sub: "bob", issuedBefore: "2026-02-01T00:00:00Z" },
        { kind: "client", clientId: "rucio" },
        { kind: "group", group: "/atlas/prod", confirmBroad: true },
        { kind: "issuer", iss: "https://other.example.org/", confirmBroad: true },
      ];
      for (const body of bodies) {
        const res = await post(responder, { iss: ISS, reason: "stolen", ...body });
        assert.equal(res.statusCode, 201, res.body);
        const ban = res.json();
        assert.equal(ban.kind, body.kind);
        assert.equal(ban.state, "active");
        assert.equal(ban.effectiveState, "active");
        assert.equal(ban.author, "responder");
        assert.equal(ban.startsAt, "2026-03-01T09:00:00.000Z");
        assert.equal(ban.sites, "all");
        if (body.kind === "group" || body.kind === "issuer") {
          assert.equal(ban.coveredIdentities, null);
          assert.match(ban.coverageNote, /unknown: no log naming identities has been ingested yet/);
        } else assert.equal("coveredIdentities" in ban, false);
      }
      const listed = await call(t, responder, "GET", "/api/v1/bans");
      assert.equal(listed.length, 6);
      const byKind = await call(t, responder, "GET", "/api/v1/bans?kind=identity-before");
      assert.deepEqual(
        byKind.map((b: { sub: string }) => b.sub),
        ["bob"],
      );
      const other = await call(
        t,
        responder,
        "GET",
        `/api/v1/bans?iss=${encodeURIComponent("https://other.example.org/")}`,
      );
      assert.deepEqual(
        other.map((b: { kind: string }) => b.kind),
        ["issuer"],
      );
      const index = await t.ctx.bans.index();
      assert.equal(index.match(facts({ iss: ISS, sub: "alice" }), now()).length, 1);
      assert.equal(index.match(facts({ iss: ISS, groups: ["/atlas/prod"] }), now()).length, 1);
    });

    it("refuses group and issuer bans without confirmBroad, naming the field", async () => {
      for (const body of [
        { kind: "group", group: "/cms" },
        { kind: "issuer" },
        { kind: "group", group: "/cms", confirmBroad: false },
      ]) {
        const res = await post(responder, { iss: ISS, reason: "r", ...body });
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().error.code, "validation_failed");
        assert.match(res.json().error.message, /confirmBroad/);
      }
    });

    it("counts the identities a broad ban covers from ingested logs, before and after confirming", async () => {
      // An issuer of its own: the issuer ban made here must not touch the other tests.
      const MINE = "https://count-iam.example.org/";
      const exp = Math.floor(now() / 1000) + 30 * 86_400; // ends after the other tests' clocks
      const log = [
        iamIssuedLine({ iss: MINE, sub: "u-1", jti: "t-1", exp, groups: ["/lhcb"] }),
        iamIssuedLine({ iss: MINE, sub: "u-2", jti: "t-2", exp, groups: ["/lhcb/prod", "/x"] }),
        iamIssuedLine({ iss: MINE, sub: "u-2", jti: "t-3", exp, groups: ["/lhcb"] }),
        iamIssuedLine({ iss: MINE, sub: "u-3", jti: "t-4", exp, groups: ["/lhcbx", "lhcb"] }),
        iamIssuedLine({ iss: OTHER, sub: "u-4", jti: "t-5", exp, groups: ["/lhcb"] }),
        iamIssuedLine({ iss: MINE, sub: "u-5", jti: "t-6", exp }),
        iamIssuedLine({
          iss: OTHER,
          sub: "u-6",
          jti: "t-old",
          exp: Math.floor(now() / 1000) - 7200,
        }),
      ].join("\n");
      const up = await t.app.inject({
        method: "POST",
        url: "/api/v1/ingest?filename=iam-audit.log",
        payload: log + "\n",
        headers: { ...(await t.as("site")), "content-type": "application/octet-stream" },
      });
      assert.equal(up.json().events, 7, up.body);
      const refused = await post(responder, {
        kind: "group",
        iss: MINE,
        group: "/lhcb",
        reason: "r",
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.json().error.message, /confirmBroad.*it would cover 2 known identities/);
      const group = await post(responder, {
        kind: "group",
        iss: MINE,
        group: "/lhcb",
        reason: "r",
        confirmBroad: true,
      });
      assert.equal(group.json().coveredIdentities, 2, "u-1 and u-2 (/lhcb/prod); not /lhcbx");
      assert.match(group.json().coverageNote, /group \/lhcb \(or a subgroup\)/);
      const plain = await post(responder, {
        kind: "group",
        iss: MINE,
        group: "lhcb",
        reason: "r",
        confirmBroad: true,
      });
      assert.equal(plain.json().coveredIdentities, 1, "a non-path group matches exactly");
      const issuer = await post(responder, {
        kind: "issuer",
        iss: MINE,
        reason: "r",
        confirmBroad: true,
      });
      assert.equal(issuer.json().coveredIdentities, 4, "u-1, u-2, u-3, u-5");
      const token = await post(responder, { kind: "token", iss: MINE, jti: "t-4", reason: "r" });
      assert.equal(
        token.json().expiresAt,
        new Date((exp + 3600) * 1000).toISOString(),
        "the token's exp from the logs + 1 h",
      );
      const elsewhere = await post(responder, {
        kind: "token",
        iss: OTHER,
        jti: "t-4",
        reason: "r",
      });
      assert.equal(elsewhere.json().expiresAt, null, "exp of another issuer's token is not used");
      const old = await post(responder, { kind: "token", iss: OTHER, jti: "t-old", reason: "r" });
      assert.equal(old.statusCode, 400);
      assert.match(old.json().error.message, /found in the ingested logs.*--expires never/);
      const given = await post(responder, {
        kind: "token",
        iss: MINE,
        jti: "t-1",
        reason: "r",
        expiresAt: "2030-01-01T00:00:00.000Z",
      });
      assert.equal(given.json().expiresAt, "2030-01-01T00:00:00.000Z");
    });

    it("refuses a ban without a reason, naming it, and never takes a raw token", async () => {
      const res = await post(responder, { kind: "token", iss: ISS, jti: "j" });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.json().error.message, /reason/);
      const withToken = await post(responder, {
        kind: "token",
        iss: ISS,
        jti: "j",
        reason: "r",
        token: RAW_TOKEN,
      });
      assert.equal(withToken.statusCode, 400, withToken.body);
      assert.match(withToken.json().error.message, /token/);
    });

    it("refuses a body over 1 MiB with 413 before parsing it, and stores nothing", async () => {
      const before = (await call(t, responder, "GET", "/api/v1/bans")).length;
      const huge = await post(responder, {
        kind: "token",
        iss: ISS,
        jti: "jti-huge",
        reason: "x".repeat(1024 * 1024),
      });
      assert.equal(huge.statusCode, 413, huge.body);
      assert.equal((await call(t, responder, "GET", "/api/v1/bans")).length, before);
    });

    it("lets a site read bans but not create them; a viewer does neither", async () => {
      const site = await t.as("site");
      const viewer = await t.as("viewer");
      const body = { kind: "token", iss: ISS, jti: "x", reason: "r" };
      for (const who of [site, viewer]) {
        const res = await post(who, body);
        assert.equal(res.statusCode, 403, res.body);
        assert.equal(res.json().error.code, "forbidden");
      }
      const list = await call(t, site, "GET", "/api/v1/bans");
      assert.ok(list.length > 0);
      await call(t, viewer, "GET", "/api/v1/bans", undefined, [403]);
      const admin = await t.as("admin");
      await call(t, admin, "POST", "/api/v1/bans", body, [201]);
    });

    it("lifts a ban: state lifted, no longer matched; lifting twice is 409", async () => {
      const ban = await call(t, responder, "POST", "/api/v1/bans", {
        kind: "token",
        iss: ISS,
        jti: "to-lift",
        reason: "leaked in a log",
        incident: "INC-7",
      });
      const index = await t.ctx.bans.index();
      const f = facts({ iss: ISS, jti: "to-lift" });
      assert.equal(index.match(f, now()).length, 1);
      const site = await t.as("site");
      await call(t, site, "POST", `/api/v1/bans/${ban.id}/lift`, { reason: "x" }, [403]);
      const missing = await t.app.inject({
        method: "POST",
        url: `/api/v1/bans/${ban.id}/lift`,
        headers: responder,
        payload: {},
      });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.json().error.message, /reason/);
      const lifted = await call(t, responder, "POST", `/api/v1/bans/${ban.id}/lift`, {
        reason: "token rotated",
      });
      assert.equal(lifted.state, "lifted");
      assert.equal(lifted.effectiveState, "lifted");
      assert.equal(lifted.liftReason, "token rotated");
      assert.equal(lifted.liftedBy, "responder");
      assert.equal(index.match(f, now()).length, 0);
      const again = await t.app.inject({
        method: "POST",
        url: `/api/v1/bans/${ban.id}/lift`,
        headers: responder,
        payload: { reason: "again" },
      });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, "ban_lifted");
      const shown = await call(t, site, "GET", `/api/v1/bans/${ban.id}`);
      assert.equal(shown.state, "lifted");
      assert.deepEqual(
        shown.history.map((h: Record<string, unknown>) => [h.action, h.actor, h.reason]),
        [
          ["ban.create", "responder", "leaked in a log"],
          ["ban.lift", "responder", "token rotated"],
        ],
        "the site role reads the ban's history without the admin-only audit API",
      );
      const liftedList = await call(t, site, "GET", "/api/v1/bans?state=lifted");
      assert.deepEqual(
        liftedList.map((b: { id: string }) => b.id),
        [ban.id],
      );
      await call(t, site, "GET", "/api/v1/bans/ban_nope", undefined, [404]);

      const admin = await t.as("admin");
      const audit = await call(t, admin, "GET", `/api/v1/audit?target=ban:${ban.id}`);
      assert.deepEqual(
        audit.map((e: { action: string }) => e.action),
        ["ban.lift", "ban.create"],
      );
      assert.equal(audit[1].after.iss, ISS);
      assert.equal(audit[1].after.jti, "to-lift");
      assert.equal(audit[1].after.incident, "INC-7");
      assert.equal(audit[0].after.liftReason, "token rotated");
      const subject = (await call(t, admin, "GET", "/api/v1/audit?limit=500")).find(
        (e: { action: string; after: { sub?: string } }) =>
          e.action === "ban.create" && e.after.sub === "alice",
      );
      assert.equal(subject.after.iss, ISS);
      const all = JSON.stringify(await call(t, admin, "GET", "/api/v1/audit?limit=500"));
      assert.equal(all.includes(RAW_TOKEN), false);
      assert.equal(all.includes("eyJ"), false, "no JWT in the audit log");
      const stored = JSON.stringify(await t.ctx.store.db.selectFrom("bans").selectAll().execute());
      assert.equal(stored.includes("eyJ"), false, "no JWT in the bans table");
    });

    it("respects time windows under the fixed clock", async () => {
      const ban = await call(t, responder, "POST", "/api/v1/bans", {
        kind: "client",
        iss: ISS,
        clientId: "windowed",
        reason: "scheduled",
        startsAt: "2026-03-01T10:00:00Z",
        expiresAt: "2026-03-01T12:00:00Z",
        sites: ["CERN-PROD"],
      });
      assert.equal(ban.effectiveState, "pending");
      const f = facts({ iss: ISS, clientIds: ["windowed"] });
      const index = await t.ctx.bans.index();
      const pending = await call(t, responder, "GET", "/api/v1/bans?state=pending");
      assert.deepEqual(
        pending.map((b: { id: string }) => b.id),
        [ban.id],
      );
      assert.equal(index.match(f, now(), "CERN-PROD").length, 0);
      t.clock.set("2026-03-01T10:00:00.000Z");
      assert.equal(index.match(f, now(), "CERN-PROD").length, 1);
      assert.equal(index.match(f, now(), "DESY").length, 0);
      assert.equal(
        (await call(t, responder, "GET", `/api/v1/bans/${ban.id}`)).effectiveState,
        "active",
      );
      t.clock.set("2026-03-01T12:00:00.000Z");
      assert.equal(index.match(f, now(), "CERN-PROD").length, 0);
      const expired = await call(t, responder, "GET", "/api/v1/bans?state=expired");
      assert.deepEqual(
        expired.map((b: { id: string }) => b.id),
        [ban.id],
      );
      const wrong = await post(responder, {
        kind: "client",
        iss: ISS,
        clientId: "c",
        reason: "r",
        expiresAt: "2026-03-01T11:00:00Z",
      });
      assert.equal(wrong.statusCode, 400, "expires before the default start (now)");
      assert.match(wrong.json().error.message, /expiresAt/);
      t.clock.set("2026-03-01T09:00:00.000Z");
    });

    it("warns of an issuer spelled nearly like a known one, and of sites no log came from", async () => {
      const SEEN = "https://warn-iam.example.org/";
      const exp = Math.floor(now() / 1000) + 30 * 86_400;
      const up = await t.app.inject({
        method: "POST",
        url: "/api/v1/ingest?filename=warn-iam-audit.log&site=CERN-PROD",
        payload: iamIssuedLine({ iss: SEEN, sub: "w-1", jti: "w-t1", exp }) + "\n",
        headers: { ...(await t.as("site")), "content-type": "application/octet-stream" },
      });
      assert.equal(up.statusCode, 200, up.body);
      const TRUSTED = "https://trusted-iam.example.org/realm";
      const key = await makeIssuer("ES256", "k-warn", TRUSTED);
      const trusted = await t.app.inject({
        method: "POST",
        url: "/api/v1/issuers",
        headers: await t.as("admin"),
        payload: { iss: TRUSTED, jwks: { keys: [key.jwk] } },
      });
      assert.equal(trusted.statusCode, 201, trusted.body);
      const warned = async (iss: string, extra: object = {}) => {
        const res = await post(responder, {
          kind: "identity",
          iss,
          sub: "w-1",
          reason: "r",
          ...extra,
        });
        assert.equal(res.statusCode, 201, res.body);
        return res.json<{ warnings?: string[] }>().warnings ?? [];
      };
      for (const [typed, meant] of [
        ["https://warn-iam.example.org", SEEN],
        ["https://WARN-IAM.example.org/", SEEN],
        ["https://trusted-iam.example.org/realm/", TRUSTED],
      ] as const) {
        const w = await warned(typed);
        assert.equal(w.length, 1, typed);
        assert.ok(w[0]!.includes(`but "${meant}" is: issuers are compared exactly`), w[0]);
      }
      assert.deepEqual(await warned(SEEN), []);
      assert.deepEqual(await warned(TRUSTED), []);
      assert.deepEqual(
        await warned("https://never-seen.example.org/"),
        [],
        "no near miss: no warning",
      );
      const site = await warned(SEEN, { sites: ["CERN_PROD", "CERN-PROD"] });
      assert.deepEqual(site.length, 1);
      assert.match(
        site[0]!,
        /no ingested log came from site "CERN_PROD" \(sites seen: CERN-PROD\)/,
      );
      assert.deepEqual(await warned(SEEN, { sites: ["CERN-PROD"] }), []);
    });

    it("loads the index from the store in a fresh service", async () => {
      const fresh = new BansService({
        tx: txRunner(t.ctx.store, (exec) => ({
          bans: new BansRepository(exec),
          audit: new AuditRepository(exec),
        })),
        clock: t.clock,
        ids: { id: (p) => `${p}_x`, secret: () => "" },
      });
      const index = await fresh.index();
      assert.equal(index.match(facts({ iss: ISS, jti: "jti-1" }), now()).length, 1);
      assert.equal(index.match(facts({ iss: ISS, jti: "to-lift" }), now()).length, 0);
    });
  });
}
