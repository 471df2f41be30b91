import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testApp, type TestApp } from "../../test-support/app.js";
import { call, smallAssessment } from "../../test-support/assess.js";
import {
  GOOD_ROWS as GOOD,
  groupRow as r,
  importClient,
  onRisks as at,
  workbook,
} from "../../test-support/imports.js";
import { CISO_HEADER, CISO_MATRIX_YAML, csvFile } from "../../test-support/spreadsheets.js";
import { storeKinds } from "../../test-support/stores.js";

type Headers = { authorization: string };

for (const kind of await storeKinds()) {
  describe(`imports over HTTP on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let fac: Headers;
    let upload: ReturnType<typeof importClient>["upload"];
    let tally: ReturnType<typeof importClient>["tally"];
    let refused: ReturnType<typeof importClient>["refused"];
    before(async () => {
      t = await testApp(await kind.open());
      fac = await t.as("facilitator", "fac");
      ({ upload, tally, refused } = importClient(t, () => fac));
    });
    after(() => t.close());

    it("a dry run writes nothing and shows what would be imported", async () => {
      const before = await tally();
      const res = await upload(await workbook(GOOD), { dryRun: "true", assessment: "dry" });
      assert.equal(res.statusCode, 200, res.body);
      const out = res.json();
      assert.equal(out.dryRun, true);
      assert.equal(out.applied, false);
      assert.deepEqual(out.target, { kind: "assessment", id: "dry", version: "v0.1" });
      assert.deepEqual(out.preview, [
        { id: "TR-1", threat: "TR-1", workflow: null, likelihood: 2, impact: 3 },
        { id: "4a", threat: "TR-4", workflow: "a", likelihood: 3, impact: 4 },
        { id: "4e", threat: "TR-4", workflow: "e", likelihood: 2, impact: 4 },
        { id: "5a", threat: "TR-5", workflow: "a", likelihood: null, impact: null },
      ]);
      assert.deepEqual(await tally(), before);
      const missing = await t.app.inject({ url: "/api/v1/assessments/dry", headers: fac });
      assert.equal(missing.statusCode, 404);
    });

    it("imports threats, workflows, rows and scores settled by the facilitator rule", async () => {
      const res = await upload(await workbook(GOOD), { fileName: "wg risks.xlsx" });
      assert.equal(res.statusCode, 201, res.body);
      const out = res.json();
      assert.deepEqual(out.target, { kind: "assessment", id: "wg-risks", version: "v0.1" });
      assert.deepEqual(out.counts, {
        threats: 3,
        workflows: 2,
        rows: 4,
        scores: 3,
        mitigations: 0,
        versions: 1,
        rounds: 0,
        votes: 0,
      });
      assert.deepEqual(out.skipped, []);
      const url = "/api/v1/assessments/wg-risks";
      const a = await call(t, fac, "GET", url);
      assert.equal(a.title, "wg risks");
      const cat = await call(t, fac, "GET", `${url}/catalogue`);
      assert.deepEqual(
        cat.threats.map((x: any) => [x.id, x.perWorkflow]),
        [
          ["TR-1", false],
          ["TR-4", true],
          ["TR-5", true],
        ],
      );
      assert.deepEqual(
        cat.workflows.map((w: any) => w.id),
        ["a", "e"],
      );
      const rows = (await call(t, fac, "GET", `${url}/rows`)).rows;
      assert.deepEqual(
        rows.map((x: any) => [
          x.id,
          x.workflow?.id ?? null,
          x.score?.likelihood ?? null,
          x.score?.levelLabel ?? null,
        ]),
        [
          ["TR-1", null, 2, "Medium"],
          ["4a", "a", 3, "High"],
          ["4e", "e", 2, "Medium"],
          ["5a", "a", null, null],
        ],
      );
      assert.equal(rows[1].notes, "tokens in FTS logs");
      const [s] = await call(t, fac, "GET", `${url}/rows/4a/settlements`);
      assert.equal(s.rule, "facilitator");
      assert.equal(s.reason, "imported from wg risks.xlsx");
      assert.equal(s.settledBy, "fac");
    });

    it("with skip-invalid imports the good rows and reports the skipped ones", async () => {
      const res = await upload(
        await workbook([
          ...GOOD,
          r("TR-6", "Bad score", null, 9, 1),
          r("TR-7", "Bad flow", "z", 1, 1),
        ]),
        { skipInvalid: "true", assessment: "partial", title: "Partial" },
      );
      assert.equal(res.statusCode, 201, res.body);
      const out = res.json();
      assert.equal(out.counts.rows, 4);
      assert.deepEqual(out.skipped, [
        at(7, "Likelihood (I)", "9 is not on the likelihood scale (1–5)"),
        at(8, "Workflow (C)", 'unknown workflow "z" (known: a, e)'),
      ]);
      const rows = (await call(t, fac, "GET", "/api/v1/assessments/partial/rows")).rows;
      assert.deepEqual(
        rows.map((x: any) => x.id),
        ["TR-1", "4a", "4e", "5a"],
      );
    });

    it("fills the draft of an existing assessment; a frozen one is refused", async () => {
      const { url } = await smallAssessment(t, "existing");
      const csv = csvFile([
        ["TR", "Title", "Workflow", "L", "I"],
        ["5", "Misuse of resources", "a", "2", "2"],
        ["TR-4", "", "e", "", ""],
      ]);
      await refused(
        csv,
        [
          {
            row: 3,
            column: "TR (A)",
            message: "row 4e already exists in version v0.1 (row ids are never reused)",
          },
        ],
        {
          assessment: "existing",
          fileName: "more.csv",
        },
      );
      const res = await upload(
        csvFile([
          ["TR", "Title", "Workflow", "L", "I"],
          ["5", "Misuse", "a", "2", "2"],
        ]),
        {
          assessment: "existing",
        },
      );
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(res.json().counts.rows, 1);
      const rows = (await call(t, fac, "GET", `${url}/rows`)).rows;
      assert.deepEqual(
        rows.map((x: any) => x.id),
        ["TR-1", "4a", "4e", "5a"],
      );
      await call(t, fac, "POST", `${url}/versions/v0.1/freeze`);
      const frozen = await upload(
        csvFile([
          ["TR", "Title"],
          ["6", "Other"],
        ]),
        { assessment: "existing" },
      );
      assert.equal(frozen.statusCode, 409);
      assert.equal(frozen.json().error.code, "version_immutable");
    });

    it("imports a CISO Assistant matrix, then an assessment CSV with BOM and semicolons", async () => {
      const matrix = await upload(Buffer.from(CISO_MATRIX_YAML), { methodology: "ciso-3x3" });
      assert.equal(matrix.statusCode, 201, matrix.body);
      assert.equal(matrix.json().format, "ciso-matrix");
      assert.deepEqual(matrix.json().target, { kind: "methodology", id: "ciso-3x3" });
      const m = await call(t, fac, "GET", "/api/v1/methodologies/ciso-3x3");
      assert.equal(m.source, "ciso-assistant");

      const row = (over: Record<string, string>) => CISO_HEADER.map((h) => over[h] ?? "");
      const data = csvFile(
        [
          CISO_HEADER,
          row({
            ref_id: "R.1",
            name: "Token leak",
            current_proba: "Medium",
            current_impact: "high",
            current_risk: "High",
          }),
          row({ ref_id: "R.2", name: "Outage", current_proba: "--", current_impact: "--" }),
        ],
        { delimiter: ";", bom: true },
      );
      const without = await upload(data, { fileName: "ciso.csv" });
      assert.equal(without.statusCode, 422);
      assert.deepEqual(
        without.json().error.details.map((i: any) => [i.row, i.column]),
        [
          [2, "current_impact (G)"],
          [2, "current_proba (H)"],
          [undefined, undefined],
        ],
      );
      assert.match(without.json().error.details[2].message, /import the matrix first/);
      const res = await upload(data, { methodology: "ciso-3x3", fileName: "ciso.csv" });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().format, "ciso-assessment");
      const id = res.json().target.id;
      assert.equal(id, "ciso");
      const rows = (await call(t, fac, "GET", `/api/v1/assessments/${id}/rows`)).rows;
      assert.deepEqual(
        rows.map((x: any) => [
          x.id,
          x.score?.likelihood ?? null,
          x.score?.impact ?? null,
          x.score?.levelLabel ?? null,
        ]),
        [
          ["R.1", 2, 3, "High"],
          ["R.2", null, null, null],
        ],
      );
    });

    it("reads back TTT's own XLSX and CSV reports", async () => {
      const { url } = await smallAssessment(t, "reported");
      for (const [row, l, i] of [
        ["TR-1", 2, 3],
        ["4a", 4, 4],
      ] as const)
        await call(t, fac, "POST", `${url}/rows/${row}/settle`, {
          rule: "facilitator",
          likelihood: l,
          impact: i,
          reason: "agreed",
        });
      const report = (format: string) =>
        t.app.inject({ url: `${url}/versions/v0.1/report?format=${format}`, headers: fac });
      const scores = async (id: string) =>
        (await call(t, fac, "GET", `/api/v1/assessments/${id}/rows`)).rows.map((x: any) => [
          x.id,
          x.threat.id,
          x.workflow?.id ?? null,
          x.score?.likelihood ?? null,
          x.score?.impact ?? null,
        ]);

      const xlsx = await upload((await report("xlsx")).rawPayload, { assessment: "from-xlsx" });
      assert.equal(xlsx.statusCode, 201, xlsx.body);
      assert.equal(xlsx.json().format, "xlsx");
      assert.deepEqual(await scores("from-xlsx"), await scores("reported"));

      const csv = await upload((await report("csv")).rawPayload, { assessment: "from-csv" });
      assert.equal(csv.statusCode, 201, csv.body);
      assert.equal(csv.json().format, "ciso-assessment");
      assert.deepEqual(
        (await scores("from-csv")).map((x: unknown[]) => [x[0], x[3], x[4]]),
        (await scores("reported")).map((x: unknown[]) => [x[0], x[3], x[4]]),
      );
    });

    it("imports TTT's own JSON export under a new id", async () => {
      const { url } = await smallAssessment(t, "source");
      await call(t, fac, "POST", `${url}/rows/4a/settle`, {
        rule: "facilitator",
        likelihood: 2,
        impact: 2,
        reason: "agreed",
      });
      const exported = await t.app.inject({
        url: `${url}/versions/v0.1/report?format=json`,
        headers: fac,
      });
      assert.equal(exported.statusCode, 200, exported.body);
      const res = await upload(exported.rawPayload, { assessment: "copy" });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().format, "json");
      assert.deepEqual(res.json().target, { kind: "assessment", id: "copy", version: "v0.1" });
      assert.deepEqual(res.json().preview[1], {
        id: "4a",
        threat: "TR-4",
        workflow: "a",
        likelihood: 2,
        impact: 2,
      });
      const again = await upload(exported.rawPayload, { assessment: "copy", dryRun: "true" });
      assert.equal(again.statusCode, 409);
    });
  });
}
