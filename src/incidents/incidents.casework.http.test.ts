// The case work on an incident over HTTP, on every store kind: a token linked from its claims
// (its identity joins the affected ones, its workflow's playbook appears), an ingested event
// starred with a note, playbook steps ticked into the action log, the lessons learned written
// and carried by the report; and the refusals — a raw token in the body, the same token twice,
// an unknown event or step, a workflow not linked, a step ticked twice, the site role.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadExample } from "../risk/index.js";
import { testApp, type TestApp } from "../test-support/app.js";
import { dcacheLines } from "../test-support/log-lines.js";
import { storeKinds } from "../test-support/stores.js";
import type { TraceResult } from "../trace/index.js";
import type { IncidentView } from "./incidents.service.js";

const ISS = "https://iam.example.org/";
type Headers = { authorization: string };

for (const kind of await storeKinds()) {
  describe(`incident case work over HTTP on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let responder: Headers;
    let url: string;

    before(async () => {
      t = await testApp(await kind.open());
      await loadExample(t.ctx, await t.ctx.accounts.localActor("admin"));
      responder = await t.as("responder");
      const up = await t.app.inject({
        method: "POST",
        url: "/api/v1/ingest?filename=webdav.access&site=site-01",
        payload: dcacheLines(0, 3),
        headers: { ...(await t.as("site")), "content-type": "application/octet-stream" },
      });
      assert.equal(up.statusCode, 200, up.body);
      const res = await send("POST", "/api/v1/incidents", { title: "Leaked token", tlp: "RED" });
      assert.equal(res.statusCode, 201, res.body);
      url = `/api/v1/incidents/${res.json<IncidentView>().id}`;
    });
    after(() => t.close());

    function send(method: "POST" | "PUT", path: string, payload: object, who = responder) {
      return t.app.inject({ method, url: path, headers: who, payload });
    }
    async function ok(method: "POST" | "PUT", path: string, payload: object) {
      const res = await send(method, path, payload);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<IncidentView>();
    }
    async function refused(path: string, payload: object, status: number, code: string) {
      const res = await send("POST", path, payload);
      assert.equal(res.statusCode, status, res.body);
      const body = res.json<{ error: { code: string; message: string } }>();
      assert.equal(body.error.code, code, body.error.message);
      return body.error.message;
    }

    it("links a token from its claims: identity added, workflow's playbook shown", async () => {
      const v = await ok("POST", `${url}/tokens`, {
        iss: ISS,
        sub: "sub-1",
        jti: "jti-1",
        clientId: "notebook",
        exp: 1_725_350_400,
        workflow: "b",
      });
      assert.deepEqual(
        v.tokens.map((x) => [x.jti, x.sub, x.clientId, x.workflow, x.exp, x.addedBy]),
        [["jti-1", "sub-1", "notebook", "b", 1_725_350_400, "responder"]],
      );
      assert.deepEqual(v.affectedIdentities, [{ iss: ISS, sub: "sub-1" }]);
      assert.equal(v.playbooks.length, 1);
      assert.equal(v.playbooks[0]!.workflow, "b");
      assert.ok(v.playbooks[0]!.steps.length >= 6);
      assert.ok(v.playbooks[0]!.steps.every((s) => s.done === null));
      const line = v.actions.at(-1)!;
      assert.equal(line.kind, "token");
      assert.equal(
        line.text,
        `linked token jti jti-1, sub sub-1, client notebook at ${ISS} (workflow b)`,
      );
    });

    it("refuses the same token twice, a token without names, and a raw token", async () => {
      const same = { iss: ISS, sub: "sub-1", jti: "jti-1", clientId: "notebook" };
      await refused(`${url}/tokens`, same, 409, "incident_token_linked");
      const none = await refused(`${url}/tokens`, { iss: ISS }, 400, "validation_failed");
      assert.ok(none.includes("sub"), none);
      const raw = await refused(
        `${url}/tokens`,
        { iss: ISS, sub: "x", token: "eyJhbGciOiJFUzI1NiJ9.e30.sig" },
        400,
        "validation_failed",
      );
      assert.ok(raw.includes("token"), raw);
    });

    it("stars an ingested event with a note; an unknown event is 404", async () => {
      const tr = await t.app.inject({
        url: "/api/v1/trace?by=jti&value=jti-1",
        headers: responder,
      });
      assert.equal(tr.statusCode, 200, tr.body);
      const [event] = tr.json<TraceResult>().timeline;
      assert.ok(event !== undefined);
      const v = await ok("POST", `${url}/stars`, { eventId: event.id, note: "first read" });
      const line = v.actions.at(-1)!;
      assert.equal(line.kind, "star");
      assert.equal(line.ref, `event:${event.id}`);
      assert.equal(
        line.text,
        `starred event ${event.id}: 2024-09-03T08:00:01.000Z · site-01 dcache storage.get (success)` +
          ` · sub sub-1, jti jti-1, from 192.0.2.10 · path /data/vo/file-1 · webdav.access:2 — first read`,
      );
      await refused(`${url}/stars`, { eventId: 999_999 }, 404, "not_found");
      await refused(`${url}/stars`, { eventId: "1" }, 400, "validation_failed");
    });

    it("ticks playbook steps once each into the action log", async () => {
      const v = await ok("POST", `${url}/playbook`, { workflow: "b", step: 1 });
      const step = v.playbooks[0]!.steps[0]!;
      assert.equal(step.done?.actor, "responder");
      assert.ok(v.playbooks[0]!.steps.slice(1).every((s) => s.done === null));
      const line = v.actions.at(-1)!;
      assert.equal(line.kind, "playbook");
      assert.match(line.ref ?? "", /^b#1:[0-9a-f]{8}$/);
      assert.ok(line.text.endsWith(`step 1 done: ${step.action}`), line.text);
      await refused(`${url}/playbook`, { workflow: "b", step: 1 }, 409, "incident_step_done");
      // two ticks of one step at the same time: one line, one refusal
      const both = await Promise.all([
        send("POST", `${url}/playbook`, { workflow: "b", step: 2 }),
        send("POST", `${url}/playbook`, { workflow: "b", step: 2 }),
      ]);
      assert.deepEqual(both.map((r) => r.statusCode).sort(), [200, 409]);
      const after = await t.app.inject({ url, headers: responder });
      const refs = after.json<IncidentView>().actions.filter((a) => a.kind === "playbook");
      assert.equal(refs.length, 2, "steps 1 and 2, once each");
      await refused(`${url}/playbook`, { workflow: "b", step: 99 }, 404, "not_found");
      await refused(`${url}/playbook`, { workflow: "a", step: 1 }, 404, "not_found");
    });

    it("writes the lessons learned; the report carries the last version", async () => {
      await ok("PUT", `${url}/lessons`, { text: "First draft." });
      const v = await ok("PUT", `${url}/lessons`, { text: "Shorter refresh token lifetimes." });
      assert.equal(v.lessonsLearned, "Shorter refresh token lifetimes.");
      assert.deepEqual(
        v.actions.filter((a) => a.kind === "lessons").map((a) => a.text),
        ["lessons learned: First draft.", "lessons learned: Shorter refresh token lifetimes."],
      );
      const md = await send("POST", `${url}/exports`, { format: "md" });
      assert.equal(md.statusCode, 200, md.body);
      assert.ok(md.body.includes("## Lessons learned\n\nShorter refresh token lifetimes.\n"));
      assert.ok(md.body.includes("| jti-1 | sub-1 | notebook | https://iam.example.org/ | b |"));
    });

    it("sets the affected sites and identities; the change is logged, no change logs nothing", async () => {
      const body = {
        affectedSites: ["site-01", "site-02", "site-01"],
        affectedIdentities: [{ iss: ISS, sub: "sub-2" }],
      };
      const v = await ok("PUT", `${url}/affected`, body);
      assert.deepEqual(v.affectedSites, ["site-01", "site-02"]);
      assert.deepEqual(v.affectedIdentities, [{ iss: ISS, sub: "sub-2" }]);
      assert.equal(
        v.actions.at(-1)!.text,
        `affected sites +site-01 +site-02; identities +sub sub-2 at ${ISS}, −sub sub-1 at ${ISS}`,
      );
      const again = await ok("PUT", `${url}/affected`, body);
      assert.equal(again.actions.length, v.actions.length);
      const bad = await send("PUT", `${url}/affected`, { affectedSites: ["a\nb"] });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.match(bad.body, /affectedIdentities|affectedSites/);
    });

    it("a ban linked to an incident id that does not exist is refused; other references pass", async () => {
      const ban = (incident: string) =>
        send("POST", "/api/v1/bans", {
          kind: "identity",
          iss: ISS,
          sub: "sub-9",
          reason: "leaked",
          incident,
        });
      const missing = await ban("inc_0000missing");
      assert.equal(missing.statusCode, 400, missing.body);
      assert.match(missing.body, /there is no incident inc_0000missing/);
      assert.equal((await ban("EGI-CSIRT-2024-17")).statusCode, 201);
      assert.equal((await ban(url.split("/").at(-1)!)).statusCode, 201);
    });

    it("the site and viewer roles may not work on the case", async () => {
      for (const role of ["site", "viewer"] as const) {
        const who = await t.as(role);
        const calls: [string, string, object][] = [
          ["POST", `${url}/tokens`, { iss: ISS, sub: "x" }],
          ["POST", `${url}/stars`, { eventId: 1 }],
          ["POST", `${url}/playbook`, { workflow: "b", step: 3 }],
          ["PUT", `${url}/lessons`, { text: "x" }],
        ];
        for (const [method, path, body] of calls) {
          const res = await send(method as "POST" | "PUT", path, body, who);
          assert.equal(res.statusCode, 403, `${role} ${method} ${path}: ${res.body}`);
        }
      }
    });
  });
}
