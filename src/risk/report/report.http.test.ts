// The report of a version over HTTP on both stores: its figures (1s and 5s, split rounds settled
// high, rows of concern), every format with its content type and file name, and refusals.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { call, smallAssessment, voteRound } from "../../test-support/assess.js";
import { testApp, type TestApp } from "../../test-support/app.js";
import { storeKinds } from "../../test-support/stores.js";
import type { ReportData } from "./report.data.js";

for (const kind of await storeKinds()) {
  describe(`reports on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let url: string;
    let data: ReportData;
    before(async () => {
      t = await testApp(await kind.open());
      const s = await smallAssessment(t);
      url = s.url;
      // 4a: L 1,1,4 and I 5,5,3 (both split); re-vote L2,2,3 (near) I 4,5,5 → L2 I5
      await voteRound(t, s.fac, url, "4a", { ann: [1, 5], ben: [1, 5], cat: [4, 3] });
      await voteRound(t, s.fac, url, "4a", { ann: [2, 4], ben: [2, 5], cat: [3, 5] });
      await call(t, s.fac, "POST", `${url}/rows/4a/settle`, {});
      // 4e: L 3,4,5 (split, three modes) I 3,3,4 → aim high: L5 I3 (settled above the median 4)
      await voteRound(t, s.fac, url, "4e", { ann: [3, 3], ben: [4, 3], cat: [5, 4] });
      await call(t, s.fac, "POST", `${url}/rows/4e/settle`, {});
      // TR-1: a round left open: its votes are secret and must not reach any report
      const open = await call(t, s.fac, "POST", `${url}/rows/TR-1/rounds`);
      await call(t, await t.as("assessor", "ann"), "PUT", `/api/v1/rounds/${open.id}/vote`, {
        likelihood: 1,
        impact: 1,
      });
      data = await t.ctx.risk.reports.data(await t.ctx.accounts.localActor("fac"), "wg", "v0.1");
    });
    after(() => t.close());

    it("counts the 1s and 5s cast and settled, and the split rounds settled high", () => {
      assert.deepEqual(data.figures.extremeVotes, {
        likelihood: { low: 2, high: 1 },
        impact: { low: 0, high: 4 },
      });
      assert.deepEqual(data.figures.extremeSettled, {
        likelihood: { low: 0, high: 1 },
        impact: { low: 0, high: 1 },
      });
      assert.equal(data.figures.revealedRounds, 3);
      assert.equal(data.figures.splitRounds, 2);
      // 4e was settled from a split round, above its median; 4a from a near round
      assert.equal(data.figures.splitSettledHigh, 1);
    });

    it("summarises: levels, rows of concern, spotlights, unscored", () => {
      const row = (id: string) => data.rows.find((r) => r.id === id);
      assert.deepEqual(
        [row("4a")?.score?.likelihood, row("4a")?.score?.impact, row("4e")?.score?.likelihood],
        [2, 5, 5],
      );
      assert.deepEqual(data.summary.unscored, ["TR-1"]);
      assert.deepEqual(data.summary.highImpactLowLikelihood, ["4a"]);
      assert.deepEqual(data.summary.highLikelihood, ["4e"]);
      assert.deepEqual(data.summary.concern, ["4e", "4a"]);
      const counted = data.summary.countsByLevel.reduce((n, l) => n + l.count, 0);
      assert.equal(counted, 2);
      assert.deepEqual(
        data.disagreements.map((d) => [d.row, d.rounds.map((r) => r.splitAxes)]),
        [
          ["4a", [["likelihood", "impact"]]],
          ["4e", [["likelihood"]]],
        ],
      );
    });

    it("never shows a vote of an open round", () => {
      const tr1 = data.rows.find((r) => r.id === "TR-1");
      assert.equal(tr1?.rounds.length, 1);
      assert.deepEqual(tr1?.rounds[0]?.votes, []);
      assert.equal(tr1?.rounds[0]?.stats, null);
    });

    it("places settled rows in the heatmap and the meta-table", () => {
      const cell = data.heatmap.find((c) => c.likelihood === 5 && c.impact === 3);
      assert.deepEqual(cell?.rows, ["4e"]);
      assert.equal(data.heatmap.length, 25);
      const tr4 = data.metaTable.lines.find((l) => l.threat.id === "TR-4");
      assert.deepEqual(
        tr4?.perWorkflow?.map((cells) => cells.map((c) => [c.row, c.likelihood, c.impact])),
        [[["4a", 2, 5]], [["4e", 5, 3]]],
      );
    });

    const TYPES = {
      md: ["text/markdown", /^# /],
      html: ["text/html", /^<!doctype html>/i],
      csv: ["text/csv", /^\uFEFF/],
      json: ["application/json", /"ttt-assessment"/],
      pdf: ["application/pdf", /^%PDF-/],
      xlsx: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", /^PK/],
    } as const;
    for (const [format, [type, start]] of Object.entries(TYPES)) {
      it(`serves the ${format} report as a download`, async () => {
        const res = await t.app.inject({
          method: "GET",
          url: `${url}/versions/v0.1/report?format=${format}`,
          headers: await t.as("viewer", "vic"),
        });
        assert.equal(res.statusCode, 200, res.body);
        assert.ok(res.headers["content-type"]?.toString().startsWith(type));
        const name = format === "json" ? "wg.ttt.json" : `wg-v0.1.${format}`;
        assert.match(
          res.headers["content-disposition"]?.toString() ?? "",
          new RegExp(`^attachment; filename="${name.replace(/\./g, "\\.")}"`),
        );
        const binary = format === "pdf" || format === "xlsx";
        assert.match(res.rawPayload.toString(binary ? "latin1" : "utf8"), start);
      });
    }

    it("refuses an unknown format, an unknown version, and anonymous callers", async () => {
      const h = await t.as("viewer", "vic");
      const bad = await t.app.inject({
        url: `${url}/versions/v0.1/report?format=docx`,
        headers: h,
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().error.message, /format/);
      const missing = await t.app.inject({
        url: `${url}/versions/v9/report?format=md`,
        headers: h,
      });
      assert.equal(missing.statusCode, 404);
      assert.match(missing.json().error.message, /v9/);
      const anon = await t.app.inject({ url: `${url}/versions/v0.1/report?format=md` });
      assert.equal(anon.statusCode, 401);
    });
  });
}
