/**
 * Building blocks of the Markdown report (tables, headings, lists). Every block is a list of
 * lines ending with a blank line, so sections concatenate without worrying about spacing — GFM
 * needs a blank line before a table or a heading to recognise it.
 */
import type { TableCell, TableContent } from "./report.tables.js";
import { escapeMarkdown, mdCell } from "./text.js";

export type Align = "left" | "right" | "center";

/**
 * A GFM table. Cells are plain text and are escaped here (pipes, newlines, markup), so callers
 * cannot forget; pass `raw` cells (already Markdown) through `md()`.
 */
export function mdTable(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  align: readonly Align[] = [],
): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  const rule = headers.map((_, i) => {
    switch (align[i] ?? "left") {
      case "left":
        return "---";
      case "right":
        return "--:";
      case "center":
        return ":-:";
    }
  });
  return [
    line(headers.map((h) => mdCell(h))),
    line(rule),
    ...rows.map((r) => line(headers.map((_, i) => cellText(r[i])))),
    "",
  ];
}

/** A cell already in Markdown (e.g. bold), not to be escaped again. */
export interface RawCell {
  md: string;
}
export type Cell = string | number | null | undefined | RawCell;

export const md = (s: string): RawCell => ({ md: s });

function cellText(c: Cell): string {
  if (typeof c === "number") return String(c);
  if (typeof c === "object" && c !== null) return c.md.replace(/\r\n?|\n/g, "<br>");
  return mdCell(c);
}

/** A heading; the text is escaped. */
export function mdHeading(level: 1 | 2 | 3 | 4, text: string): string[] {
  return [`${"#".repeat(level)} ${escapeMarkdown(text)}`, ""];
}

/**
 * A paragraph of plain text. A leading character that would start a block (heading, list,
 * quote, numbered list) is escaped so the text stays a paragraph.
 */
export function mdParagraph(text: string): string[] {
  if (text.trim() === "") return [];
  const escaped = escapeMarkdown(text.trim()).replace(/^([#+=-])/, "\\$1");
  return [escaped.replace(/^(\d+)([.)])/, "$1\\$2"), ""];
}

/** A bullet list of items already in Markdown. */
export function mdList(items: readonly string[]): string[] {
  return items.length === 0 ? [] : [...items.map((i) => `- ${i}`), ""];
}

/** "**Label:** value" with the value escaped — the key facts of a row or the cover. */
export function mdField(label: string, value: string): string {
  return `**${escapeMarkdown(label)}:** ${escapeMarkdown(value)}`;
}

/** GitHub's heading anchor for a heading text (lowercase, punctuation dropped, spaces → -). */
export function gfmSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .trim()
    .replace(/\s/g, "-");
}

/**
 * A neutral cell (report.tables.ts) in Markdown: ids and emphasis in bold, a second line after
 * `<br>`; colours cannot show, so a coloured cell is its text; a marked cell is kept exactly
 * (an empty continuation cell stays empty instead of becoming "—").
 */
export function mdCellOf(c: TableCell): Cell {
  if (c === null || typeof c !== "object") return c;
  const sub = c.sub === undefined ? "" : `<br>${escapeMarkdown(c.sub)}`;
  if (c.row === true || c.strong === true) {
    return md(`**${escapeMarkdown(c.text)}**${escapeMarkdown(c.after ?? "")}${sub}`);
  }
  if (c.color !== undefined) return c.text + (c.after ?? "");
  return md(escapeMarkdown(c.text + (c.after ?? "")) + sub);
}

/** A neutral table as GFM (the caption is said by the heading or sentence above it). */
export function mdTableOf(t: TableContent, align: readonly Align[] = []): string[] {
  return mdTable(
    t.headers,
    t.rows.map((r) => r.map(mdCellOf)),
    align,
  );
}
