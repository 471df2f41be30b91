import assert from "node:assert/strict";
import type { TestApp } from "./app.js";
import { GROUP_HEADER, WORKFLOWS_SHEET, xlsxFile, type TestCell } from "./spreadsheets.js";

type Headers = { authorization: string };

/** A "Risks" sheet under the documented header, plus the Workflows sheet. */
export const workbook = (rows: TestCell[][], merges: string[] = []) =>
  xlsxFile([{ name: "Risks", rows: [GROUP_HEADER, ...rows], merges }, WORKFLOWS_SHEET]);

/** A row in GROUP_HEADER order: threat, title, workflow, likelihood, impact, notes. */
export const groupRow = (
  id: TestCell,
  title: TestCell,
  wf: TestCell,
  l: TestCell,
  i: TestCell,
  notes: TestCell = null,
): TestCell[] => [id, title, wf, null, null, null, null, null, l, i, notes];

/** Four rows (TR-1, 4a, 4e, unscored 5a) with an empty line in between. */
export const GOOD_ROWS: TestCell[][] = [
  groupRow("TR-1", "Token service unavailable", null, 2, 3),
  groupRow("TR-4", "Token theft or leak", "a", 3, 4, "tokens in FTS logs"),
  [],
  groupRow("TR-4", null, "e", 2, 4),
  groupRow("TR-5", "Misuse of resources", "a", null, null),
];

/** An issue on the Risks sheet. */
export const onRisks = (row: number, column: string, message: string) => ({
  sheet: "Risks",
  row,
  column,
  message,
});

/** POST /api/v1/import with raw bytes, and the checks every refusal test makes. */
export function importClient(t: TestApp, as: () => Headers) {
  const upload = (data: Buffer, query: Record<string, string> = {}, headers = as()) =>
    t.app.inject({
      method: "POST",
      url: `/api/v1/import?${new URLSearchParams(query).toString()}`,
      headers: { ...headers, "content-type": "application/octet-stream" },
      payload: data,
    });
  const count = async (table: "assessments" | "audit_log" | "settlements" | "threats") =>
    Number(
      (
        await t.ctx.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** What a refused import must leave untouched. */
  const tally = async () => ({
    assessments: await count("assessments"),
    threats: await count("threats"),
    settlements: await count("settlements"),
    audit: await count("audit_log"),
  });
  /** The file is refused with exactly these issues, and nothing at all is written. */
  const refused = async (data: Buffer, issues: object[], query: Record<string, string> = {}) => {
    const before = await tally();
    const res = await upload(data, { fileName: "risks.xlsx", ...query });
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().error.code, "import_invalid");
    assert.deepEqual(res.json().error.details, issues);
    assert.deepEqual(await tally(), before, "nothing written");
  };
  return { upload, tally, refused };
}
