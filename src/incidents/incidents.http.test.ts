// The incident API on every store kind: open (201 with the case file), list and filter, show,
// notes, state moves and procedure steps; a ban made with `incident` shows in the case file;
// the refusals: bad bodies (400 naming the field), site role (403), no token (401), unknown
// id (404), moves back and steps twice (409).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { call } from "../test-support/assess.js";
import { testApp, type TestApp } from "../test-support/app.js";
import { storeKinds } from "../test-support/stores.js";
import type { IncidentView } from "./incidents.service.js";

const ISS = "https://iam.example.org/";
const START = "2026-03-01T09:00:00.000Z";
const URL = "/api/v1/incidents";
type Headers = { authorization: string };
interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

for (const kind of await storeKinds()) {
  describe(`incidents over HTTP on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let responder: Headers;
    let site: Headers;
    let incident: IncidentView;

    before(async () => {
      t = await testApp(await kind.open());
      responder = await t.as("responder");
      site = await t.as("site");
    });
    after(() => t.close());

    const post = (who: Headers, url: string, payload: object) =>
      t.app.inject({ method: "POST", url, headers: who, payload });
    /** A 400 whose message and details name `field`. */
    async function badRequest(url: string, payload: object, field: string): Promise<void> {
      const res = await post(responder, url, payload);
      assert.equal(res.statusCode, 400, res.body);
      const body = res.json<ErrorBody>();
      assert.equal(body.error.code, "validation_failed");
      assert.ok(body.error.message.includes(field), body.error.message);
      assert.ok(
        (body.error.details ?? []).some(
          (d) => d.path.includes(field) || d.message.includes(`"${field}"`),
        ),
        JSON.stringify(body.error.details),
      );
    }

    it("POST opens an incident: 201 with the case file", async () => {
      const res = await post(responder, URL, {
        title: "Stolen refresh token",
        tlp: "AMBER",
        severity: "high",
        affectedSites: ["CERN-PROD"],
        affectedIdentities: [{ iss: ISS, sub: "alice" }],
      });
      assert.equal(res.statusCode, 201, res.body);
      incident = res.json<IncidentView>();
      assert.match(incident.id, /^inc_/);
      assert.equal(incident.state, "open");
      assert.equal(incident.tlp, "AMBER");
      assert.equal(incident.severity, "high");
      assert.equal(incident.discoveredAt, START);
      assert.equal(incident.createdBy, "responder");
      assert.deepEqual(incident.affectedSites, ["CERN-PROD"]);
      assert.deepEqual(incident.affectedIdentities, [{ iss: ISS, sub: "alice" }]);
      assert.deepEqual(
        incident.clock.map((c) => [c.step, c.dueAt, c.overdue]),
        [
          ["reported", "2026-03-01T13:00:00.000Z", false],
          ["contained", "2026-03-02T09:00:00.000Z", false],
          ["closure-report", null, false],
        ],
      );
      assert.deepEqual(incident.overdue, []);
      assert.deepEqual(
        incident.actions.map((a) => [a.kind, a.actor]),
        [["created", "responder"]],
      );
      assert.deepEqual(incident.bans, []);
    });

    it("GET lists incidents (state filter) and GET :id shows one", async () => {
      const other = await call(t, responder, "POST", URL, {
        title: "Leaked token",
        tlp: "GREEN",
        discoveredAt: "2026-03-01T08:00:00Z",
      });
      const list = (await call(t, responder, "GET", URL)) as IncidentView[];
      assert.deepEqual(
        list.map((i) => i.id),
        [incident.id, other.id],
        "newest discovered first",
      );
      assert.equal(list[0]!.severity, "high");
      assert.deepEqual(await call(t, responder, "GET", `${URL}?state=contained`), []);
      const open = (await call(t, responder, "GET", `${URL}?state=open`)) as IncidentView[];
      assert.equal(open.length, 2);
      const shown = (await call(t, responder, "GET", `${URL}/${incident.id}`)) as IncidentView;
      assert.deepEqual(shown, incident);
      const asAdmin = await call(t, await t.as("admin"), "GET", `${URL}/${incident.id}`);
      assert.equal(asAdmin.id, incident.id);
    });

    it("GET ?overdue=true lists only those past a deadline", async () => {
      assert.deepEqual(await call(t, responder, "GET", `${URL}?overdue=true`), []);
      t.clock.advance(4 * 3_600_000 + 1);
      try {
        const over = (await call(t, responder, "GET", `${URL}?overdue=true`)) as IncidentView[];
        assert.ok(over.some((i) => i.id === incident.id));
        assert.ok(over.every((i) => i.overdue.includes("reported")));
      } finally {
        t.clock.set(START);
      }
    });

    it("POST notes, state and steps answer 200 with the updated case file", async () => {
      const url = `${URL}/${incident.id}`;
      const noted = await post(responder, `${url}/notes`, { text: "user confirmed the leak" });
      assert.equal(noted.statusCode, 200, noted.body);
      assert.deepEqual(noted.json<IncidentView>().actions.at(-1), {
        at: START,
        actor: "responder",
        kind: "note",
        text: "user confirmed the leak",
        ref: null,
      });
      const reported = await post(responder, `${url}/steps`, { step: "reported" });
      assert.equal(reported.statusCode, 200, reported.body);
      assert.equal(reported.json<IncidentView>().reportedAt, START);
      const twice = await post(responder, `${url}/steps`, { step: "reported" });
      assert.equal(twice.statusCode, 409, twice.body);
      assert.equal(twice.json<ErrorBody>().error.code, "incident_step_done");
      const early = await post(responder, `${url}/steps`, { step: "closure-report" });
      assert.equal(early.statusCode, 409, early.body);
      assert.equal(early.json<ErrorBody>().error.code, "incident_not_resolved");

      const ban = await call(t, responder, "POST", "/api/v1/bans", {
        kind: "identity",
        iss: ISS,
        sub: "alice",
        reason: "stolen refresh token",
        incident: incident.id,
      });
      t.clock.advance(60_000);
      const resolved = await post(responder, `${url}/state`, {
        state: "resolved",
        note: "revoked",
      });
      assert.equal(resolved.statusCode, 200, resolved.body);
      const r = resolved.json<IncidentView>();
      assert.equal(r.state, "resolved");
      assert.equal(r.containedAt, "2026-03-01T09:01:00.000Z");
      assert.equal(r.resolvedAt, "2026-03-01T09:01:00.000Z");
      assert.equal(r.clock[2]!.dueAt, "2026-04-01T09:01:00.000Z");
      assert.deepEqual(
        r.bans.map((b) => [b.id, b.denies, b.state]),
        [[ban.id, "sub alice", "active"]],
      );
      assert.deepEqual(
        r.actions.map((a) => a.kind),
        ["created", "note", "reported", "ban", "state"],
      );
      const back = await post(responder, `${url}/state`, { state: "contained" });
      assert.equal(back.statusCode, 409, back.body);
      assert.equal(back.json<ErrorBody>().error.code, "incident_state");

      const closure = await post(responder, `${url}/steps`, { step: "closure-report" });
      assert.equal(closure.statusCode, 200, closure.body);
      assert.equal(closure.json<IncidentView>().closureReportAt, "2026-03-01T09:01:00.000Z");
      const closed = await post(responder, `${url}/state`, { state: "closed" });
      assert.equal(closed.statusCode, 200, closed.body);
      assert.equal(closed.json<IncidentView>().closedAt, "2026-03-01T09:01:00.000Z");
      t.clock.set(START);
    });

    it("answers 400 naming the field for bad bodies and queries", async () => {
      await badRequest(URL, { title: "x", tlp: "PURPLE" }, "tlp");
      await badRequest(URL, { tlp: "RED" }, "title");
      await badRequest(URL, { title: "", tlp: "RED" }, "title");
      await badRequest(URL, { title: "two\nlines", tlp: "RED" }, "title");
      await badRequest(URL, { title: "x", tlp: "RED", severity: "urgent" }, "severity");
      await badRequest(
        URL,
        { title: "x", tlp: "RED", discoveredAt: "2026-03-01T08:00" },
        "discoveredAt",
      );
      await badRequest(URL, { title: "x", tlp: "RED", owner: "me" }, "owner");
      const url = `${URL}/${incident.id}`;
      await badRequest(`${url}/notes`, { text: "bell \u0007" }, "text");
      await badRequest(`${url}/notes`, {}, "text");
      await badRequest(`${url}/state`, { state: "reopened" }, "state");
      await badRequest(`${url}/state`, { state: "open" }, "state");
      await badRequest(`${url}/steps`, { step: "contained" }, "step");
      const q = await t.app.inject({
        method: "GET",
        url: `${URL}?state=gone`,
        headers: responder,
      });
      assert.equal(q.statusCode, 400, q.body);
      assert.match(q.json<ErrorBody>().error.message, /state/);
    });

    it("refuses the site role (403) and a request without a token (401)", async () => {
      const url = `${URL}/${incident.id}`;
      for (const [method, u, payload] of [
        ["GET", URL, undefined],
        ["GET", url, undefined],
        ["POST", URL, { title: "x", tlp: "RED" }],
        ["POST", `${url}/notes`, { text: "x" }],
        ["POST", `${url}/state`, { state: "closed" }],
        ["POST", `${url}/steps`, { step: "reported" }],
      ] as const) {
        const res = await t.app.inject({
          method,
          url: u,
          headers: site,
          ...(payload === undefined ? {} : { payload }),
        });
        assert.equal(res.statusCode, 403, `${method} ${u}: ${res.body}`);
        assert.equal(res.json<ErrorBody>().error.code, "forbidden");
        const anon = await t.app.inject({
          method,
          url: u,
          ...(payload === undefined ? {} : { payload }),
        });
        assert.equal(anon.statusCode, 401, `${method} ${u}: ${anon.body}`);
        assert.equal(anon.json<ErrorBody>().error.code, "unauthenticated");
      }
      const viewer = await t.as("viewer");
      await call(t, viewer, "GET", URL, undefined, [403]);
    });

    it("answers 404 for an unknown id", async () => {
      for (const [method, u, payload] of [
        ["GET", `${URL}/inc_unknown`, undefined],
        ["POST", `${URL}/inc_unknown/notes`, { text: "x" }],
        ["POST", `${URL}/inc_unknown/state`, { state: "contained" }],
        ["POST", `${URL}/inc_unknown/steps`, { step: "reported" }],
      ] as const) {
        const res = await t.app.inject({
          method,
          url: u,
          headers: responder,
          ...(payload === undefined ? {} : { payload }),
        });
        assert.equal(res.statusCode, 404, `${method} ${u}: ${res.body}`);
        assert.equal(res.json<ErrorBody>().error.code, "not_found");
      }
    });
  });
}
