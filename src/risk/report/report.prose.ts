/**
 * The sentences of a report, as plain (unescaped) text, written once so the Markdown and HTML
 * reports say exactly the same thing and differ only in markup. Each renderer escapes them.
 * Pure: everything comes from ReportData.
 */
import type { ScaleLevel } from "../methodology/methodology.schema.js";
import type { ConsensusGrade } from "../scoring/statistics.js";
import type { ReportData, ReportRow } from "./report.data.js";
import { rowTitle } from "./report.sections.js";
import { formatDate, formatList, formatNumber, plural } from "./text.js";

export {
  changeItems,
  changesHeading,
  noChangesSentence,
  scoreMoves,
  scoresMovedLine,
  type ChangeItem,
  type ScoreMove,
} from "./report.changes.js";

/** Shown on the cover of every format when `assessment.illustrative`. */
export const ILLUSTRATIVE_NOTICE = "Illustrative example data, not the group's results.";

/** Rows a report is about; retired rows stay in ReportData only for their history. */
export function activeRows(data: ReportData): ReportRow[] {
  return data.rows.filter((r) => r.status === "active");
}

/** The facts on the cover, as label/value pairs, in every format's order. */
export function coverFacts(data: ReportData): [string, string][] {
  const { assessment: a, version: v } = data;
  const dates = [
    `started ${formatDate(v.createdAt)}`,
    ...(v.frozenAt === null ? [] : [`frozen ${formatDate(v.frozenAt)}`]),
    ...(v.releasedAt === null ? [] : [`released ${formatDate(v.releasedAt)}`]),
  ];
  return [
    ["Assessment", `${a.title} (${a.id})`],
    ["Version", v.parent === null ? v.label : `${v.label}, started from ${v.parent}`],
    ["State", stateText(v.state)],
    ["Date", `${formatDate(data.generatedAt)} (version ${dates.join(", ")})`],
    ["Methodology", data.methodology.name],
    ["Default settlement rule", data.rules.find((r) => r.default)?.id ?? a.defaultRule],
  ];
}

/** What a version's state means for a reader of the document. */
export function stateText(state: ReportData["version"]["state"]): string {
  switch (state) {
    case "draft":
      return "draft — scores may still change";
    case "frozen":
      return "frozen — content fixed for the document";
    case "released":
      return "released";
  }
}

/** "Low 1 · Medium 15 · High 7 · Extreme 0" — every level, lowest first, zeros included. */
export function countsByLevelLine(data: ReportData): string {
  return data.summary.countsByLevel.map((c) => `${c.label} ${c.count}`).join(" · ");
}

/**
 * The label of the lowest level counted as "of concern", mirroring methodology isHighOrAbove:
 * the level with id `high`, else the upper half of the levels.
 */
export function concernThreshold(data: ReportData): string {
  const levels = data.methodology.levels;
  const high = levels.findIndex((l) => l.id === "high");
  const at = levels[high >= 0 ? high : Math.ceil(levels.length / 2)];
  return at === undefined ? "the highest level" : `${at.label} or above`;
}

/** "23 active rows, all scored; 7 at High or above." */
export function rowsLine(data: ReportData): string {
  const s = data.summary;
  const scored =
    s.unscored.length === 0
      ? "all scored"
      : `${s.unscored.length} not yet scored (${formatList(s.unscored)})`;
  return (
    `${plural(s.rows, "active row")}, ${scored}; ` +
    `${s.concern.length} at ${concernThreshold(data)}.`
  );
}

const topTwo = (scale: readonly ScaleLevel[]) =>
  [...scale].sort((a, b) => b.value - a.value).slice(0, 2);
const bottomTwo = (scale: readonly ScaleLevel[]) =>
  [...scale].sort((a, b) => a.value - b.value).slice(0, 2);
const values = (xs: ScaleLevel[]) =>
  xs
    .map((x) => x.value)
    .sort((a, b) => a - b)
    .join(" or ");
const labels = (xs: ScaleLevel[]) =>
  [...xs]
    .sort((a, b) => a.value - b.value)
    .map((x) => x.label)
    .join(", ");

/** How the high-impact / low-likelihood spotlight is chosen (report.build.ts summarise). */
export function highImpactLowLikelihoodCriterion(data: ReportData): string {
  const m = data.methodology;
  const i = topTwo(m.impact);
  const l = bottomTwo(m.likelihood);
  return (
    `Impact ${values(i)} (${labels(i)}) with likelihood ${values(l)} (${labels(l)}): ` +
    "rare but severe, the spotlight earlier grid risk assessments kept."
  );
}

/** How the high-likelihood spotlight is chosen. */
export function highLikelihoodCriterion(data: ReportData): string {
  const l = topTwo(data.methodology.likelihood);
  return `Likelihood ${values(l)} (${labels(l)}), whatever the impact.`;
}

/** Where the vote figures come from: only rounds of this version are in ReportData. */
export function extremeVotesScope(data: ReportData): string {
  return `in the ${plural(data.figures.revealedRounds, "revealed round")} of ${data.version.label}`;
}

type Axis = "likelihood" | "impact";

/** "1 or 5" — the two ends of an axis. */
function ends(data: ReportData, axis: Axis): string {
  const e = data.figures.extremes[axis];
  return `${e.low} or ${e.high}`;
}

/** "likelihood: 7 at 1, 1 at 5; impact: 1 at 1, 4 at 5". */
function perAxis(data: ReportData, counts: ReportData["figures"]["extremeVotes"]): string {
  const f = data.figures;
  const axis = (a: Axis) =>
    `${a}: ${counts[a].low} at ${f.extremes[a].low}, ${counts[a].high} at ${f.extremes[a].high}`;
  return `${axis("likelihood")}; ${axis("impact")}`;
}

const total = (c: ReportData["figures"]["extremeVotes"]) =>
  c.likelihood.low + c.likelihood.high + c.impact.low + c.impact.high;

/**
 * How the 1s and 5s were averaged out (risk-method.md asks for it): how many votes were cast at
 * an end of a scale in this version's rounds, and how many current scores still are. Current
 * scores include those carried over from the parent version, and the sentence says so.
 */
export function extremesSentence(data: ReportData): string {
  const f = data.figures;
  const same = ends(data, "likelihood") === ends(data, "impact");
  const at = same ? ends(data, "likelihood") : "an end of its scale";
  const cast = total(f.extremeVotes);
  const kept = total(f.extremeSettled);
  const scored = activeRows(data).filter((r) => r.score !== null);
  const carried = scored.filter((r) => r.score?.carriedFrom != null).length;
  const from = data.version.parent ?? "the parent version";
  const votes =
    `${plural(cast, "vote")} ${cast === 1 ? "was" : "were"} cast at ${at} ` +
    extremeVotesScope(data) +
    (cast > 0 ? ` (${perAxis(data, f.extremeVotes)})` : "");
  const scores = `${plural(scored.length, "scored row")}`;
  const survived =
    kept === 0
      ? `no current score of the ${scores} has a ${same ? at.replace(" or ", " or a ") : "value at an end of its scale"}`
      : `${kept} ${kept === 1 ? "value" : "values"} at ${at} survived in the current scores of the ${scores} (${perAxis(data, f.extremeSettled)})`;
  const note =
    carried > 0
      ? ` The votes behind the ${plural(carried, "score")} carried from ${from} are counted in its report.`
      : "";
  return `${votes}; ${survived}.${note}`;
}

/**
 * Rows whose current score was settled in this version from a split round and lies above that
 * round's median on a split axis — the rows behind `figures.splitSettledHigh`, named so the
 * group can see where it "aimed high". Carried scores are left out, as in the figure.
 */
export function settledHigh(data: ReportData): { row: string; axes: Axis[] }[] {
  return data.rows.flatMap((r) => {
    const s = r.settlements.find((x) => x.current);
    if (r.status !== "active" || s?.stats == null || s.carriedFrom !== null) return [];
    const stats = s.stats;
    const axes = (["likelihood", "impact"] as const).filter(
      (a) => stats[a].consensus === "split" && s[a] > stats[a].median,
    );
    return axes.length === 0 ? [] : [{ row: r.id, axes }];
  });
}

/** "16 of 22 revealed rounds were split …; 3 current scores were settled high … (TR-1, …)". */
export function splitSentence(data: ReportData): string {
  const f = data.figures;
  const high = settledHigh(data).map((x) => x.row);
  const which =
    high.length === f.splitSettledHigh && high.length > 0 ? ` (${formatList(high)})` : "";
  return (
    `${f.splitRounds} of ${plural(f.revealedRounds, "revealed round")} ` +
    `${f.splitRounds === 1 ? "was" : "were"} split (votes two or more steps apart, or tied ` +
    "most-frequent votes, on likelihood or impact); " +
    `${plural(f.splitSettledHigh, "current score")}${which} ` +
    `${f.splitSettledHigh === 1 ? "was" : "were"} settled high from a split round, above ` +
    "that round's median on a split axis."
  );
}

/** The consensus grades, as the methodology section explains them. */
export const CONSENSUS_TEXT: Record<ConsensusGrade, string> = {
  unanimous: "unanimous — every vote the same",
  near: "near — votes one step apart with a single most-frequent value",
  split: "split — votes two or more steps apart, or several values tied for most frequent",
};

/** The voting process, in the order the group follows it (risk-method.md). */
export const VOTING_TEXT = [
  "Each row is scored in rounds of hidden votes: every voter picks a likelihood and an impact without seeing the others' votes.",
  "The facilitator reveals the round; the statistics of each axis are recorded (votes, minimum, maximum, most-frequent values, median, mean, interquartile range, share within one step of the median) and the disparity is discussed.",
  "The group may vote again; every round is kept, not just the last.",
  "The row is then settled by a rule (below) or by the facilitator with a written reason; the rule, the raw figures and the rounding are recorded so a later version can re-derive or question every number.",
];

/** "split from 4e: reason" / "merged from 4a, 5a: reason" / "" — a row's lineage as a note. */
export function lineageText(r: ReportRow): string {
  const l = r.lineage;
  if (l === null) return "";
  return l.kind === "split"
    ? `Split from ${l.from}: ${l.reason}`
    : `Merged from ${formatList(l.from)}: ${l.reason}`;
}

/** Rows that a retired row became, read from their lineage (ReportRow keeps no successors). */
export function successorsOf(data: ReportData, id: string): string[] {
  return data.rows
    .filter((r) =>
      r.lineage?.kind === "split" ? r.lineage.from === id : (r.lineage?.from.includes(id) ?? false),
    )
    .map((r) => r.id);
}

/** The full name of a row by id, for places that only carry the id (disagreements, plan). */
export function rowName(data: ReportData, id: string): string {
  const r = data.rows.find((x) => x.id === id);
  return r === undefined ? id : rowTitle(r);
}

/**
 * "TR-4 Token theft or leak"; a title that already starts with its id (the placeholders'
 * "TR-2 (name not public — placeholder)") is not prefixed twice, and a placeholder always says so.
 */
export function threatLabel(t: { id: string; title: string; placeholder: boolean }): string {
  const label = t.title.startsWith(t.id) ? t.title : `${t.id} ${t.title}`;
  return t.placeholder && !/placeholder/i.test(label) ? `${label} (placeholder)` : label;
}

/** "raw L2.5 I3.5 rounded half up", or "raw L3 I4" when nothing was rounded. */
export function rawText(s: {
  raw: { likelihood: number; impact: number };
  rounding: string;
}): string {
  const raw = `raw L${formatNumber(s.raw.likelihood)} I${formatNumber(s.raw.impact)}`;
  return s.rounding === "none" ? raw : `${raw} rounded ${s.rounding.replace("-", " ")}`;
}

/** How a score was settled: "highest-mode rule; raw L3 I4; by wg-facilitator on 2026-03-02". */
export function settledText(s: {
  rule: string;
  raw: { likelihood: number; impact: number };
  rounding: string;
  settledBy: string;
  settledAt: string;
  carriedFrom: string | null;
}): string {
  return (
    `${s.rule} rule; ${rawText(s)}; by ${s.settledBy} on ${formatDate(s.settledAt)}` +
    (s.carriedFrom === null ? "" : `; carried from ${s.carriedFrom}`)
  );
}
