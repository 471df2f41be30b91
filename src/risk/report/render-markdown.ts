/**
 * The Markdown report of a version: the document the working group reviews in a merge request
 * or a wiki, so it must read well as plain text and diff cleanly between versions. GitHub-
 * flavoured Markdown; same content and order as every other format (REPORT_SECTIONS). Colours
 * cannot show here, so levels are always named. Deterministic: nothing but `data` goes in.
 */
import type { ReportData } from "./report.data.js";
import { REPORT_SECTIONS, type ReportSectionId } from "./report.sections.js";
import { gfmSlug, mdField, mdHeading, mdList, mdParagraph, mdTableOf } from "./markdown-blocks.js";
import {
  disagreementsMarkdown,
  heatmapMarkdown,
  metaTableMarkdown,
  methodologyMarkdown,
  mitigationsMarkdown,
} from "./markdown-sections.js";
import { rowsMarkdown } from "./markdown-rows.js";
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
import { scoreMovesTable, summaryLists } from "./report.tables.js";
import { escapeMarkdown } from "./text.js";

/** Renders the whole report; the result ends with exactly one newline. */
export function renderMarkdown(data: ReportData): string {
  const parts: Record<ReportSectionId, () => string[]> = {
    cover: () => cover(data),
    summary: () => summary(data),
    methodology: () => methodologyMarkdown(data),
    "meta-table": () => metaTableMarkdown(data),
    rows: () => rowsMarkdown(data),
    mitigations: () => mitigationsMarkdown(data),
    disagreements: () => disagreementsMarkdown(data),
    heatmap: () => heatmapMarkdown(data),
  };
  const lines = REPORT_SECTIONS.flatMap((s) => [
    ...(s.id === "cover" ? [] : mdHeading(2, s.title)),
    ...parts[s.id](),
  ]);
  lines.push(
    `*Generated ${escapeMarkdown(data.generatedAt)} from assessment ` +
      `${escapeMarkdown(data.assessment.id)}, version ${escapeMarkdown(data.version.label)}.*`,
  );
  return (
    lines
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trimEnd() + "\n"
  );
}

function cover(data: ReportData): string[] {
  const { assessment: a, version: v } = data;
  return [
    ...mdHeading(1, a.title),
    `**Risk assessment report — version ${escapeMarkdown(v.label)}**`,
    "",
    ...(a.illustrative ? [`> **${escapeMarkdown(ILLUSTRATIVE_NOTICE)}**`, ""] : []),
    ...mdList(coverFacts(data).map(([label, value]) => mdField(label, value))),
    ...mdParagraph(a.description),
    ...(v.notes.trim() === "" ? [] : [mdField("Version notes", v.notes), ""]),
    "**Contents:** " +
      REPORT_SECTIONS.filter((s) => s.id !== "cover")
        .map((s) => `[${escapeMarkdown(s.title)}](#${gfmSlug(s.title)})`)
        .join(" · "),
    "",
  ];
}

function summary(data: ReportData): string[] {
  return [
    `**Counts per level:** ${escapeMarkdown(countsByLevelLine(data))}`,
    "",
    ...mdParagraph(rowsLine(data)),
    ...summaryLists(data).flatMap((l) => [
      ...mdHeading(3, l.heading),
      ...mdParagraph(l.criterion),
      ...(l.table === null ? mdParagraph("None.") : mdTableOf(l.table)),
    ]),
    ...changes(data),
  ];
}

function changes(data: ReportData): string[] {
  const items = changeItems(data);
  const heading = mdHeading(3, changesHeading(data));
  if (items === null) return [...heading, ...mdParagraph(noChangesSentence(data))];
  const moves = scoreMovesTable(data);
  return [
    ...heading,
    ...mdList(items.map((i) => mdField(i.label, i.text))),
    ...mdParagraph(scoresMovedLine(data)),
    ...(moves === null ? [] : mdTableOf(moves)),
  ];
}
