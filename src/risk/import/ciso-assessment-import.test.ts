import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CISO_HEADER,
  CISO_MATRIX_YAML,
  csvFile,
  GROUP_HEADER,
  xlsxFile,
} from "../../test-support/spreadsheets.js";
import { parseCisoRiskMatrix } from "../methodology/ciso-import.js";
import { planCisoAssessment } from "./ciso-assessment-import.js";
import { readCsv } from "./csv-reader.js";
import { detectFormat } from "./detect-format.js";
import type { PlanContext } from "./import-plan.js";
import { ImportRejectedError } from "./import.types.js";

const m = parseCisoRiskMatrix(CISO_MATRIX_YAML, { id: "ciso-3x3" });
const ctx: PlanContext = {
  methodology: m,
  existing: { threats: [], workflows: [], rows: [] },
  versionLabel: "v0.1",
};

/** One scenario row in CISO_HEADER order. */
const scenario = (over: Partial<Record<(typeof CISO_HEADER)[number], string>>) =>
  CISO_HEADER.map((h) => over[h] ?? "");

describe("CISO Assistant risk assessment export", () => {
  it("maps scenarios to threats and generic rows, labels to scale values", () => {
    const data = csvFile(
      [
        CISO_HEADER,
        scenario({
          ref_id: "R.1",
          assets: "IdP,Storage",
          threats: "Token theft,Phishing",
          name: "Token leaked in logs",
          description: "Tokens end up in FTS logs",
          existing_controls: "Log scrubbing",
          current_impact: "High",
          current_proba: "medium",
          current_risk: "High",
          additional_controls: "Short lifetimes",
          residual_impact: "Medium",
          residual_proba: "Low",
          residual_risk: "Low",
          treatment: "mitigate",
          strength_of_knowledge: "--",
        }),
        scenario({
          ref_id: "R.2",
          name: "Outage",
          current_impact: "--",
          current_proba: "--",
          current_risk: "--",
          treatment: "open",
        }),
        scenario({
          name: "No ref",
          current_impact: "Low",
          current_proba: "Low",
          current_risk: "Medium",
        }),
      ],
      { delimiter: ";", bom: true },
    );
    const { plan, issues, fatal } = planCisoAssessment([readCsv(data)], ctx);
    assert.deepEqual(issues, []);
    assert.equal(fatal, false);
    assert.deepEqual(
      plan.threats.map(({ threat: t }) => [
        t.id,
        t.title,
        t.assets,
        t.currentMitigations,
        t.plannedMitigations,
        t.notes,
      ]),
      [
        [
          "R.1",
          "Token leaked in logs",
          ["IdP", "Storage"],
          "Log scrubbing",
          "Short lifetimes",
          "CISO Assistant threats: Token theft,Phishing",
        ],
        ["R.2", "Outage", [], "", "", ""],
        ["S-3", "No ref", [], "", "", ""],
      ],
    );
    assert.deepEqual(
      plan.rows.map(({ row, score }) => [row.id, row.workflowId, row.notes, score]),
      [
        [
          "R.1",
          null,
          "Residual (CISO Assistant): probability Low, impact Medium, risk Low\nTreatment: mitigate",
          { likelihood: 2, impact: 3 },
        ],
        ["R.2", null, "Treatment: open", null],
        ["S-3", null, "", { likelihood: 1, impact: 1 }],
      ],
    );
    assert.deepEqual(plan.warnings, [
      'row 4: CISO Assistant\'s current risk "Medium" differs from "Low" in the grid of "ciso-3x3"; TTT uses the grid',
    ]);
  });

  it("names unknown labels, half-scored scenarios and duplicate refs", () => {
    const data = csvFile(
      [
        CISO_HEADER,
        scenario({ ref_id: "R.1", name: "A", current_impact: "Huge", current_proba: "Low" }),
        scenario({ ref_id: "R.2", name: "B", current_impact: "Low", current_proba: "--" }),
        scenario({ ref_id: "R.3", name: "C" }),
        scenario({ ref_id: "R.3", name: "D" }),
      ],
      { delimiter: ";" },
    );
    const { issues } = planCisoAssessment([readCsv(data)], ctx);
    assert.deepEqual(issues, [
      {
        row: 2,
        column: "current_impact (G)",
        message:
          '"Huge" is neither a value nor a label of the impact scale of "ciso-3x3" (1 Low, 2 Medium, 3 High)',
      },
      {
        row: 3,
        column: "current_proba (H)",
        message:
          'missing: a score needs both probability and impact ("--" on both for an unassessed scenario)',
      },
      { row: 5, column: "ref_id (A)", message: "duplicate row id R.3 (first on row 4)" },
    ]);
  });
});

describe("format detection", () => {
  it("tells every format from the content", async () => {
    const detect = async (data: Buffer) => (await detectFormat(data)).format;
    assert.equal(await detect(Buffer.from(CISO_MATRIX_YAML)), "ciso-matrix");
    assert.equal(
      await detect(Buffer.from(JSON.stringify({ probability: [], impact: [], grid: [] }))),
      "ciso-matrix",
    );
    assert.equal(await detect(Buffer.from('{"format":"ttt-assessment"}')), "json");
    assert.equal(await detect(csvFile([GROUP_HEADER])), "csv");
    assert.equal(
      await detect(csvFile([CISO_HEADER], { delimiter: ";", bom: true })),
      "ciso-assessment",
    );
    assert.equal(await detect(await xlsxFile([{ name: "Risks", rows: [GROUP_HEADER] }])), "xlsx");
    assert.equal(
      await detect(
        await xlsxFile([
          { name: "Notes", rows: [["exported from CISO Assistant"]] },
          { name: "Scenarios", rows: [CISO_HEADER] },
        ]),
      ),
      "ciso-assessment",
    );
  });

  it("refuses what it cannot read, saying what it looks like", async () => {
    const message = async (data: Buffer) => {
      try {
        await detectFormat(data);
      } catch (err) {
        assert.ok(err instanceof ImportRejectedError);
        return err.issues[0]?.message;
      }
      return "accepted";
    };
    assert.match(
      (await message(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))) ?? "",
      /legacy Excel \.xls/,
    );
    assert.match((await message(Buffer.from('{"a":1}'))) ?? "", /neither a TTT export/);
    assert.match((await message(Buffer.from([0xff, 0xfe, 0x41]))) ?? "", /not UTF-8/);
  });
});
