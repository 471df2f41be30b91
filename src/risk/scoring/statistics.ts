/**
 * Per-axis statistics of one revealed hidden-voting round (likelihood or impact).
 *
 * The group discusses disparity before settling, and every later version must be able to
 * re-derive or question a settled number, so we compute and record the whole spread of a
 * round, not just the figure that was settled on. Pure: no I/O, no clock.
 */
import { ValidationError } from "../../core/errors.js";

/**
 * How close the voters were. `unanimous`: everyone voted the same. `near`: votes span one
 * step and a single value was most popular. `split`: votes span two or more steps, or
 * several values tie for most popular (e.g. two 3s and two 4s) — the case where the group
 * "aimed high" and must record why.
 */
export type ConsensusGrade = "unanimous" | "near" | "split";

export interface AxisStatistics {
  /** Number of votes. */
  n: number;
  /** The votes, sorted ascending (a copy; the input is not touched). */
  votes: number[];
  min: number;
  max: number;
  /** Every most-frequent value, ascending (several when tied). */
  modes: number[];
  /** Middle vote, or the average of the two middle votes for even n (may be x.5). */
  median: number;
  /** Arithmetic mean, unrounded (rounding is a settlement decision, recorded there). */
  mean: number;
  /**
   * First and third quartiles by linear interpolation between order statistics — the
   * "type 7" method (Hyndman & Fan), as used by Excel `QUARTILE.INC`, R's default and
   * numpy's default: for p in {0.25, 0.75}, h = (n − 1)·p, q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])
   * with x 0-indexed and sorted. Chosen because it is what a reviewer checking our
   * numbers in a spreadsheet will get.
   */
  q1: number;
  q3: number;
  /** q3 − q1 (type 7 quartiles). */
  iqr: number;
  /** max − min. */
  range: number;
  /** Share (0..1) of votes v with |v − median| ≤ 1: how many are "close enough" to the middle. */
  withinOneOfMedian: number;
  consensus: ConsensusGrade;
  /** Delphi practice: a round counts as consensus when the IQR is at most 1. */
  delphiConsensus: boolean;
}

/**
 * Computes the statistics of one axis of a revealed round.
 *
 * Votes are whole scale levels, so anything else (empty round, fractions, NaN, ±Infinity)
 * means a caller bug or tampered input; we reject it loudly rather than record a number
 * nobody can re-derive.
 *
 * @throws ValidationError when `votes` is empty or holds a non-finite or non-integer value.
 */
export function axisStatistics(votes: readonly number[]): AxisStatistics {
  validateVotes(votes);
  const sorted = [...votes].sort((a, b) => a - b);
  const n = sorted.length;
  const min = at(sorted, 0);
  const max = at(sorted, n - 1);
  const median = quantile7(sorted, 0.5);
  const q1 = quantile7(sorted, 0.25);
  const q3 = quantile7(sorted, 0.75);
  const modes = modesOf(sorted);
  const range = max - min;
  const sum = sorted.reduce((acc, v) => acc + v, 0);
  const close = sorted.filter((v) => Math.abs(v - median) <= 1).length;
  return {
    n,
    votes: sorted,
    min,
    max,
    modes,
    median,
    mean: sum / n,
    q1,
    q3,
    iqr: q3 - q1,
    range,
    withinOneOfMedian: close / n,
    consensus: grade(range, modes.length),
    delphiConsensus: q3 - q1 <= 1,
  };
}

function validateVotes(votes: readonly number[]): void {
  if (votes.length === 0) {
    throw new ValidationError("votes must not be empty: a round needs at least one vote", [
      { path: "votes", message: "empty" },
    ]);
  }
  votes.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new ValidationError(`vote ${i} is not a finite number: ${String(v)}`, [
        { path: `votes.${i}`, message: "not a finite number" },
      ]);
    }
    if (!Number.isInteger(v)) {
      throw new ValidationError(`vote ${i} is not an integer: ${v}`, [
        { path: `votes.${i}`, message: "not an integer" },
      ]);
    }
  });
}

/** Type 7 quantile of a non-empty ascending array (see `AxisStatistics.q1`). */
function quantile7(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const lower = at(sorted, lo);
  const frac = h - lo;
  if (frac === 0) return lower;
  return lower + frac * (at(sorted, lo + 1) - lower);
}

/** All most-frequent values of an ascending array, ascending. */
function modesOf(sorted: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const v of sorted) counts.set(v, (counts.get(v) ?? 0) + 1);
  const top = Math.max(...counts.values());
  return [...counts].filter(([, c]) => c === top).map(([v]) => v);
}

function grade(range: number, modeCount: number): ConsensusGrade {
  if (range === 0) return "unanimous";
  if (range === 1 && modeCount === 1) return "near";
  return "split";
}

/** Indexed read that satisfies noUncheckedIndexedAccess; indices here are always in bounds. */
function at(xs: readonly number[], i: number): number {
  const v = xs[i];
  if (v === undefined) throw new RangeError(`index ${i} out of bounds (length ${xs.length})`);
  return v;
}
