import assert from "node:assert/strict";
import { describe, it } from "node:test";
import ExcelJS from "exceljs";
import { planSpreadsheet } from "../import/spreadsheet-import.js";
import { readXlsx } from "../import/xlsx-reader.js";
import { renderXlsx } from "./render-xlsx.js";
import type { ReportData } from "./report.data.js";
import { exampleReportData } from "../../test-support/report-fixture.js";
import { extremesSentence, extremeVotesScope } from "./report.prose.js";
import { scaleValue } from "./text.js";
import { argb } from "./xlsx-style.js";

async function workbook(data: ReportData): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(await renderXlsx(data)).buffer);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  assert.ok(ws, `sheet ${name}`);
  return ws;
}

/** A cell value as text (rich text and formulas would show as JSON, which no test expects). */
const text = (v: ExcelJS.CellValue): string => (typeof v === "string" ? v : JSON.stringify(v));

/** The row values of a sheet without exceljs's unused index 0. */
const values = (row: ExcelJS.Row): unknown[] => (row.values as unknown[]).slice(1);

function fillOf(cell: ExcelJS.Cell): string | undefined {
  const f = cell.fill;
  return f?.type === "pattern" ? f.fgColor?.argb : undefined;
}

describe("renderXlsx", () => {
  it("has the sheets in the order of the group's spreadsheet, Summary first", async () => {
    const wb = await workbook(await exampleReportData("v1.0"));
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      [
        "Summary",
        "Meta-table",
        "Rows",
        "Workflows",
        "Rounds",
        "Mitigations",
        "Methodology",
        "Heatmap",
      ],
    );
  });

  it("writes the Rows sheet with the import's headers, a frozen header and an autofilter", async () => {
    const data = await exampleReportData("v1.0");
    const ws = sheet(await workbook(data), "Rows");
    assert.deepEqual(values(ws.getRow(1)), [
      "Row",
      "Threat",
      "Title",
      "Workflow",
      "Description",
      "Vulnerability",
      "Assets",
      "Current mitigations",
      "Planned mitigations",
      "Likelihood",
      "Impact",
      "Risk",
      "Rule",
      "Reason",
      "Notes",
    ]);
    assert.equal(ws.views[0]?.state, "frozen");
    assert.equal((ws.views[0] as { ySplit?: number }).ySplit, 1);
    assert.equal(ws.autoFilter, "A1:O1");
    const active = data.rows.filter((r) => r.status === "active");
    assert.equal(ws.actualRowCount, active.length + 1);
    assert.deepEqual(
      ws.getColumn(1).values.slice(2),
      active.map((r) => r.id),
    );
  });

  it("writes every cell of row 4a", async () => {
    const data = await exampleReportData("v1.0");
    const r = data.rows.find((x) => x.id === "4a");
    assert.ok(r?.score);
    const ws = sheet(await workbook(data), "Rows");
    let line: ExcelJS.Row | undefined;
    ws.eachRow((row) => {
      if (row.getCell(1).value === "4a") line = row;
    });
    assert.ok(line);
    assert.deepEqual(values(line), [
      "4a",
      "TR-4",
      "Token theft or leak",
      "a",
      r.threat.description,
      r.threat.vulnerability,
      "digital identities",
      r.threat.currentMitigations,
      r.threat.plannedMitigations,
      2,
      3,
      "Medium",
      "highest-mode",
      r.score.reason,
      r.notes,
    ]);
    assert.equal(fillOf(line.getCell(12)), argb(r.score.color));
  });

  it("is read back by the spreadsheet import: same rows, threats, workflows and scores", async () => {
    const data = await exampleReportData("v1.0");
    const sheets = await readXlsx(await renderXlsx(data));
    const ctx = {
      methodology: data.methodology,
      existing: { threats: [], workflows: [], rows: [] },
      versionLabel: "v0.1",
    };
    const { plan, issues, fatal } = planSpreadsheet(sheets, ctx);
    assert.equal(fatal, false, JSON.stringify(issues));
    assert.deepEqual(issues, []);
    const active = data.rows.filter((r) => r.status === "active");
    assert.deepEqual(
      plan.rows.map((p) => [p.row.id, p.row.threatId, p.row.workflowId, p.score]),
      active.map((r) => [
        r.id,
        r.threat.id,
        r.workflow?.id ?? null,
        r.score && { likelihood: r.score.likelihood, impact: r.score.impact },
      ]),
    );
    assert.deepEqual(
      plan.workflows.map((w) => w.workflow.id),
      data.metaTable.workflows.map((w) => w.id),
    );
  });

  it("colours the meta-table cells in their level colour", async () => {
    const data = await exampleReportData("v1.0");
    const ws = sheet(await workbook(data), "Meta-table");
    const found = new Map<string, ExcelJS.Cell>();
    ws.eachRow((row) =>
      row.eachCell((cell, col) => {
        if (col === 1) return; // the threat column
        const id = typeof cell.value === "string" ? cell.value.split(/[\n ]/)[0] : undefined;
        if (id !== undefined && !found.has(id)) found.set(id, cell);
      }),
    );
    for (const id of ["4b", "4e-power", "TR-9"]) {
      const r = data.rows.find((x) => x.id === id);
      const cell = found.get(id);
      assert.ok(r?.score && cell, id);
      assert.equal(fillOf(cell), argb(r.score.color), id);
      assert.match(text(cell.value), new RegExp(`${r.score.likelihood}×${r.score.impact}`));
    }
    assert.equal(ws.views[0]?.state, "frozen");
  });

  it("gives a threat with generic and per-workflow rows a second meta-table line", async () => {
    const data = await exampleReportData("v1.0");
    const line = data.metaTable.lines.find((l) => l.threat.id === "TR-4");
    const extra = data.metaTable.lines.find((l) => l.threat.id === "TR-3")?.generic;
    assert.ok(line && extra);
    line.generic = extra;
    const ws = sheet(await workbook(data), "Meta-table");
    const labels: string[] = [];
    ws.eachRow((row) => labels.push(text(row.getCell(1).value)));
    const at = labels.indexOf("TR-4 (all workflows)");
    assert.ok(at > 0, labels.join(" / "));
    assert.match(text(ws.getRow(at + 1).getCell(2).value), /^TR-3\n/);
  });

  it("lists the workflows the Rows sheet refers to, in the import's Workflows shape", async () => {
    const data = await exampleReportData("v1.0");
    const wb = await workbook(data);
    const ws = sheet(wb, "Workflows");
    assert.deepEqual(values(ws.getRow(1)), [
      "ID",
      "Name",
      "Description",
      "Lifetime",
      "Scope breadth",
      "Refresh/exchange",
      "Holder",
    ]);
    const ids = ws.getColumn(1).values.slice(2);
    const used = sheet(wb, "Rows")
      .getColumn(4)
      .values.slice(2)
      .filter((v) => v !== "" && v !== null && v !== undefined);
    assert.ok(used.length > 0);
    for (const id of used) assert.ok(ids.includes(id), `workflow ${text(id ?? null)}`);
  });

  it("puts the right row ids in the Heatmap cell of a (likelihood, impact) pair", async () => {
    const data = await exampleReportData("v1.0");
    const m = data.methodology;
    const ws = sheet(await workbook(data), "Heatmap");
    const header = values(ws.getRow(1));
    const col = header.indexOf(scaleValue(m.impact, 4)) + 1;
    let line: ExcelJS.Row | undefined;
    ws.eachRow((row) => {
      if (row.getCell(1).value === scaleValue(m.likelihood, 3)) line = row;
    });
    assert.ok(col > 1 && line);
    const cell = line.getCell(col);
    const heat = data.heatmap.find((c) => c.likelihood === 3 && c.impact === 4);
    assert.ok(heat);
    assert.equal(cell.value, "4b, 4c, 4e-power, 4f-power, 5c, 5e");
    assert.equal(cell.value, heat.rows.join(", "));
    assert.equal(fillOf(cell), argb(heat.color));
  });

  it("writes one Rounds line per vote of every revealed round", async () => {
    const data = await exampleReportData("v0.9");
    const ws = sheet(await workbook(data), "Rounds");
    const votes = data.rows.flatMap((r) =>
      r.rounds.flatMap((x) => (x.state === "revealed" ? x.votes.map((v) => ({ r, x, v })) : [])),
    );
    assert.ok(votes.length > 100);
    assert.equal(ws.actualRowCount, votes.length + 1);
    const first = votes[0];
    assert.ok(first);
    const line = values(ws.getRow(2));
    assert.deepEqual(line.slice(0, 11), [
      first.r.id,
      first.x.number,
      first.x.openedBy,
      first.x.openedAt,
      first.x.revealedAt,
      first.v.voter,
      first.v.likelihood,
      first.v.impact,
      first.v.confidence ?? "",
      first.v.note ?? "",
      first.v.castAt,
    ]);
    assert.equal(line[11], first.x.stats?.likelihood.median);
  });

  it("opens with a Summary of cover, counts per level and figures", async () => {
    const data = await exampleReportData("v1.0");
    const ws = sheet(await workbook(data), "Summary");
    assert.equal(ws.getCell("A1").value, data.assessment.title);
    assert.match(text(ws.getCell("A2").value), /^Illustrative example data/);
    const texts: string[] = [];
    const facts = new Map<string, unknown>();
    ws.eachRow((row) => {
      texts.push(values(row).map(String).join("|"));
      facts.set(text(row.getCell(1).value), row.getCell(2).value);
    });
    assert.equal(
      facts.get("Version"),
      `${data.version.label}, started from ${data.version.parent}`,
    );
    assert.equal(facts.get("Methodology"), data.methodology.name);
    assert.match(String(facts.get("State")), /^draft/);
    for (const c of data.summary.countsByLevel) {
      assert.ok(texts.includes(`${c.label}|${c.count}`), `count of ${c.label}`);
    }
    const f = data.figures;
    const v = f.extremeVotes;
    const votes = `Votes cast ${extremeVotesScope(data)}||${v.likelihood.low}|${v.likelihood.high}|${v.impact.low}|${v.impact.high}`;
    assert.ok(texts.includes(votes), votes);
    const rounds = `Rounds of this version||${f.revealedRounds}|${f.splitRounds}|${f.splitSettledHigh}`;
    assert.ok(texts.includes(rounds), rounds);
    // Prose sits in cells merged across the sheet: each merged cell reads as the same value.
    assert.ok(
      texts.some((t) => t.startsWith(`${extremesSentence(data)}|`)),
      "1s and 5s sentence",
    );
  });

  it("lists the mitigation plan and the methodology's colours", async () => {
    const data = await exampleReportData("v1.0");
    const wb = await workbook(data);
    const plan = sheet(wb, "Mitigations");
    assert.equal(plan.actualRowCount, data.mitigations.length + 1);
    assert.equal(plan.getCell("A2").value, data.mitigations[0]?.id);
    const method = sheet(wb, "Methodology");
    const colours: string[] = [];
    method.eachRow((row) =>
      row.eachCell((cell) => {
        const level = data.methodology.levels.find((l) => l.label === cell.value);
        const fill = fillOf(cell);
        if (level && fill) colours.push(`${level.id}:${fill === argb(level.color)}`);
      }),
    );
    assert.ok(colours.length >= data.methodology.levels.length);
    assert.ok(
      colours.every((c) => c.endsWith(":true")),
      colours.join(", "),
    );
  });
});
