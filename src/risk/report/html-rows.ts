/**
 * The "Risk rows" section in HTML: threats in catalogue order with their text once, then each
 * row as an <article> (linked from the summary and meta-table) with its score, every round's
 * votes and statistics, and its settlement history. Mirrors markdown-rows.ts; votes of an open
 * round are never printed, whatever the input holds.
 */
import { el, facts, multiline, p, rowAnchor, tableOf, type Content } from "./html-blocks.js";
import type { ReportData, ReportRound, ReportRow } from "./report.data.js";
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
import { formatScore, textColorOn } from "./text.js";

export function rowsHtml(data: ReportData): Content {
  return threatBlocks(data).map((b) => {
    // Multi-line user text keeps its line breaks (the assets line has none).
    const threat = facts(threatFacts(b.threat).map(([k, v]) => [k, multiline(v)]));
    const only = b.inline;
    return el(
      "div",
      { class: "threat" },
      only !== undefined
        ? el(
            "article",
            { class: "row", id: rowAnchor(only.id) },
            el("h3", {}, b.heading),
            threat,
            rowBody(data, only),
          )
        : [
            el("h3", {}, b.heading),
            threat,
            b.active.map((r) =>
              el(
                "article",
                { class: "row", id: rowAnchor(r.id) },
                el("h4", {}, rowHeading(r)),
                rowBody(data, r),
              ),
            ),
          ],
      b.retired.map((r) => el("p", { class: "muted", id: rowAnchor(r.id) }, retiredText(data, r))),
    );
  });
}

function rowBody(data: ReportData, r: ReportRow): Content {
  const s = r.score;
  const score: Content =
    s === null
      ? "not scored yet"
      : el("span", { class: "level-chip", style: chip(s.color) }, formatScore(s));
  return [
    facts([
      ["Score", score],
      ...rowFacts(r).map(([k, v]): [string, Content] => [k, k === "Row notes" ? multiline(v) : v]),
    ]),
    r.rounds.length === 0 ? p(noRoundsText(data, r)) : r.rounds.map((x) => roundBlock(data, r, x)),
    history(data, r),
  ];
}

const chip = (color: string) =>
  `background-color:${color};color:${textColorOn(color)};padding:0 6px;font-weight:bold`;

function roundBlock(data: ReportData, r: ReportRow, x: ReportRound): Content {
  if (x.state !== "revealed") return p(openRoundText(x));
  const votes = votesTable(r, x);
  const stats = statsTable(r, x);
  return [
    el("p", { class: "round-head" }, roundOpened(x) + revealedTail(x)),
    tableOf(data, votes, {
      numeric: [1, 2],
      className: votes.headers.includes("Note") ? undefined : "compact",
      hiddenCaption: true,
    }),
    stats === null ? null : tableOf(data, stats, { numeric: [2, 3, 4, 5, 6, 7] }),
  ];
}

/** Every settlement of the row in this version when there is more than the current one. */
function history(data: ReportData, r: ReportRow): Content {
  const t = historyTable(r);
  return t === null ? null : tableOf(data, t);
}
