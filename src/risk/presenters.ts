import type { MethodologyDefinition } from "./methodology/methodology.schema.js";
import type { Confidence, Round, Settlement, Vote } from "./model.js";

/** A settled score as the API shows it: the figures, the rule, and the level with its colour. */
export interface ScoreView {
  likelihood: number;
  impact: number;
  level: string;
  levelLabel: string;
  color: string;
  rule: string;
  raw: { likelihood: number; impact: number };
  rounding: string;
  reason: string | null;
  roundId: string | null;
  settledBy: string;
  settledAt: string;
  carriedFrom: string | null;
}

export function presentScore(s: Settlement, m: MethodologyDefinition): ScoreView {
  const level = m.levels.find((l) => l.id === s.level);
  return {
    likelihood: s.likelihood,
    impact: s.impact,
    level: s.level,
    levelLabel: level?.label ?? s.level,
    color: level?.color ?? "#9e9e9e",
    rule: s.rule,
    raw: s.raw,
    rounding: s.rounding,
    reason: s.reason,
    roundId: s.roundId,
    settledBy: s.settledBy,
    settledAt: s.settledAt,
    carriedFrom: s.carriedFrom,
  };
}

/** One settlement of a row's history, with the statistics it was settled from. */
export interface SettlementView extends ScoreView {
  id: string;
  current: boolean;
  stats: Settlement["stats"];
}

export function presentSettlement(
  s: Settlement,
  m: MethodologyDefinition,
  current: boolean,
): SettlementView {
  return { id: s.id, current, ...presentScore(s, m), stats: s.stats };
}

export interface VoteView {
  voter: string;
  likelihood: number;
  impact: number;
  confidence: Confidence | null;
  note: string | null;
  castAt: string;
  updatedAt: string;
}

export const presentVote = (v: Vote): VoteView => ({
  voter: v.voter,
  likelihood: v.likelihood,
  impact: v.impact,
  confidence: v.confidence,
  note: v.note,
  castAt: v.castAt,
  updatedAt: v.updatedAt,
});

/**
 * A round as the API shows it. Before reveal: who has voted and, for the caller only, their own
 * vote. After reveal: every vote and the statistics.
 */
export interface RoundView {
  id: string;
  assessment: string;
  version: string;
  row: string;
  number: number;
  state: "open" | "revealed";
  openedBy: string;
  openedAt: string;
  revealedBy: string | null;
  revealedAt: string | null;
  voters: { voter: string; castAt: string; updatedAt: string }[];
  myVote: VoteView | null;
  votes: VoteView[] | null;
  stats: Round["stats"];
}

export function presentRound(
  r: Round,
  ctx: { assessment: string; version: string },
  voters: { voter: string; castAt: string; updatedAt: string }[],
  myVote: Vote | undefined,
  votes: Vote[] | null,
): RoundView {
  const revealed = r.state === "revealed";
  return {
    id: r.id,
    assessment: ctx.assessment,
    version: ctx.version,
    row: r.rowId,
    number: r.number,
    state: r.state,
    openedBy: r.openedBy,
    openedAt: r.openedAt,
    revealedBy: r.revealedBy,
    revealedAt: r.revealedAt,
    voters,
    myVote: myVote === undefined ? null : presentVote(myVote),
    votes: revealed && votes !== null ? votes.map(presentVote) : null,
    stats: revealed ? r.stats : null,
  };
}
