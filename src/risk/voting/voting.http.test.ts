import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { call, smallAssessment, voteRound } from "../../test-support/assess.js";
import { testApp, type TestApp } from "../../test-support/app.js";
import { storeKinds } from "../../test-support/stores.js";

for (const kind of await storeKinds()) {
  describe(`hidden voting and settlement over HTTP on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let fac: { authorization: string };
    let url: string;
    before(async () => {
      t = await testApp(await kind.open());
      ({ fac, url } = await smallAssessment(t));
    });
    after(() => t.close());

    it("nobody reads votes before reveal — only who has voted", async () => {
      const round = await call(t, fac, "POST", `${url}/rows/4a/rounds`);
      assert.equal(round.state, "open");
      assert.equal(round.number, 1);
      const alice = await t.as("assessor", "alice");
      const mine = await call(t, alice, "PUT", `/api/v1/rounds/${round.id}/vote`, {
        likelihood: 2,
        impact: 3,
        confidence: "high",
        note: "seen it",
      });
      assert.deepEqual([mine.likelihood, mine.impact, mine.voter], [2, 3, "alice"]);
      // change until reveal
      await call(t, alice, "PUT", `/api/v1/rounds/${round.id}/vote`, { likelihood: 1, impact: 3 });
      await call(t, await t.as("assessor", "bob"), "PUT", `/api/v1/rounds/${round.id}/vote`, {
        likelihood: 4,
        impact: 3,
      });
      for (const who of [fac, await t.as("admin"), await t.as("assessor", "bob")]) {
        const seen = await call(t, who, "GET", `/api/v1/rounds/${round.id}`);
        assert.deepEqual(seen.voters.map((v: { voter: string }) => v.voter).sort(), [
          "alice",
          "bob",
        ]);
        assert.equal(seen.votes, null);
        assert.equal(seen.stats, null);
      }
      const asAlice = await call(t, alice, "GET", `/api/v1/rounds/${round.id}`);
      assert.equal(asAlice.myVote.likelihood, 1, "a voter sees their own vote");
      // …but not through a token an admin minted for her: that would let the admin read it
      const minted = await call(t, await t.as("admin"), "POST", "/api/v1/api-tokens", {
        user: "alice",
        label: "impersonation",
      });
      const viaAdmin = await call(
        t,
        { authorization: `Bearer ${minted.secret}` },
        "GET",
        `/api/v1/rounds/${round.id}`,
      );
      assert.equal(viaAdmin.myVote, null);
      assert.equal(viaAdmin.votes, null);
      // the audit log does not leak values either
      const audit = await call(t, await t.as("admin"), "GET", "/api/v1/audit?limit=20");
      const voteEntries = audit.filter((e: { action: string }) => e.action.startsWith("vote."));
      assert.ok(voteEntries.length >= 3);
      for (const e of voteEntries) assert.equal(/likelihood|impact/.test(JSON.stringify(e)), false);
      // a viewer cannot vote, an assessor cannot reveal
      const v = await t.app.inject({
        method: "PUT",
        url: `/api/v1/rounds/${round.id}/vote`,
        headers: await t.as("viewer"),
        payload: { likelihood: 2, impact: 2 },
      });
      assert.equal(v.statusCode, 403);
      const r = await t.app.inject({
        method: "POST",
        url: `/api/v1/rounds/${round.id}/reveal`,
        headers: alice,
      });
      assert.equal(r.statusCode, 403);
      // a second open round on the same row is refused
      const again = await t.app.inject({
        method: "POST",
        url: `${url}/rows/4a/rounds`,
        headers: fac,
      });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, "round_already_open");

      const revealed = await call(t, fac, "POST", `/api/v1/rounds/${round.id}/reveal`);
      assert.equal(revealed.state, "revealed");
      assert.equal(revealed.votes.length, 2);
      assert.deepEqual(revealed.stats.likelihood.votes, [1, 4]);
      assert.equal(revealed.stats.likelihood.consensus, "split");
      assert.equal(revealed.stats.impact.consensus, "unanimous");
      const late = await t.app.inject({
        method: "PUT",
        url: `/api/v1/rounds/${round.id}/vote`,
        headers: alice,
        payload: { likelihood: 3, impact: 3 },
      });
      assert.equal(late.statusCode, 409);
      assert.equal(late.json().error.code, "round_closed");
    });

    it("validates votes against the scale and names the field", async () => {
      const round = await call(t, fac, "POST", `${url}/rows/TR-1/rounds`);
      const alice = await t.as("assessor", "alice");
      const off = await t.app.inject({
        method: "PUT",
        url: `/api/v1/rounds/${round.id}/vote`,
        headers: alice,
        payload: { likelihood: 6, impact: 0 },
      });
      assert.equal(off.statusCode, 400);
      assert.deepEqual(
        off.json().error.details.map((d: { path: string }) => d.path),
        ["likelihood", "impact"],
      );
      const frac = await t.app.inject({
        method: "PUT",
        url: `/api/v1/rounds/${round.id}/vote`,
        headers: alice,
        payload: { likelihood: 2.5, impact: 3 },
      });
      assert.equal(frac.statusCode, 400);
      assert.match(frac.json().error.message, /body\.likelihood/);
      const missing = await t.app.inject({
        method: "PUT",
        url: `/api/v1/rounds/${round.id}/vote`,
        headers: alice,
        payload: { likelihood: 2 },
      });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.json().error.message, /body\.impact: required/);
      const nothing = await t.app.inject({
        method: "POST",
        url: `/api/v1/rounds/${round.id}/reveal`,
        headers: fac,
      });
      assert.equal(nothing.statusCode, 409);
      assert.equal(nothing.json().error.code, "no_votes");
      const unknown = await t.app.inject({
        method: "GET",
        url: "/api/v1/rounds/rnd_nope",
        headers: fac,
      });
      assert.equal(unknown.statusCode, 404);
      await call(t, alice, "PUT", `/api/v1/rounds/${round.id}/vote`, { likelihood: 3, impact: 3 });
      await call(t, fac, "POST", `/api/v1/rounds/${round.id}/reveal`);
    });

    it("re-vote opens round 2; every round is kept", async () => {
      const r2 = await voteRound(t, fac, url, "4a", { alice: [2, 3], bob: [2, 4], carol: [3, 4] });
      assert.equal(r2.number, 2);
      const rounds = await call(t, fac, "GET", `${url}/rows/4a/rounds`);
      assert.deepEqual(
        rounds.map((r: { number: number; votes: unknown[] }) => [r.number, r.votes.length]),
        [
          [1, 2],
          [2, 3],
        ],
      );
    });

    it("settles by the assessment's rule from the latest round (aim high on split votes)", async () => {
      const s = await call(t, fac, "POST", `${url}/rows/4a/settle`, {});
      // round 2: L [2,2,3] highest mode 2; I [3,4,4] highest mode 4 → 2×4 = 8 → Medium
      assert.deepEqual(
        [s.rule, s.likelihood, s.impact, s.level, s.levelLabel],
        ["highest-mode", 2, 4, "medium", "Medium"],
      );
      assert.equal(s.rounding, "none");
      const rows = await call(t, fac, "GET", `${url}/rows`);
      const row = rows.rows.find((r: { id: string }) => r.id === "4a");
      assert.equal(row.score.likelihood, 2);
      assert.equal(row.score.impact, 4);
      assert.equal(rows.version.label, "v0.1");
    });

    it("another rule needs a reason; mean rounds half up and records the raw figures", async () => {
      const noReason = await t.app.inject({
        method: "POST",
        url: `${url}/rows/4a/settle`,
        headers: fac,
        payload: { rule: "mean" },
      });
      assert.equal(noReason.statusCode, 400);
      assert.equal(noReason.json().error.details[0].path, "reason");
      const s = await call(t, fac, "POST", `${url}/rows/4a/settle`, {
        rule: "mean",
        reason: "the group agreed to average this one",
      });
      // L mean 7/3 = 2.33 → 2; I mean 11/3 = 3.67 → 4
      assert.deepEqual([s.likelihood, s.impact, s.rounding], [2, 4, "half-up"]);
      assert.ok(Math.abs(s.raw.likelihood - 7 / 3) < 1e-9);
      const history = await call(t, fac, "GET", `${url}/rows/4a/settlements`);
      assert.deepEqual(
        history.map((h: { rule: string; current: boolean }) => [h.rule, h.current]),
        [
          ["highest-mode", false],
          ["mean", true],
        ],
      );
      assert.deepEqual(history[1].stats.likelihood.votes, [2, 2, 3]);
      assert.equal(history[1].reason, "the group agreed to average this one");
    });

    it("facilitator decision needs scores and a reason", async () => {
      const bad = await t.app.inject({
        method: "POST",
        url: `${url}/rows/4e/settle`,
        headers: fac,
        payload: { rule: "facilitator" },
      });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(
        bad.json().error.details.map((d: { path: string }) => d.path),
        ["likelihood", "impact", "reason"],
      );
      const computedWithScores = await t.app.inject({
        method: "POST",
        url: `${url}/rows/4e/settle`,
        headers: fac,
        payload: { rule: "max", likelihood: 2, reason: "x" },
      });
      assert.equal(computedWithScores.statusCode, 400);
      const noRound = await t.app.inject({
        method: "POST",
        url: `${url}/rows/4e/settle`,
        headers: fac,
        payload: {},
      });
      assert.equal(noRound.statusCode, 409);
      assert.equal(noRound.json().error.code, "no_revealed_round");
      const s = await call(t, fac, "POST", `${url}/rows/4e/settle`, {
        rule: "facilitator",
        likelihood: 4,
        impact: 4,
        reason: "power users hold broad scopes",
      });
      assert.deepEqual(
        [s.likelihood, s.impact, s.level, s.reason],
        [4, 4, "extreme", "power users hold broad scopes"],
      );
    });

    it("a failed request writes nothing", async () => {
      const before = await call(t, await t.as("admin"), "GET", "/api/v1/audit/verify");
      const res = await t.app.inject({
        method: "POST",
        url: `${url}/rows/4e/settle`,
        headers: fac,
        payload: { rule: "facilitator", likelihood: 9, impact: 4, reason: "x" },
      });
      assert.equal(res.statusCode, 400);
      const after = await call(t, await t.as("admin"), "GET", "/api/v1/audit/verify");
      assert.equal(after.entries, before.entries);
      const row = (await call(t, fac, "GET", `${url}/rows/4e`)).score;
      assert.equal(row.likelihood, 4);
    });

    it("votes racing a reveal: every acknowledged vote is counted, the rest refused", async () => {
      const round = await call(t, fac, "POST", `${url}/rows/TR-1/rounds`);
      const voters = await Promise.all(
        Array.from({ length: 12 }, (_, i) => t.as("assessor", `racer-${i}`)),
      );
      const votes = voters.map((h) =>
        t.app.inject({
          method: "PUT",
          url: `/api/v1/rounds/${round.id}/vote`,
          headers: h,
          payload: { likelihood: 3, impact: 2 },
        }),
      );
      await t.app.inject({
        method: "PUT",
        url: `/api/v1/rounds/${round.id}/vote`,
        headers: voters[0] as { authorization: string },
        payload: { likelihood: 3, impact: 2 },
      });
      const reveal = t.app.inject({
        method: "POST",
        url: `/api/v1/rounds/${round.id}/reveal`,
        headers: fac,
      });
      const results = await Promise.all(votes);
      assert.equal((await reveal).statusCode, 200);
      const acked = new Set(["racer-0"]); // its second, awaited vote made sure there was one
      results.forEach((r, i) => r.statusCode === 200 && acked.add(`racer-${i}`));
      for (const r of results) assert.ok([200, 409].includes(r.statusCode), r.body);
      const final = await call(t, fac, "GET", `/api/v1/rounds/${round.id}`);
      assert.deepEqual(
        final.votes.map((v: { voter: string }) => v.voter).sort(),
        [...acked].sort(),
      );
      assert.equal(final.stats.likelihood.n, final.votes.length);
    });

    it("concurrent settles leave exactly one current settlement", async () => {
      await Promise.all(
        Array.from({ length: 5 }, () =>
          t.app.inject({
            method: "POST",
            url: `${url}/rows/TR-1/settle`,
            headers: fac,
            payload: {},
          }),
        ),
      );
      const current = await t.ctx.store.db
        .selectFrom("settlements")
        .select("id")
        .where("row_id", "=", "TR-1")
        .where("current", "=", 1)
        .execute();
      assert.equal(current.length, 1);
    });

    it("refuses NUL characters, accepts an empty JSON body, answers unknown routes in the error shape", async () => {
      const nul = await t.app.inject({
        method: "PUT",
        url: `${url}/threats/TR-9`,
        headers: { ...fac, "content-type": "application/json" },
        payload: '{"title":"a\\u0000b"}',
      });
      assert.equal(nul.statusCode, 400);
      assert.match(nul.json().error.message, /NUL/);
      const q = await t.app.inject({
        method: "GET",
        url: "/api/v1/audit?target=a%00b",
        headers: await t.as("admin"),
      });
      assert.equal(q.statusCode, 400);
      const empty = await t.app.inject({
        method: "POST",
        url: "/api/v1/auth/logout",
        headers: { "content-type": "application/json" },
        payload: "",
      });
      assert.equal(empty.statusCode, 200, empty.body);
      const none = await t.app.inject({ method: "GET", url: "/api/v1/nothing-here", headers: fac });
      assert.equal(none.statusCode, 404);
      assert.equal(none.json().error.code, "not_found");
    });

    it("a frozen version refuses every change with 409 and says why", async () => {
      await call(t, fac, "POST", `${url}/rows/TR-1/settle`, {});
      await call(t, fac, "POST", `${url}/versions/v0.1/freeze`);
      for (const [method, path, payload] of [
        ["POST", `${url}/rows/4a/rounds`, undefined],
        ["POST", `${url}/rows/4a/settle`, {}],
        ["POST", `${url}/rows`, { threat: "TR-1", id: "x" }],
        ["PUT", `${url}/threats/TR-1`, { title: "changed" }],
      ] as const) {
        const res = await t.app.inject({
          method,
          url: path,
          headers: fac,
          ...(payload ? { payload } : {}),
        });
        assert.equal(res.statusCode, 409, path);
        assert.equal(res.json().error.code, "version_immutable");
        assert.match(res.json().error.message, /v0\.1 is frozen .* create a new version/);
      }
    });
  });
}
