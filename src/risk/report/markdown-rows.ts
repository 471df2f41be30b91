/**
 * The "Risk rows" section in Markdown: threats in catalogue order with their description,
 * vulnerability, assets and mitigations once, then each of their rows with its score, every
 * round (votes and statistics) and its settlement history — so a reviewer can re-derive or
 * question every number. The content comes from report.row-tables.ts (shared with HTML and
 * PDF); this file only lays it out. Votes of open rounds are never printed.
 */
import type { ReportData, ReportRound, ReportRow } from "./report.data.js";
import { md, mdField, mdHeading, mdList, mdParagraph, mdTableOf } from "./markdown-blocks.js";
import {
  historyTable,
  noRoundsText,
  openRoundText,
  retiredText,
  revealedTail,
  roundOpened,
  rowFacts,
  rowHeading,
  statsTable,
  threatBlocks,
  threatFacts,
  votesTable,
} from "./report.row-tables.js";
import { escapeMarkdown, formatScore } from "./text.js";

export function rowsMarkdown(data: ReportData): string[] {
  return threatBlocks(data).flatMap((b) => {
    const fields = threatFacts(b.threat).flatMap(([k, v]) => field(k, v));
    return [
      ...mdHeading(3, b.heading),
      ...(b.inline !== undefined
        ? rowBody(data, b.inline, fields)
        : [
            ...mdList(fields),
            ...b.active.flatMap((r) => [...mdHeading(4, rowHeading(r)), ...rowBody(data, r, [])]),
          ]),
      ...b.retired.flatMap((r) => mdParagraph(retiredText(data, r))),
    ];
  });
}

const field = (label: string, value: string): string[] =>
  value.trim() === "" ? [] : [mdField(label, value.trim())];

/** Settled and Reason are printed as recorded; the free-text fields are trimmed. */
const rowField = ([label, value]: [string, string]): string[] =>
  label === "Settled" || label === "Reason"
    ? value === ""
      ? []
      : [mdField(label, value)]
    : field(label, value);

function rowBody(data: ReportData, r: ReportRow, before: string[]): string[] {
  const s = r.score;
  return [
    ...mdList([
      ...before,
      mdField("Score", s === null ? "not scored yet" : formatScore(s)),
      ...rowFacts(r).flatMap(rowField),
    ]),
    ...(r.rounds.length === 0
      ? mdParagraph(noRoundsText(data, r))
      : r.rounds.flatMap((x) => roundBlock(r, x))),
    ...history(r),
  ];
}

function roundBlock(r: ReportRow, x: ReportRound): string[] {
  if (x.state !== "revealed") return mdParagraph(openRoundText(x));
  const round = `Round ${x.number}`;
  const head = md(
    `**${round}**` + escapeMarkdown(roundOpened(x).slice(round.length) + revealedTail(x)),
  ).md;
  const stats = statsTable(r, x);
  return [
    head,
    "",
    ...mdTableOf(votesTable(r, x), ["left", "right", "right"]),
    ...(stats === null
      ? []
      : mdTableOf(stats, ["left", "left", "right", "right", "right", "right", "right", "right"])),
  ];
}

/** Earlier settlements of the row in this version (the score line shows the current one). */
function history(r: ReportRow): string[] {
  const t = historyTable(r);
  if (t === null) return [];
  return [md(`**Settlement history** (oldest first, the last is current)`).md, "", ...mdTableOf(t)];
}
