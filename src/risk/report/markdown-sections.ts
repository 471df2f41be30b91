/**
 * The Markdown of the methodology, meta-table, mitigation plan, disagreement appendix and
 * heatmap sections (render-markdown.ts puts them in order under their REPORT_SECTIONS headings).
 * Split out only to keep files small; each function returns the lines of one section.
 */
import type { HeatCell, MetaCell, ReportData } from "./report.data.js";
import {
  md,
  mdHeading,
  mdList,
  mdParagraph,
  mdTable,
  mdTableOf,
  type Cell,
} from "./markdown-blocks.js";
import {
  CONSENSUS_TEXT,
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
import { escapeMarkdown, formatDate, formatList, formatScoreCompact } from "./text.js";

const bold = (s: string) => md(`**${escapeMarkdown(s)}**`);

export function methodologyMarkdown(data: ReportData): string[] {
  const m = data.methodology;
  return [
    `**${escapeMarkdown(m.name)}** — ${escapeMarkdown(m.description)}`,
    "",
    ...mdHeading(3, "Likelihood"),
    ...mdTableOf(scaleTable(data, "likelihood"), ["right"]),
    ...mdHeading(3, "Impact"),
    ...mdTableOf(scaleTable(data, "impact"), ["right"]),
    ...mdHeading(3, "Risk matrix"),
    ...mdParagraph(SECTION_TEXT.matrix),
    ...grid(data, (c) => c.levelLabel),
    ...mdTable(
      ["Level", "Colour", "Description"],
      m.levels.map((l) => [bold(l.label), md(`\`${l.color}\``), l.description]),
    ),
    ...mdHeading(3, "Voting and settlement"),
    ...VOTING_TEXT.map((t, i) => `${i + 1}. ${escapeMarkdown(t)}`),
    "",
    ...mdParagraph(SECTION_TEXT.graded),
    ...mdList(Object.values(CONSENSUS_TEXT).map(escapeMarkdown)),
    ...mdParagraph(SECTION_TEXT.delphi),
    ...mdTableOf(rulesTable(data)),
    ...mdHeading(3, "Figures recorded"),
    ...mdTableOf(figuresTable(data), ["left", "right", "right", "right", "right"]),
    ...mdParagraph(extremesSentence(data)),
    ...mdParagraph(splitSentence(data)),
  ];
}

/** The likelihood × impact grid (heatmap order) with one cell text per pair. */
function grid(data: ReportData, text: (c: HeatCell) => Cell): string[] {
  const m = data.methodology;
  const likelihoods = [...new Set(data.heatmap.map((c) => c.likelihood))];
  const impacts = [...new Set(data.heatmap.map((c) => c.impact))];
  const label = (scale: typeof m.impact, v: number) =>
    scale.find((s) => s.value === v)?.label ?? "";
  return mdTable(
    ["Likelihood ↓ Impact →", ...impacts.map((i) => `${i} ${label(m.impact, i)}`)],
    likelihoods.map((l) => [
      md(`**${l}** ${escapeMarkdown(label(m.likelihood, l))}`),
      ...impacts.map((i) => {
        const c = data.heatmap.find((x) => x.likelihood === l && x.impact === i);
        return c === undefined ? "" : text(c);
      }),
    ]),
  );
}

export function metaTableMarkdown(data: ReportData): string[] {
  const t = data.metaTable;
  const hasGeneric = t.lines.some((l) => l.generic !== null);
  const cellText = (cells: MetaCell[] | null | undefined): Cell =>
    md(
      (cells ?? [])
        .map((c) => {
          const score =
            c.likelihood === null || c.impact === null || c.levelLabel === null
              ? "not scored"
              : formatScoreCompact({
                  likelihood: c.likelihood,
                  impact: c.impact,
                  levelLabel: c.levelLabel,
                });
          return `**${escapeMarkdown(c.row)}** ${escapeMarkdown(score)}${c.split ? " (split)" : ""}`;
        })
        .join("<br>"),
    );
  const headers = [
    "Threat",
    ...(hasGeneric ? ["All workflows"] : []),
    ...t.workflows.map((w) => w.id),
  ];
  return [
    ...mdParagraph(
      "Threats down, workflows across. Each cell gives a row, its likelihood × impact and its " +
        "level; “(split)” marks a row whose last round was split. A threat that is not unique " +
        "to a workflow has one generic row, for all workflows.",
    ),
    ...mdTable(
      headers,
      t.lines.map((l) => [
        md(escapeMarkdown(threatLabel(l.threat)).replace(/^(\S+)/, "**$1**")),
        ...(hasGeneric ? [cellText(l.generic)] : []),
        ...t.workflows.map((_, i) => cellText(l.perWorkflow?.[i])),
      ]),
    ),
    ...mdParagraph("Workflows:"),
    ...mdList(t.workflows.map((w) => `**${escapeMarkdown(w.id)}** ${escapeMarkdown(w.name)}`)),
  ];
}

export function mitigationsMarkdown(data: ReportData): string[] {
  if (data.mitigations.length === 0) return mdParagraph(SECTION_TEXT.noMitigations);
  return [
    ...mdParagraph(SECTION_TEXT.mitigations),
    ...mdTable(
      ["Item", "Mitigation", "Kind", "Status", "Owner", "Due", "Effort", "Rows"],
      data.mitigations.map((x) => [
        md(`**${escapeMarkdown(x.id)}**${x.lowHangingFruit ? "<br>low-hanging fruit" : ""}`),
        md(
          [x.title, x.description]
            .filter((s) => s.trim() !== "")
            .map(escapeMarkdown)
            .join("<br>"),
        ),
        x.kind,
        x.status,
        x.owner,
        formatDate(x.dueDate),
        x.effort,
        formatList(
          x.rowLevels.map((r) => (r.levelLabel === null ? r.row : `${r.row} (${r.levelLabel})`)),
          "",
        ),
      ]),
    ),
  ];
}

export function disagreementsMarkdown(data: ReportData): string[] {
  const t = disagreementsTable(data);
  if (t === null) return mdParagraph(SECTION_TEXT.noDisagreements);
  return [...mdParagraph(disagreementsIntro(data)), ...mdTableOf(t, ["left", "right"])];
}

export function heatmapMarkdown(data: ReportData): string[] {
  return [
    ...mdParagraph(
      "Where the current scores fall: likelihood down, highest first; impact across. Each cell " +
        "gives its level, the number of rows and their ids (the HTML and PDF reports draw this " +
        "grid in colour).",
    ),
    ...grid(data, (c) =>
      c.rows.length === 0
        ? c.levelLabel
        : md(
            `${escapeMarkdown(c.levelLabel)}: **${c.rows.length}**<br>` +
              escapeMarkdown(c.rows.join(", ")),
          ),
    ),
  ];
}
