import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import { planCisoAssessment } from "../import/ciso-assessment-import.js";
import { readCsv } from "../import/csv-reader.js";
import { CSV_COLUMNS, renderCsv } from "./render-csv.js";
import type { ReportData } from "./report.data.js";
import { exampleReportData } from "../../test-support/report-fixture.js";

type CsvRecord = Record<(typeof CSV_COLUMNS)[number], string>;

/** Reads the CSV back the way CISO Assistant's import and spreadsheets do. */
function records(csv: string): CsvRecord[] {
  return parse<CsvRecord>(csv, { delimiter: ";", bom: true, columns: true });
}

const active = (data: ReportData) => data.rows.filter((r) => r.status === "active");

describe("renderCsv", () => {
  it("starts with a UTF-8 BOM and CISO Assistant's header, semicolon-separated, CRLF", async () => {
    const csv = renderCsv(await exampleReportData("v1.0"));
    assert.ok(csv.startsWith("\uFEFF"));
    const header = csv.slice(1, csv.indexOf("\r\n"));
    assert.equal(
      header,
      "ref_id;assets;threats;name;description;existing_controls;current_impact;current_proba;" +
        "current_risk;additional_controls;residual_impact;residual_proba;residual_risk;treatment;" +
        "strength_of_knowledge",
    );
  });

  it("has one record per active row, in catalogue order", async () => {
    const data = await exampleReportData("v1.0");
    const got = records(renderCsv(data));
    assert.deepEqual(
      got.map((r) => r.ref_id),
      active(data).map((r) => r.id),
    );
    assert.ok(!got.some((r) => r.ref_id === "4e"), "retired row 4e");
    assert.deepEqual(Object.keys(got[0] ?? {}), [...CSV_COLUMNS]);
  });

  it("gives probability, impact and risk as level labels, not numbers", async () => {
    const data = await exampleReportData("v1.0");
    const got = records(renderCsv(data));
    const a = got.find((r) => r.ref_id === "4a");
    assert.ok(a);
    assert.equal(a.current_proba, "Less than once a year");
    assert.equal(a.current_impact, "Serious");
    assert.equal(a.current_risk, "Medium");
    assert.equal(a.threats, "TR-4 Token theft or leak");
    assert.equal(a.name, "Token theft or leak / FTS, narrowly scoped long-lived tokens");
    assert.equal(a.existing_controls, "Narrowly scoped tokens for FTS transfers");
    assert.equal(a.additional_controls, "Keep tokens out of FTS logs");
    assert.equal(a.treatment, "mitigate");
    assert.equal(a.residual_proba, "--");
    const labels = (axis: "likelihood" | "impact") =>
      new Set(data.methodology[axis].map((l) => l.label));
    for (const r of got) {
      assert.ok(labels("likelihood").has(r.current_proba), `${r.ref_id}: ${r.current_proba}`);
      assert.ok(labels("impact").has(r.current_impact), `${r.ref_id}: ${r.current_impact}`);
      assert.doesNotMatch(r.current_proba + r.current_impact, /\d/);
    }
  });

  it("is read back by the CISO Assistant import: same refs and scores", async () => {
    const data = await exampleReportData("v1.0");
    const sheet = readCsv(Buffer.from(renderCsv(data)));
    const ctx = {
      methodology: data.methodology,
      existing: { threats: [], workflows: [], rows: [] },
      versionLabel: "v0.1",
    };
    const { plan, issues, fatal } = planCisoAssessment([sheet], ctx);
    assert.equal(fatal, false, JSON.stringify(issues));
    assert.deepEqual(
      plan.rows.map((p) => [p.row.id, p.score]),
      active(data).map((r) => [
        r.id,
        r.score && { likelihood: r.score.likelihood, impact: r.score.impact },
      ]),
    );
  });

  it("writes -- for an unscored row, as CISO Assistant does for 'not rated'", async () => {
    const data = await exampleReportData("v1.0");
    const row = data.rows.find((r) => r.id === "TR-9");
    assert.ok(row);
    row.score = null;
    const got = records(renderCsv(data)).find((r) => r.ref_id === "TR-9");
    assert.equal(got?.current_proba, "--");
    assert.equal(got?.current_impact, "--");
    assert.equal(got?.current_risk, "--");
  });

  it("round-trips a field with a semicolon, quotes and line breaks", async () => {
    const data = await exampleReportData("v1.0");
    const odd = 'Token "issuer"; down\nagain\r\nand → ¬ok';
    for (const r of data.rows) if (r.threat.id === "TR-1") r.threat.title = odd;
    const row = data.rows.find((r) => r.id === "TR-2");
    assert.ok(row);
    row.notes = 'line one\nline two; with "quotes"';
    const got = records(renderCsv(data));
    assert.equal(got.length, active(data).length);
    const tr1 = got.find((r) => r.ref_id === "TR-1");
    assert.equal(tr1?.name, odd);
    assert.equal(tr1?.threats, `TR-1 ${odd}`);
    assert.ok(got.find((r) => r.ref_id === "TR-2")?.description.includes(`Notes: ${row.notes}`));
  });
});
