import type { Catalogue } from "../catalogue/catalogue.repository.js";
import { mitigationViews } from "../catalogue/mitigation-views.js";
import { isHighOrAbove } from "../methodology/grid.js";
import type { MethodologyDefinition } from "../methodology/methodology.schema.js";
import type { Assessment, Round, Settlement, Version, Vote } from "../model.js";
import { presentScore, presentSettlement, presentVote } from "../presenters.js";
import { describeRule, SETTLEMENT_RULES } from "../scoring/settlement.js";
import type { AxisStatistics } from "../scoring/statistics.js";
import type { VersionDiff } from "../versions/diff.js";
import { buildMetaTable, buildHeatmap } from "./report.grid.js";
import type { ReportData, ReportFigures, ReportRow, ReportSummary } from "./report.data.js";
import { rowTitle } from "./report.sections.js";

/** Everything loaded from the store for one version (see report.service.ts). */
export interface ReportInput {
  generatedAt: string;
  assessment: Assessment;
  version: Version;
  parentLabel: string | null;
  methodology: MethodologyDefinition;
  catalogue: Catalogue;
  /** Every settlement of the version, oldest first (history included). */
  settlements: Settlement[];
  rounds: Round[];
  /** Votes of the revealed rounds only: a report never shows a secret vote. */
  votes: Vote[];
  changes: VersionDiff | null;
}

const AXES = ["likelihood", "impact"] as const;

/** Computes the report's content once, for every format. Pure: no I/O, no clock. */
export function buildReport(input: ReportInput): ReportData {
  const { methodology: m, catalogue: cat } = input;
  const current = currentSettlements(input.settlements);
  const rows = buildRows(input, current);
  const active = rows.filter((r) => r.status === "active");
  return {
    generatedAt: input.generatedAt,
    assessment: {
      id: input.assessment.id,
      title: input.assessment.title,
      description: input.assessment.description,
      illustrative: input.assessment.illustrative,
      defaultRule: input.assessment.defaultRule,
    },
    version: {
      label: input.version.label,
      state: input.version.state,
      parent: input.parentLabel,
      notes: input.version.notes,
      createdAt: input.version.createdAt,
      frozenAt: input.version.frozenAt,
      releasedAt: input.version.releasedAt,
    },
    methodology: m,
    rules: SETTLEMENT_RULES.map((id) => ({
      id,
      description: describeRule(id),
      default: id === input.assessment.defaultRule,
    })),
    threats: cat.threats,
    workflows: cat.workflows,
    rows,
    summary: summarise(m, active, input.changes),
    figures: figures(m, active, input),
    metaTable: buildMetaTable(cat, active),
    mitigations: mitigationViews(m, cat.mitigations, [...current.values()]),
    disagreements: disagreements(active),
    heatmap: buildHeatmap(m, active),
  };
}

/** The last settlement of each row is its current score. */
function currentSettlements(all: Settlement[]): Map<string, Settlement> {
  const byRow = new Map<string, Settlement>();
  for (const s of all) byRow.set(s.rowId, s);
  return byRow;
}

function buildRows(input: ReportInput, current: Map<string, Settlement>): ReportRow[] {
  const { methodology: m, catalogue: cat } = input;
  const threatOrder = new Map(cat.threats.map((t, i) => [t.id, i]));
  const ordered = [...cat.rows].sort(
    (a, b) =>
      (threatOrder.get(a.threatId) ?? 0) - (threatOrder.get(b.threatId) ?? 0) ||
      a.position - b.position,
  );
  return ordered.flatMap((r): ReportRow[] => {
    const threat = cat.threats.find((t) => t.id === r.threatId);
    if (!threat) return [];
    const s = current.get(r.id);
    const rounds = input.rounds
      .filter((x) => x.rowId === r.id)
      .sort((a, b) => a.number - b.number)
      .map((x) => ({
        number: x.number,
        state: x.state,
        openedBy: x.openedBy,
        openedAt: x.openedAt,
        revealedAt: x.revealedAt,
        votes:
          x.state === "revealed"
            ? input.votes
                .filter((v) => v.roundId === x.id)
                .map(presentVote)
                .sort((a, b) => a.voter.localeCompare(b.voter))
            : [],
        stats: x.stats,
      }));
    const history = input.settlements.filter((x) => x.rowId === r.id);
    return [
      {
        id: r.id,
        threat,
        workflow: cat.workflows.find((w) => w.id === r.workflowId) ?? null,
        variant: r.variant,
        notes: r.notes,
        status: r.status,
        lineage: r.lineage,
        score: s ? presentScore(s, m) : null,
        rounds,
        settlements: history.map((x) => presentSettlement(x, m, x === s)),
        mitigations: cat.mitigations
          .filter((x) => x.rows.includes(r.id))
          .map((x) => ({ id: x.id, title: x.title, kind: x.kind, status: x.status })),
      },
    ];
  });
}

const topTwo = (scale: { value: number }[]) =>
  scale
    .map((s) => s.value)
    .sort((a, b) => b - a)
    .slice(0, 2);
const bottomTwo = (scale: { value: number }[]) =>
  scale
    .map((s) => s.value)
    .sort((a, b) => a - b)
    .slice(0, 2);

function summarise(
  m: MethodologyDefinition,
  rows: ReportRow[],
  changes: VersionDiff | null,
): ReportSummary {
  const rank = (level: string) => m.levels.findIndex((l) => l.id === level);
  const scored = rows.filter((r) => r.score !== null);
  const score = (r: ReportRow) => r.score ?? { likelihood: 0, impact: 0, level: "" };
  const highImpact = topTwo(m.impact);
  const lowLikelihood = bottomTwo(m.likelihood);
  const highLikelihood = topTwo(m.likelihood);
  return {
    countsByLevel: m.levels.map((l) => ({
      level: l.id,
      label: l.label,
      color: l.color,
      count: scored.filter((r) => score(r).level === l.id).length,
    })),
    rows: rows.length,
    unscored: rows.filter((r) => r.score === null).map((r) => r.id),
    concern: scored
      .filter((r) => isHighOrAbove(m, score(r).level))
      .sort(
        (a, b) =>
          rank(score(b).level) - rank(score(a).level) ||
          score(b).likelihood * score(b).impact - score(a).likelihood * score(a).impact ||
          a.id.localeCompare(b.id, "en", { numeric: true }),
      )
      .map((r) => r.id),
    highImpactLowLikelihood: scored
      .filter(
        (r) => highImpact.includes(score(r).impact) && lowLikelihood.includes(score(r).likelihood),
      )
      .map((r) => r.id),
    highLikelihood: scored
      .filter((r) => highLikelihood.includes(score(r).likelihood))
      .map((r) => r.id),
    changes,
  };
}

function figures(m: MethodologyDefinition, rows: ReportRow[], input: ReportInput): ReportFigures {
  const ext = (scale: { value: number }[]) => {
    const values = scale.map((s) => s.value);
    return { low: Math.min(...values), high: Math.max(...values) };
  };
  const extremes = { likelihood: ext(m.likelihood), impact: ext(m.impact) };
  const count = (values: number[], axis: (typeof AXES)[number]) => ({
    low: values.filter((v) => v === extremes[axis].low).length,
    high: values.filter((v) => v === extremes[axis].high).length,
  });
  const revealed = rows.flatMap((r) => r.rounds.filter((x) => x.stats !== null));
  const votes = revealed.flatMap((x) => x.votes);
  const scores = rows.flatMap((r) => (r.score ? [r.score] : []));
  const isSplit = (stats: { likelihood: AxisStatistics; impact: AxisStatistics }) =>
    AXES.some((a) => stats[a].consensus === "split");
  const settledFrom = rows.flatMap((r) => {
    const s = r.score;
    if (s === null || s.roundId === null) return [];
    const round = input.rounds.find((x) => x.id === s.roundId);
    return round?.stats ? [{ s, stats: round.stats }] : [];
  });
  return {
    extremes,
    extremeVotes: {
      likelihood: count(
        votes.map((v) => v.likelihood),
        "likelihood",
      ),
      impact: count(
        votes.map((v) => v.impact),
        "impact",
      ),
    },
    extremeSettled: {
      likelihood: count(
        scores.map((s) => s.likelihood),
        "likelihood",
      ),
      impact: count(
        scores.map((s) => s.impact),
        "impact",
      ),
    },
    revealedRounds: revealed.length,
    splitRounds: revealed.filter((x) => x.stats && isSplit(x.stats)).length,
    splitSettledHigh: settledFrom.filter(({ s, stats }) =>
      AXES.some((a) => stats[a].consensus === "split" && s[a] > stats[a].median),
    ).length,
  };
}

function disagreements(rows: ReportRow[]): ReportData["disagreements"] {
  const axis = (st: AxisStatistics) => ({
    votes: st.votes,
    min: st.min,
    max: st.max,
    median: st.median,
  });
  return rows.flatMap((r) => {
    const split = r.rounds.flatMap((x) => {
      const st = x.stats;
      if (!st) return [];
      const splitAxes = AXES.filter((a) => st[a].consensus === "split");
      if (splitAxes.length === 0) return [];
      return [
        {
          number: x.number,
          splitAxes,
          likelihood: axis(st.likelihood),
          impact: axis(st.impact),
        },
      ];
    });
    if (split.length === 0) return [];
    const s = r.score;
    return [
      {
        row: r.id,
        title: rowTitle(r),
        rounds: split,
        settled: s
          ? {
              likelihood: s.likelihood,
              impact: s.impact,
              level: s.level,
              rule: s.rule,
              reason: s.reason,
            }
          : null,
      },
    ];
  });
}
