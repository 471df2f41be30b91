/**
 * The HTML of the methodology, meta-table, mitigation plan, disagreement appendix and heatmap
 * sections (render-html.ts puts them under their REPORT_SECTIONS headings). The wording comes
 * from report.prose.ts so it matches the Markdown report word for word.
 */
import { heatmapSvg } from "./heatmap-svg.js";
import { el, p, raw, rowRef, table, tableOf, type Cell, type Content } from "./html-blocks.js";
import type { MetaCell, ReportData } from "./report.data.js";
import {
  CONSENSUS_TEXT,
  countsByLevelLine,
  extremesSentence,
  splitSentence,
  threatLabel,
  VOTING_TEXT,
} from "./report.prose.js";
import {
  disagreementsIntro,
  disagreementsTable,
  figuresTable,
  rulesTable,
  scaleTable,
  SECTION_TEXT,
} from "./report.tables.js";
import { formatDate, formatScoreCompact, textColorOn } from "./text.js";

export function methodologyHtml(data: ReportData): Content {
  const m = data.methodology;
  return [
    p(el("strong", {}, m.name), ` — ${m.description}`),
    el("h3", {}, "Likelihood"),
    tableOf(data, scaleTable(data, "likelihood")),
    el("h3", {}, "Impact"),
    tableOf(data, scaleTable(data, "impact")),
    el("h3", {}, "Risk matrix"),
    p(SECTION_TEXT.matrix),
    grid(data, "Risk matrix: level per likelihood and impact", (c) => c.levelLabel),
    table(
      "Risk levels",
      ["Level", "Colour", "Description"],
      m.levels.map((l) => [l.label, { color: l.color, content: l.color }, l.description]),
    ),
    el("h3", {}, "Voting and settlement"),
    el(
      "ol",
      {},
      VOTING_TEXT.map((t) => el("li", {}, t)),
    ),
    p(SECTION_TEXT.graded),
    el(
      "ul",
      {},
      Object.values(CONSENSUS_TEXT).map((t) => el("li", {}, t)),
    ),
    p(SECTION_TEXT.delphi),
    tableOf(data, rulesTable(data)),
    el("h3", {}, "Figures recorded"),
    tableOf(data, figuresTable(data), { numeric: [1, 2, 3, 4] }),
    p(extremesSentence(data)),
    p(splitSentence(data)),
  ];
}

/** The likelihood × impact grid (heatmap order), every cell coloured by its level. */
function grid(
  data: ReportData,
  caption: string,
  content: (c: ReportData["heatmap"][number]) => Content,
): Content {
  const m = data.methodology;
  const likelihoods = [...new Set(data.heatmap.map((c) => c.likelihood))];
  const impacts = [...new Set(data.heatmap.map((c) => c.impact))];
  const label = (scale: typeof m.impact, v: number) =>
    scale.find((s) => s.value === v)?.label ?? "";
  return table(
    caption,
    ["Likelihood ↓ Impact →", ...impacts.map((i) => `${i} ${label(m.impact, i)}`)],
    likelihoods.map((l): Cell[] => [
      `${l} ${label(m.likelihood, l)}`,
      ...impacts.map((i): Cell => {
        const c = data.heatmap.find((x) => x.likelihood === l && x.impact === i);
        return c === undefined ? "" : { color: c.color, content: content(c) };
      }),
    ]),
  );
}

export function metaTableHtml(data: ReportData): Content {
  const t = data.metaTable;
  const cell = (cells: MetaCell[] | null | undefined, colSpan?: number): Cell => {
    const list = cells ?? [];
    const only = list.length === 1 ? list[0] : undefined;
    // A single row colours the whole cell; several rows colour their own lines.
    if (only !== undefined) return { color: only.color, colSpan, content: cellContent(data, only) };
    const content = list.map((c) =>
      el(
        "span",
        {
          class: "cell-row",
          style:
            c.color === null
              ? undefined
              : `background-color:${c.color};color:${textColorOn(c.color)}`,
        },
        cellContent(data, c),
      ),
    );
    return { colSpan, content };
  };
  const n = t.workflows.length;
  // A generic threat's row spans the line, as in the group's spreadsheet; a threat with both
  // kinds of rows (rare) gets a second line for its generic rows.
  const lines = t.lines.flatMap((l): Cell[][] => {
    const perWorkflow = l.perWorkflow;
    const generic = l.generic === null ? [] : [cell(l.generic, n)];
    if (perWorkflow === null) return [[threatLabel(l.threat), ...generic]];
    const line = [threatLabel(l.threat), ...t.workflows.map((_, i) => cell(perWorkflow[i]))];
    return l.generic === null ? [line] : [line, [`${l.threat.id} (all workflows)`, ...generic]];
  });
  return [
    p(SECTION_TEXT.metaTable),
    table(
      "Meta-table: threats × workflows",
      ["Threat", ...t.workflows.map((w) => [w.id, el("span", { class: "wf-name" }, w.name)])],
      n === 0 ? t.lines.map((l) => [threatLabel(l.threat), cell(l.generic)]) : lines,
      { className: "meta" },
    ),
  ];
}

function cellContent(data: ReportData, c: MetaCell): Content {
  const score =
    c.likelihood === null || c.impact === null || c.levelLabel === null
      ? "not scored"
      : formatScoreCompact({
          likelihood: c.likelihood,
          impact: c.impact,
          levelLabel: c.levelLabel,
        });
  return [
    el("strong", {}, rowRef(data, c.row)),
    ` ${score}`,
    c.split ? el("span", { class: "split-mark" }, " (split)") : null,
  ];
}

export function mitigationsHtml(data: ReportData): Content {
  if (data.mitigations.length === 0) return p(SECTION_TEXT.noMitigations);
  return [
    p(SECTION_TEXT.mitigations),
    table(
      "Mitigation plan",
      ["Item", "Mitigation", "Kind", "Status", "Owner", "Due", "Effort", "Rows"],
      data.mitigations.map((x): Cell[] => [
        [x.id, x.lowHangingFruit ? [raw("<br>"), el("em", {}, "low-hanging fruit")] : null],
        [
          x.title,
          x.description.trim() === ""
            ? null
            : [raw("<br>"), el("span", { class: "muted" }, x.description)],
        ],
        x.kind,
        x.status,
        x.owner ?? "—",
        formatDate(x.dueDate) || "—",
        x.effort,
        x.rowLevels.map((r, i) => [
          i === 0 ? null : ", ",
          rowRef(data, r.row),
          r.levelLabel === null ? null : ` (${r.levelLabel})`,
        ]),
      ]),
      { nowrap: [3, 5] },
    ),
  ];
}

export function disagreementsHtml(data: ReportData): Content {
  const t = disagreementsTable(data);
  if (t === null) return p(SECTION_TEXT.noDisagreements);
  return [p(disagreementsIntro(data)), tableOf(data, t, { numeric: [1] })];
}

export function heatmapHtml(data: ReportData): Content {
  return [
    p(SECTION_TEXT.heatmap),
    el(
      "figure",
      { class: "heatmap" },
      raw(heatmapSvg(data)),
      el("figcaption", { class: "muted" }, `Rows per level: ${countsByLevelLine(data)}.`),
    ),
  ];
}
