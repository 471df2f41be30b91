import type { MitigationView } from "../catalogue/mitigation-views.js";
import type { MethodologyDefinition } from "../methodology/methodology.schema.js";
import type { RiskRow, Threat, Workflow } from "../model.js";
import type { ScoreView, SettlementView, VoteView } from "../presenters.js";
import type { AxisStatistics } from "../scoring/statistics.js";
import type { VersionDiff } from "../versions/diff.js";

/**
 * Everything a report of one version says, computed once (report.build.ts) so that Markdown,
 * HTML, PDF, XLSX and CSV show the same content and differ only in layout. Lists are in
 * catalogue order (threat position, then row position) unless said otherwise.
 */
export interface ReportData {
  /** When the report was made (the server's clock), ISO 8601. */
  generatedAt: string;
  assessment: {
    id: string;
    title: string;
    description: string;
    /** Example data, not a group's results: every format says so on the cover. */
    illustrative: boolean;
    defaultRule: string;
  };
  version: {
    label: string;
    state: "draft" | "frozen" | "released";
    parent: string | null;
    notes: string;
    createdAt: string;
    frozenAt: string | null;
    releasedAt: string | null;
  };
  methodology: MethodologyDefinition;
  /** Every settlement rule with one sentence on how it works; `default` marks the assessment's. */
  rules: { id: string; description: string; default: boolean }[];
  threats: Threat[];
  workflows: Workflow[];
  rows: ReportRow[];
  summary: ReportSummary;
  figures: ReportFigures;
  /** Threats down, workflows across (generic threats span the line). */
  metaTable: MetaTable;
  /** The mitigation plan: low-hanging fruit first, then by due date and id. */
  mitigations: MitigationView[];
  /** Rows with at least one split round, with the spread and how they were settled. */
  disagreements: Disagreement[];
  heatmap: HeatCell[];
}

export interface ReportRow {
  id: string;
  threat: Threat;
  workflow: Workflow | null;
  variant: string | null;
  notes: string;
  status: RiskRow["status"];
  lineage: RiskRow["lineage"];
  /** The current settled score, or null when unscored. */
  score: ScoreView | null;
  /** Every round of this version on this row, oldest first (revealed ones with votes and stats). */
  rounds: ReportRound[];
  /** Every settlement of this row in this version, oldest first; the last is current. */
  settlements: SettlementView[];
  /** Ids and titles of the mitigation items linked to this row. */
  mitigations: { id: string; title: string; kind: string; status: string }[];
}

export interface ReportRound {
  number: number;
  state: "open" | "revealed";
  openedBy: string;
  openedAt: string;
  revealedAt: string | null;
  /** Empty while open: votes are secret until the reveal. */
  votes: VoteView[];
  stats: { likelihood: AxisStatistics; impact: AxisStatistics } | null;
}

export interface ReportSummary {
  /** One entry per level of the methodology, lowest first (zero counts included). */
  countsByLevel: { level: string; label: string; color: string; count: number }[];
  /** Active rows, scored or not. */
  rows: number;
  unscored: string[];
  /** Rows at High or above, highest level first, then by likelihood × impact, then id. */
  concern: string[];
  /** Impact in the top two values of its scale, likelihood in the bottom two. */
  highImpactLowLikelihood: string[];
  /** Likelihood in the top two values of its scale. */
  highLikelihood: string[];
  /** What changed since the parent version, or null for a first version. */
  changes: VersionDiff | null;
}

/** Figures the group asked to be recorded (risk-method.md: 1s and 5s, split votes, aim high). */
export interface ReportFigures {
  /** The lowest and highest values of each axis (1 and 5 on a 1–5 scale). */
  extremes: { likelihood: { low: number; high: number }; impact: { low: number; high: number } };
  /** Votes cast at an extreme, over every revealed round of the version, per axis. */
  extremeVotes: { likelihood: ExtremeCount; impact: ExtremeCount };
  /** Current settled scores at an extreme, per axis ("no final score was 1 or 5"). */
  extremeSettled: { likelihood: ExtremeCount; impact: ExtremeCount };
  revealedRounds: number;
  /** Revealed rounds with a split on either axis. */
  splitRounds: number;
  /**
   * Split rounds that a current settlement was made from and settled "high": on a split axis
   * the settled value is above that round's median.
   */
  splitSettledHigh: number;
}

export interface ExtremeCount {
  low: number;
  high: number;
}

export interface MetaTable {
  workflows: { id: string; name: string }[];
  lines: MetaLine[];
}

export interface MetaLine {
  threat: { id: string; title: string; placeholder: boolean };
  /** Rows of the threat without a workflow (usually one), spanning every workflow column; null if none. */
  generic: MetaCell[] | null;
  /** Rows per workflow column, in `workflows` order; null when the threat has no per-workflow row. */
  perWorkflow: MetaCell[][] | null;
}

export interface MetaCell {
  row: string;
  likelihood: number | null;
  impact: number | null;
  level: string | null;
  levelLabel: string | null;
  color: string | null;
  /** The last revealed round was split (stands out in the table). */
  split: boolean;
}

export interface Disagreement {
  row: string;
  /** The row's full name (threat / workflow / variant). */
  title: string;
  rounds: {
    number: number;
    splitAxes: ("likelihood" | "impact")[];
    likelihood: { votes: number[]; min: number; max: number; median: number };
    impact: { votes: number[]; min: number; max: number; median: number };
  }[];
  /** How the row was settled in the end, or null when it is not (yet). */
  settled: {
    likelihood: number;
    impact: number;
    level: string;
    rule: string;
    reason: string | null;
  } | null;
}

export interface HeatCell {
  likelihood: number;
  impact: number;
  level: string;
  levelLabel: string;
  color: string;
  rows: string[];
}
