import ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";

/** A cell of a test sheet: a value, or a formula (stored with a cached result, as Excel does). */
export type TestCell = string | number | null | { formula: string; result?: number | string };

export interface TestSheet {
  name: string;
  rows: TestCell[][];
  /** Ranges such as "A5:A7". */
  merges?: string[];
}

/** An XLSX workbook built in the test: factories, not binary fixtures. */
export async function xlsxFile(sheets: TestSheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((row, r) =>
      row.forEach((value, c) => {
        if (value === null) return;
        ws.getCell(r + 1, c + 1).value = value;
      }),
    );
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A CSV file as a spreadsheet program or CISO Assistant writes it. */
export function csvFile(
  rows: (string | number | null)[][],
  opts: { delimiter?: string; bom?: boolean } = {},
): Buffer {
  const text = stringify(rows, { delimiter: opts.delimiter ?? "," });
  return Buffer.from((opts.bom ? "\uFEFF" : "") + text, "utf8");
}

/** The header of the group's spreadsheet, as the README documents it. */
export const GROUP_HEADER = [
  "Threat ID",
  "Title",
  "Workflow",
  "Description",
  "Vulnerability",
  "Assets",
  "Current mitigations",
  "Planned mitigations",
  "Likelihood",
  "Impact",
  "Notes",
];

/** Workflows a and e, as on the group's "Workflows" sheet. */
export const WORKFLOWS_SHEET: TestSheet = {
  name: "Workflows",
  rows: [
    ["ID", "Name", "Lifetime", "Holder"],
    ["a", "FTS, narrowly scoped long-lived tokens", "long", "FTS"],
    ["e", "User data management", "short", "user"],
  ],
};

/** A CISO Assistant library file with a 3×3 matrix (Low/Medium/High on every axis). */
export const CISO_MATRIX_YAML = `urn: urn:example:risk:library:risk-matrix-3x3-test
locale: en
ref_id: risk-matrix-3x3-test
name: Test 3x3 matrix
objects:
  risk_matrix:
  - urn: urn:example:risk:matrix:3x3-test
    ref_id: risk-matrix-3x3-test
    name: Test 3x3 matrix
    description: For import tests
    probability:
    - { id: 0, abbreviation: L, name: Low, description: rare }
    - { id: 1, abbreviation: M, name: Medium, description: occasional }
    - { id: 2, abbreviation: H, name: High, description: frequent }
    impact:
    - { id: 0, abbreviation: L, name: Low, description: minor }
    - { id: 1, abbreviation: M, name: Medium, description: serious }
    - { id: 2, abbreviation: H, name: High, description: major }
    risk:
    - { id: 0, abbreviation: L, name: Low, hexcolor: "#00ff00" }
    - { id: 1, abbreviation: M, name: Medium, hexcolor: "#ffff00" }
    - { id: 2, abbreviation: H, name: High, hexcolor: "#ff0000" }
    grid:
    - [0, 0, 1]
    - [0, 1, 2]
    - [1, 2, 2]
`;

/** CISO Assistant's risk assessment CSV columns (backend/core/views.py risk_assessment_csv). */
export const CISO_HEADER = [
  "ref_id",
  "assets",
  "threats",
  "name",
  "description",
  "existing_controls",
  "current_impact",
  "current_proba",
  "current_risk",
  "additional_controls",
  "residual_impact",
  "residual_proba",
  "residual_risk",
  "treatment",
  "strength_of_knowledge",
];
