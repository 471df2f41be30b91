/**
 * The tables of a report as format-neutral content — caption, headers and rows of plain values
 * with a few hints (a row id, emphasis, a level colour) — built once from ReportData so that
 * Markdown, HTML, PDF and XLSX list the same columns and figures and differ only in layout. Each
 * renderer lays these out with its own adapter (markdown-blocks mdCells, html-blocks htmlCells,
 * pdf-layout pdfCells, xlsx-style xlsxCells). Per-row tables (facts, rounds) are in
 * report.row-tables.ts. Pure: everything comes from ReportData.
 */
import type { ReportData, ReportRow } from "./report.data.js";
import {
  concernThreshold,
  extremeVotesScope,
  highImpactLowLikelihoodCriterion,
  highLikelihoodCriterion,
  rowName,
  scoreMoves,
  settledHigh,
} from "./report.prose.js";
import { rowTitle } from "./report.sections.js";
import { formatNumber, formatRange, formatScore, levelOf, plural } from "./text.js";

/**
 * A cell: plain text, a number, `null` for "nothing recorded" (a dash in formats that show one),
 * or text with hints that a format shows where it can.
 */
export type TableCell = string | number | null | MarkedCell;

/** Text with layout hints; a marked cell without hints is shown exactly, even when empty. */
export interface MarkedCell {
  text: string;
  /** The text is a row id: emphasised, and linked to the row where a format can link. */
  row?: boolean;
  /** Emphasised (bold). */
  strong?: boolean;
  /** Plain text right after `text`, not emphasised. */
  after?: string;
  /** A second, secondary line under `text`. */
  sub?: string;
  /** A level colour to fill the cell with. */
  color?: string | null;
}

/** A table every format lays out: the caption is shown or kept for screen readers. */
export interface TableContent {
  caption: string;
  headers: string[];
  rows: TableCell[][];
}

/** A cell left empty on purpose (a continuation line), unlike `null` ("nothing recorded"). */
export const BLANK: MarkedCell = { text: "" };

/** Counts per level, lowest first, each label in its level colour. */
export function countsTable(data: ReportData): TableContent {
  return {
    caption: "Active rows per risk level",
    headers: ["Risk level", "Rows"],
    rows: data.summary.countsByLevel.map((c) => [{ text: c.label, color: c.color }, c.count]),
  };
}

/** Rows by id (id, score in its level colour, full name); null when there are none ("None."). */
export function rowsTable(data: ReportData, caption: string, ids: readonly string[]) {
  const rows = ids.flatMap((id) => data.rows.filter((r) => r.id === id));
  if (rows.length === 0) return null;
  const score = (r: ReportRow): TableCell =>
    r.score === null ? "not scored" : { text: formatScore(r.score), color: r.score.color };
  return {
    caption,
    headers: ["Row", "Score", "Threat / workflow"],
    rows: rows.map((r): TableCell[] => [{ text: r.id, row: true }, score(r), rowTitle(r)]),
  } satisfies TableContent;
}

/** One list of the executive summary: its heading, how rows are chosen, and the rows. */
export interface SummaryList {
  heading: string;
  criterion: string;
  table: TableContent | null;
}

/** The rows of most concern and both spotlights, in the order every format shows them. */
export function summaryLists(data: ReportData): SummaryList[] {
  const s = data.summary;
  return [
    {
      heading: "Rows of most concern",
      criterion: `Rows at ${concernThreshold(data)}, highest level first, then by likelihood × impact.`,
      table: rowsTable(data, "Rows of most concern", s.concern),
    },
    {
      heading: "Spotlight: high impact, low likelihood",
      criterion: highImpactLowLikelihoodCriterion(data),
      table: rowsTable(data, "High impact, low likelihood", s.highImpactLowLikelihood),
    },
    {
      heading: "Spotlight: high likelihood",
      criterion: highLikelihoodCriterion(data),
      table: rowsTable(data, "High likelihood", s.highLikelihood),
    },
  ];
}

/** Scores that moved since the parent version, before and after in level colours; or null. */
export function scoreMovesTable(data: ReportData): TableContent | null {
  const moves = scoreMoves(data);
  if (moves.length === 0) return null;
  const from = data.summary.changes?.from ?? "Before";
  const side = (s: { text: string; level: string | null }): TableCell =>
    s.level === null ? s.text : { text: s.text, color: levelOf(data.methodology, s.level).color };
  return {
    caption: `Scores moved since ${data.summary.changes?.from ?? "the parent version"}`,
    headers: ["Row", from, data.version.label],
    rows: moves.map((x) => [{ text: x.row, row: true }, side(x.before), side(x.after)]),
  };
}

/** A scale of the methodology (value, label, description). */
export function scaleTable(data: ReportData, axis: "likelihood" | "impact"): TableContent {
  return {
    caption: axis === "likelihood" ? "Likelihood scale" : "Impact scale",
    headers: ["Value", "Label", "Description"],
    rows: data.methodology[axis].map((x) => [x.value, x.label, x.description]),
  };
}

/** Every settlement rule with how it works; the assessment's default is marked. */
export function rulesTable(data: ReportData): TableContent {
  return {
    caption: "Settlement rules",
    headers: ["Settlement rule", "How it settles a row"],
    rows: data.rules.map((r) => [
      r.default ? { text: r.id, strong: true, after: " (this assessment's default)" } : r.id,
      r.description,
    ]),
  };
}

/** Votes cast and current scores at the ends of each scale (risk-method.md: 1s and 5s). */
export function figuresTable(data: ReportData): TableContent {
  const f = data.figures;
  const ext = f.extremes;
  const scored = data.summary.rows - data.summary.unscored.length;
  const counts = (c: ReportData["figures"]["extremeVotes"]) => [
    c.likelihood.low,
    c.likelihood.high,
    c.impact.low,
    c.impact.high,
  ];
  return {
    caption: "Values at the ends of the scales",
    headers: [
      "Figure",
      `Likelihood ${ext.likelihood.low}`,
      `Likelihood ${ext.likelihood.high}`,
      `Impact ${ext.impact.low}`,
      `Impact ${ext.impact.high}`,
    ],
    rows: [
      [`Votes cast ${extremeVotesScope(data)}`, ...counts(f.extremeVotes)],
      [`Current scores (${plural(scored, "scored row")})`, ...counts(f.extremeSettled)],
    ],
  };
}

/** The disagreement appendix: one line per split round, the settlement on a row's last line. */
export function disagreementsTable(data: ReportData): TableContent | null {
  if (data.disagreements.length === 0) return null;
  const votes = (a: { votes: number[]; min: number; max: number; median: number }) =>
    `${a.votes.join(", ")} (${formatRange(a.min, a.max)}, median ${formatNumber(a.median)})`;
  const high = new Map(settledHigh(data).map((x) => [x.row, x.axes]));
  const rows = data.disagreements.flatMap((d) =>
    d.rounds.map((r, i): TableCell[] => {
      const last = i === d.rounds.length - 1;
      const s = d.settled;
      const axes = high.get(d.row);
      const level = s === null ? null : levelOf(data.methodology, s.level);
      const settled: TableCell =
        s === null || level === null
          ? "not settled"
          : {
              text:
                formatScore({ ...s, levelLabel: level.label }) +
                (axes === undefined ? "" : ` — above the median on ${axes.join(" and ")}`),
              color: level.color,
            };
      return [
        i === 0 ? { text: d.row, row: true, sub: rowName(data, d.row) } : BLANK,
        r.number,
        r.splitAxes.join(", "),
        votes(r.likelihood),
        votes(r.impact),
        last ? settled : BLANK,
        last ? (s?.rule ?? "") : BLANK,
        last ? (s?.reason ?? null) : BLANK,
      ];
    }),
  );
  return {
    caption: "Split rounds and their settlement",
    headers: [
      "Row",
      "Round",
      "Split on",
      "Likelihood votes",
      "Impact votes",
      "Settled",
      "Rule",
      "Reason",
    ],
    rows,
  };
}

/** The sentence above the disagreement appendix. */
export function disagreementsIntro(data: ReportData): string {
  return (
    `${plural(data.disagreements.length, "row")} had at least one split round: the votes of ` +
    "each split round, their spread and median, and how the row was settled in the end " +
    "(“above the median” where the group aimed high)."
  );
}

/** Fixed sentences of the methodology and plan sections, the same in every format. */
export const SECTION_TEXT = {
  matrix:
    "The level of each likelihood and impact pair: likelihood down, highest first; impact across.",
  graded: "Each axis of a revealed round is graded:",
  delphi:
    "Delphi practice also counts a round as consensus when the interquartile range is at most 1.",
  noMitigations: "No mitigation items are recorded.",
  mitigations:
    "Low-hanging fruit first (low effort, on a row at High or above, not done), then by due date.",
  noDisagreements: "No round was split.",
  metaTable:
    "Threats down, workflows across. Each cell gives a row, its likelihood × impact and its " +
    "level; “(split)” marks a row whose last round was split. A threat that is not unique " +
    "to a workflow has one generic row, spanning every workflow.",
  heatmap:
    "Where the current scores fall: likelihood down, highest first; impact across. Each cell " +
    "gives its level, the number of rows and their ids.",
} as const;
