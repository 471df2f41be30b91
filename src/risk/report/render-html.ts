/**
 * The HTML report of a version: one self-contained HTML5 file (inline stylesheet, inline SVG
 * heatmap, no scripts, nothing fetched) that can be mailed, archived and printed to PDF from any
 * browser. Same content and order as the Markdown (REPORT_SECTIONS, report.prose.ts); here the
 * levels also show as colours. All user text is escaped through html-blocks.ts.
 */
import { el, facts, p, raw, tableOf, type Content } from "./html-blocks.js";
import { rowsHtml } from "./html-rows.js";
import {
  disagreementsHtml,
  heatmapHtml,
  metaTableHtml,
  methodologyHtml,
  mitigationsHtml,
} from "./html-sections.js";
import { REPORT_CSS } from "./html-style.js";
import type { ReportData } from "./report.data.js";
import {
  changeItems,
  changesHeading,
  countsByLevelLine,
  coverFacts,
  ILLUSTRATIVE_NOTICE,
  noChangesSentence,
  rowsLine,
  scoresMovedLine,
} from "./report.prose.js";
import { REPORT_SECTIONS, type ReportSectionId } from "./report.sections.js";
import { countsTable, scoreMovesTable, summaryLists } from "./report.tables.js";
import { escapeHtml } from "./text.js";

/** Renders the whole report as an HTML5 document string. */
export function renderHtml(data: ReportData): string {
  const body: Record<ReportSectionId, () => Content> = {
    cover: () => cover(data),
    summary: () => summary(data),
    methodology: () => methodologyHtml(data),
    "meta-table": () => metaTableHtml(data),
    rows: () => rowsHtml(data),
    mitigations: () => mitigationsHtml(data),
    disagreements: () => disagreementsHtml(data),
    heatmap: () => heatmapHtml(data),
  };
  const sections = REPORT_SECTIONS.map((s) =>
    s.id === "cover"
      ? el("section", { id: s.id, "aria-labelledby": "cover-title" }, body[s.id]())
      : el(
          "section",
          { id: s.id, class: "report-section", "aria-labelledby": `${s.id}-title` },
          raw("\n"),
          el("h2", { id: `${s.id}-title` }, s.title),
          raw("\n"),
          body[s.id](),
        ),
  );
  const title = `${data.assessment.title} — ${data.version.label} risk report`;
  return [
    "<!DOCTYPE html>",
    `<html lang="en">`,
    "<head>",
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="generator" content="ttt">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>\n${REPORT_CSS}\n</style>`,
    "</head>",
    "<body>",
    "<main>",
    ...sections.map((s) => s.html),
    el(
      "footer",
      {},
      `Generated ${data.generatedAt} from assessment ${data.assessment.id}, version ${data.version.label}.`,
    ).html,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function cover(data: ReportData): Content {
  const { assessment: a, version: v } = data;
  return [
    el("h1", { id: "cover-title" }, a.title),
    raw("\n"),
    el("p", { class: "subtitle" }, `Risk assessment report — version ${v.label}`),
    raw("\n"),
    a.illustrative ? el("p", { class: "notice", role: "note" }, ILLUSTRATIVE_NOTICE) : null,
    facts(coverFacts(data)),
    p(a.description),
    v.notes.trim() === "" ? null : p(el("strong", {}, "Version notes: "), v.notes),
    el(
      "nav",
      { class: "contents", "aria-label": "Contents" },
      el("p", { class: "contents-title" }, el("strong", {}, "Contents")),
      el(
        "ol",
        {},
        REPORT_SECTIONS.filter((s) => s.id !== "cover").map((s) =>
          el("li", {}, el("a", { href: `#${s.id}` }, s.title)),
        ),
      ),
    ),
  ];
}

function summary(data: ReportData): Content {
  return [
    el("p", { class: "counts" }, el("strong", {}, "Counts per level: "), countsByLevelLine(data)),
    // The counts as a coloured table (the line above says the same in words).
    tableOf(
      data,
      { ...countsTable(data), headers: ["Level", "Rows"] },
      { numeric: [1], className: "compact", hiddenCaption: true },
    ),
    p(rowsLine(data)),
    // Each table's caption repeats its h3, for screen readers.
    summaryLists(data).map((l) => [
      el("h3", {}, l.heading),
      p(l.criterion),
      l.table === null ? p("None.") : tableOf(data, l.table, { hiddenCaption: true }),
    ]),
    changes(data),
  ];
}

function changes(data: ReportData): Content {
  const items = changeItems(data);
  const heading = el("h3", {}, changesHeading(data));
  if (items === null) return [heading, p(noChangesSentence(data))];
  const moves = scoreMovesTable(data);
  return [
    heading,
    el(
      "ul",
      { class: "changes" },
      items.map((i) => el("li", {}, el("strong", {}, `${i.label}: `), i.text)),
    ),
    moves === null ? p(scoresMovedLine(data)) : tableOf(data, moves),
  ];
}
