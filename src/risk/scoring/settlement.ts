/**
 * Settlement rules: how one axis of a revealed round becomes a single whole score.
 *
 * The group chooses a rule per assessment and may override it per row with a written
 * reason; we record the rule, the raw figure and the rounding used so a later version can
 * re-derive or question every number. Pure: no I/O.
 */
import { ValidationError } from "../../core/errors.js";
import type { AxisStatistics } from "./statistics.js";

/** Every rule an assessment or row may use; `facilitator` is a human decision, not computed. */
export const SETTLEMENT_RULES = [
  "median",
  "mean",
  "upper-median",
  "highest-mode",
  "max",
  "facilitator",
] as const;

export type SettlementRule = (typeof SETTLEMENT_RULES)[number];

/** Rules the tool can apply by itself. */
export type ComputedRule = Exclude<SettlementRule, "facilitator">;

/** The outcome of a computed rule, kept with its raw figure so it can be audited later. */
export interface AxisSettlement {
  /** The figure the rule produced before rounding (e.g. a mean of 2.3). */
  raw: number;
  /** The whole score settled on. */
  value: number;
  /** `none` when `raw` was already whole, else `half-up` (the only rounding we apply). */
  rounding: "none" | "half-up";
}

/**
 * Tolerance for `roundHalfUp`: a fraction within this of .5 counts as exactly .5. Means of
 * integer votes are exact to ~1e-15, so 1e-9 absorbs float error (2.4999999999999996 → 3)
 * while staying far below any real distinction between votes (n would need to exceed 10⁹
 * for a genuine mean to land that close to .5 without being .5).
 */
export const ROUND_EPSILON = 1e-9;

/**
 * Settles one axis by a computed rule.
 *
 * median: the median, rounded half up when it falls between two values (even n).
 * mean: the arithmetic mean rounded half up.
 * upper-median: for even n the upper of the two middle votes, for odd n the median.
 * highest-mode: the highest of the most frequent values ("aim high on split votes").
 * max: the largest vote.
 *
 * @throws ValidationError when `stats` holds no votes (it was not built by `axisStatistics`).
 */
export function settleAxis(rule: ComputedRule, stats: AxisStatistics): AxisSettlement {
  if (stats.votes.length === 0) {
    throw new ValidationError("cannot settle an axis without votes", [
      { path: "votes", message: "empty" },
    ]);
  }
  const raw = rawFigure(rule, stats);
  const whole = Number.isInteger(raw);
  return { raw, value: whole ? raw : roundHalfUp(raw), rounding: whole ? "none" : "half-up" };
}

function rawFigure(rule: ComputedRule, stats: AxisStatistics): number {
  switch (rule) {
    case "median":
      return stats.median;
    case "mean":
      return stats.mean;
    case "upper-median":
      // Index ⌊n/2⌋ is the middle vote for odd n and the upper middle vote for even n.
      return pick(stats.votes, Math.floor(stats.votes.length / 2));
    case "highest-mode":
      return pick(stats.modes, stats.modes.length - 1);
    case "max":
      return stats.max;
    default: {
      const unknown: never = rule;
      throw new ValidationError(`unknown settlement rule: ${String(unknown)}`);
    }
  }
}

function pick(xs: readonly number[], i: number): number {
  const v = xs[i];
  if (v === undefined) throw new ValidationError(`statistics are incomplete (no value at ${i})`);
  return v;
}

/**
 * Rounds half up (towards +∞): 2.5 → 3, 2.4999 → 2, −2.5 → −2. Scores are settled by this
 * rule because it is what the group does by hand and leans towards the higher risk, unlike
 * banker's rounding. A fraction within `ROUND_EPSILON` of .5 counts as .5, so float error
 * such as 2.4999999999999996 still rounds to 3.
 *
 * @throws ValidationError for NaN or ±Infinity, which have no whole score.
 */
export function roundHalfUp(x: number): number {
  if (!Number.isFinite(x)) {
    throw new ValidationError(`cannot round a non-finite number: ${x}`);
  }
  const floor = Math.floor(x);
  return x - floor >= 0.5 - ROUND_EPSILON ? floor + 1 : floor;
}

/** Narrows a rule to one the tool can compute; `facilitator` needs a person's decision. */
export function isComputedRule(rule: SettlementRule): rule is ComputedRule {
  return rule !== "facilitator";
}

/** One sentence per rule for the methodology section of reports, so readers know how we settled. */
export function describeRule(rule: SettlementRule): string {
  switch (rule) {
    case "median":
      return "The median vote, rounded half up when it falls between two votes.";
    case "mean":
      return "The arithmetic mean of the votes, rounded half up to a whole score.";
    case "upper-median":
      return "The middle vote, or the higher of the two middle votes when the count is even.";
    case "highest-mode":
      return "The most frequent vote, taking the highest when several tie (we aim high on split votes).";
    case "max":
      return "The highest vote cast.";
    case "facilitator":
      return "Decided by the facilitator after discussion, with the reason recorded.";
  }
}
