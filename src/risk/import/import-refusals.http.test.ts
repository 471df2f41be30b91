import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testApp, type TestApp } from "../../test-support/app.js";
import {
  GOOD_ROWS as GOOD,
  groupRow as r,
  importClient,
  onRisks as at,
  workbook,
} from "../../test-support/imports.js";
import { xlsxFile } from "../../test-support/spreadsheets.js";
import { storeKinds } from "../../test-support/stores.js";

type Headers = { authorization: string };

/**
 * Malformed spreadsheets: each is refused with exactly the listed issues (sheet, row, column,
 * what is wrong), and the store is left exactly as it was.
 */
for (const kind of await storeKinds()) {
  describe(`refused imports over HTTP on ${kind.name}`, { skip: kind.skip }, () => {
    let t: TestApp;
    let fac: Headers;
    let upload: ReturnType<typeof importClient>["upload"];
    let refused: ReturnType<typeof importClient>["refused"];
    before(async () => {
      t = await testApp(await kind.open());
      fac = await t.as("facilitator", "fac");
      ({ upload, refused } = importClient(t, () => fac));
    });
    after(() => t.close());

    it("refuses a sheet with missing required columns", async () => {
      const data = await xlsxFile([
        {
          name: "Risks",
          rows: [
            ["Threat ID", "Workflow", "Likelihood"],
            ["TR-1", "", 2],
          ],
        },
      ]);
      const issues = [
        {
          sheet: "Risks",
          row: 1,
          message:
            "missing required column Title (accepted headers: Title, Threat title, Threat name, Name, Summary)",
        },
        {
          sheet: "Risks",
          row: 1,
          message: "missing column Impact: a score needs both likelihood and impact",
        },
      ];
      await refused(data, issues);
      // No row can be skipped around a missing column.
      await refused(data, issues, { skipInvalid: "true" });
    });

    it("refuses a file without rows, and one whose rows were all invalid", async () => {
      await refused(await workbook([[], []]), [{ message: "the file has no rows to import" }]);
      await refused(
        await workbook([r("TR-1", "Unavailable", null, 9, 1)]),
        [
          at(2, "Likelihood (I)", "9 is not on the likelihood scale (1–5)"),
          { message: "no valid rows left to import" },
        ],
        { skipInvalid: "true" },
      );
    });

    it("refuses values out of scale, naming each cell", async () => {
      const data = await workbook([
        r("TR-1", "Unavailable", null, 6, 3),
        r("TR-2", "Placeholder", null, 2.5, 0),
        r("TR-3", "Escalation", null, "Very likely", 2),
      ]);
      await refused(data, [
        at(2, "Likelihood (I)", "6 is not on the likelihood scale (1–5)"),
        at(
          3,
          "Likelihood (I)",
          "2.5 is not a whole number on the likelihood scale (1–5); settle fractions before importing",
        ),
        at(3, "Impact (J)", "0 is not on the impact scale (1–5)"),
        at(
          4,
          "Likelihood (I)",
          '"Very likely" is neither a value nor a label of the likelihood scale of "ttt-5x5" (1 Unlikely to happen, 2 Less than once a year, 3 More than once a year, 4 Every few months, 5 Monthly or more often)',
        ),
      ]);
    });

    it("refuses an unknown workflow and duplicate row ids", async () => {
      await refused(await workbook([r("TR-4", "Theft", "g", 2, 2)]), [
        at(2, "Workflow (C)", 'unknown workflow "g" (known: a, e)'),
      ]);
      await refused(
        await workbook([
          r("TR-4", "Theft", "a", 2, 2),
          r("TR-1", "Unavailable", null, 1, 1),
          r("TR-4", "Theft", "FTS, narrowly scoped long-lived tokens", 3, 3),
        ]),
        [at(4, "Threat ID (A)", "duplicate row id 4a (first on row 2)")],
      );
    });

    it("refuses formulas (never evaluated) and merged cells", async () => {
      await refused(
        await workbook([r("TR-1", "Unavailable", null, { formula: "1+1", result: 2 }, 3)]),
        [
          at(
            2,
            "Likelihood (I)",
            "I2 holds the formula =1+1: TTT never evaluates formulas; paste the value instead",
          ),
        ],
      );
      await refused(
        await workbook(
          [
            r("TR-1", "Unavailable", null, 2, 2),
            r("TR-4", "Theft", "a", 2, 3),
            r(null, null, "e", 3, 3),
          ],
          ["A3:B4"],
        ),
        [
          at(
            3,
            "Threat ID (A)",
            "part of the merged cells A3:B4: unmerge them and give each row its own value",
          ),
          at(
            4,
            "Threat ID (A)",
            "part of the merged cells A3:B4: unmerge them and give each row its own value",
          ),
        ],
      );
    });

    it("checks who may import, and what the request holds", async () => {
      const viewer = await t.as("viewer", "vera");
      const denied = await upload(await workbook(GOOD), {}, viewer);
      assert.equal(denied.statusCode, 403);
      const empty = await upload(Buffer.alloc(0));
      assert.equal(empty.statusCode, 400);
      const badQuery = await upload(await workbook(GOOD), { format: "pdf" });
      assert.equal(badQuery.statusCode, 400);
      assert.match(badQuery.json().error.message, /format/);
      const big = await upload(Buffer.alloc(20 * 1024 * 1024 + 1, 65));
      assert.equal(big.statusCode, 413);
      const xls = await upload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]));
      assert.equal(xls.statusCode, 422);
      assert.match(xls.json().error.message, /legacy Excel/);
    });
  });
}
