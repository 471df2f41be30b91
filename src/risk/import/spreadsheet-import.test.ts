import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  csvFile,
  GROUP_HEADER,
  WORKFLOWS_SHEET,
  xlsxFile,
} from "../../test-support/spreadsheets.js";
import { threat, workflow } from "../../test-support/risk-factories.js";
import { builtinMethodology } from "../methodology/builtins.js";
import type { MethodologyDefinition } from "../methodology/methodology.schema.js";
import { readCsv } from "./csv-reader.js";
import type { PlanContext } from "./import-plan.js";
import { describeIssue } from "./import.types.js";
import { normalizeHeader } from "./spreadsheet-columns.js";
import { planSpreadsheet } from "./spreadsheet-import.js";
import { readXlsx } from "./xlsx-reader.js";

const m = builtinMethodology("ttt-5x5") as MethodologyDefinition;
const fresh: PlanContext = {
  methodology: m,
  existing: { threats: [], workflows: [], rows: [] },
  versionLabel: "v0.1",
};

describe("header matching", () => {
  it("ignores case, spaces, punctuation and (…) hints", () => {
    assert.equal(normalizeHeader("Threat ID"), "threatid");
    assert.equal(normalizeHeader(" threat_id "), "threatid");
    assert.equal(normalizeHeader("Likelihood (1–5)"), "likelihood");
    assert.equal(normalizeHeader("Asset(s)"), "asset");
    assert.equal(normalizeHeader("Planned/future mitigations"), "plannedfuturemitigations");
    assert.equal(normalizeHeader("Dépendance"), "dependance");
  });

  it("finds the header below a title row and maps synonyms", async () => {
    const sheets = await readXlsx(
      await xlsxFile([
        {
          name: "Register",
          rows: [
            ["Token risk register 2026"],
            [
              "TR",
              "Threat name",
              "L",
              "I",
              "Existing controls",
              "Planned/future mitigations",
              "Owner",
            ],
            [4, "Token theft or leak", 2, 3, "short lifetimes", "revocation", "iam"],
          ],
          merges: ["A1:D1"],
        },
      ]),
    );
    const { plan, issues } = planSpreadsheet(sheets, fresh);
    assert.deepEqual(issues, []);
    assert.deepEqual(plan.warnings, [
      "sheet Register, column Owner (G) ignored: not a known column",
    ]);
    assert.equal(plan.threats[0]?.threat.id, "TR-4");
    assert.equal(plan.threats[0]?.threat.currentMitigations, "short lifetimes");
    assert.equal(plan.threats[0]?.threat.plannedMitigations, "revocation");
    assert.deepEqual(plan.rows[0]?.score, { likelihood: 2, impact: 3 });
  });
});

describe("planning the group's spreadsheet", () => {
  it("threats from their first row, per-workflow rows, notes for what differs per row", async () => {
    const sheets = await readXlsx(
      await xlsxFile([
        {
          name: "Risks",
          rows: [
            [...GROUP_HEADER, "Risk"],
            [
              "TR-1",
              "Token service unavailable",
              null,
              "DoS",
              "",
              "token service",
              "HA",
              "",
              2,
              3,
              "",
              { formula: "I2*J2", result: 6 },
            ],
            [],
            [
              "TR-4",
              "Token theft or leak",
              "a",
              "",
              "",
              "digital identities; storage",
              "short lifetimes",
              "",
              3,
              4,
              "settled on 3",
            ],
            [
              "TR-4",
              "",
              "User data management",
              "",
              "",
              "",
              "none",
              "",
              "Less than once a year",
              "major",
              "",
            ],
            ["TR-5", "Misuse of resources", "e", "", "", "", "", "", null, null, ""],
          ],
        },
        WORKFLOWS_SHEET,
      ]),
    );
    const { plan, issues, fatal } = planSpreadsheet(sheets, fresh);
    assert.deepEqual(issues, []);
    assert.equal(fatal, false);
    assert.deepEqual(
      plan.workflows.map((w) => [w.workflow.id, w.workflow.name, w.workflow.position]),
      [
        ["a", "FTS, narrowly scoped long-lived tokens", 10],
        ["e", "User data management", 20],
      ],
    );
    assert.deepEqual(
      plan.threats.map(({ threat: t }) => [t.id, t.title, t.perWorkflow, t.assets, t.position]),
      [
        ["TR-1", "Token service unavailable", false, ["token service"], 10],
        ["TR-4", "Token theft or leak", true, ["digital identities", "storage"], 20],
        ["TR-5", "Misuse of resources", true, [], 30],
      ],
    );
    assert.deepEqual(
      plan.rows.map(({ row, score }) => [row.id, row.threatId, row.workflowId, row.notes, score]),
      [
        ["TR-1", "TR-1", null, "", { likelihood: 2, impact: 3 }],
        ["4a", "TR-4", "a", "settled on 3", { likelihood: 3, impact: 4 }],
        ["4e", "TR-4", "e", "Current mitigations: none", { likelihood: 2, impact: 4 }],
        ["5e", "TR-5", "e", "", null],
      ],
    );
    assert.deepEqual(plan.warnings, [
      "sheet Risks, column Risk (L) ignored: TTT computes the risk from likelihood and impact with the methodology's grid",
      "row 5: current mitigations differ from those of TR-4 (row 4); kept in the notes of row 4e",
    ]);
  });

  it("updates existing threats and continues positions after existing rows", () => {
    const sheet = readCsv(
      csvFile([
        ["Threat ID", "Title", "Workflow", "Likelihood", "Impact"],
        ["TR-4", "", "a", "2", "2"],
      ]),
    );
    const ctx: PlanContext = {
      ...fresh,
      existing: {
        threats: [threat("TR-4", { position: 10, title: "Token theft" })],
        workflows: [workflow("a", { position: 10 })],
        rows: [],
      },
    };
    const { plan, issues } = planSpreadsheet([sheet], ctx);
    assert.deepEqual(issues, []);
    assert.equal(plan.threats[0]?.before?.perWorkflow, false);
    assert.equal(plan.threats[0]?.threat.perWorkflow, true);
    assert.equal(plan.threats[0]?.threat.title, "Token theft");
    assert.deepEqual(plan.workflows, []);
    assert.equal(plan.rows[0]?.row.id, "4a");
  });

  it("reports a row's every problem, and the rows across the file", () => {
    const sheet = readCsv(
      csvFile([
        ["Threat ID", "Title", "Workflow", "Likelihood", "Impact", "Row ID"],
        ["", "No id", "", "3", ""],
        ["TR-7", "", "", "x", "5"],
        ["TR-8", "First", "", "1", "1", "8-x"],
        ["TR-8", "Second", "", "1", "1", "8-y"],
        ["TR#9", "Bad id", "", "", ""],
        ["TR-8", "", "", "", "", "8-x"],
      ]),
    );
    const { plan, issues } = planSpreadsheet([sheet], fresh);
    assert.deepEqual(issues, [
      { row: 2, column: "Threat ID (A)", message: "missing: every row needs a threat id" },
      {
        row: 2,
        column: "Impact (E)",
        message:
          "missing: a score needs both likelihood and impact (leave both empty for an unscored row)",
      },
      {
        row: 3,
        column: "Likelihood (D)",
        message:
          '"x" is neither a value nor a label of the likelihood scale of "ttt-5x5" (1 Unlikely to happen, 2 Less than once a year, 3 More than once a year, 4 Every few months, 5 Monthly or more often)',
      },
      {
        row: 5,
        column: "Title (B)",
        message:
          '"Second" differs from the title of TR-8 on row 4 ("First"); a threat has one title',
      },
      {
        row: 6,
        column: "Threat ID (A)",
        message:
          '"TR#9" is not a valid id (letters, digits, . _ + - (at most 64, starting with a letter or digit))',
      },
      { row: 7, column: "Row ID (F)", message: "duplicate row id 8-x (first on row 4)" },
    ]);
    assert.deepEqual(
      plan.rows.map((r) => r.row.id),
      ["8-x"],
    );
    assert.equal(
      describeIssue({
        sheet: "Risks",
        row: 7,
        column: "Likelihood (G)",
        message: "6 is not on the likelihood scale (1–5)",
      }),
      "sheet Risks, row 7, column Likelihood (G): 6 is not on the likelihood scale (1–5)",
    );
  });

  it("refuses a file without a header row", () => {
    const { issues, fatal } = planSpreadsheet(
      [
        readCsv(
          csvFile([
            ["just", "text"],
            ["1", "2"],
          ]),
        ),
      ],
      fresh,
    );
    assert.equal(fatal, true);
    assert.deepEqual(issues, [
      {
        message:
          "no header row found: expected a row naming columns such as Threat ID, Title, Workflow, Likelihood and Impact among the first 10 rows",
      },
    ]);
  });
});

describe("CSV reading", () => {
  it("takes a semicolon file behind a BOM, quoted newlines and formula-looking cells", () => {
    const data = csvFile(
      [
        ["Threat ID", "Title", "Notes"],
        ["TR-1", "Line one\nline two", "=SUM(A1:A2)"],
        ["TR-2", "x;y", "=> see TR-1"],
      ],
      { delimiter: ";", bom: true },
    );
    const sheet = readCsv(data);
    assert.deepEqual(
      sheet.rows.map((r) => r.cells),
      [
        ["Threat ID", "Title", "Notes"],
        ["TR-1", "Line one\nline two", { formula: "SUM(A1:A2)" }],
        ["TR-2", "x;y", "=> see TR-1"],
      ],
    );
  });
});
