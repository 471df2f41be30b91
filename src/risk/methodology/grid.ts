/**
 * Grid lookups. Scores are stored as scale VALUES (what voters picked), while the grid is indexed
 * by POSITION; this file is the one place that translates between the two.
 */
import { ValidationError, type FieldIssue } from "../../core/errors.js";
import type { MethodologyDefinition, RiskLevel, ScaleLevel } from "./methodology.schema.js";

export type ScaleAxis = "likelihood" | "impact";

/** Lets callers validate a vote or a settled score before storing it. */
export function isOnScale(m: MethodologyDefinition, axis: ScaleAxis, value: number): boolean {
  return m[axis].some((level) => level.value === value);
}

function axisIssue(m: MethodologyDefinition, axis: ScaleAxis, value: number): FieldIssue {
  const allowed = m[axis].map((level) => level.value).join(", ");
  return {
    path: axis,
    message: `${value} is not on the ${axis} scale of "${m.id}" (allowed: ${allowed})`,
  };
}

/**
 * Risk for a (likelihood, impact) pair given as scale values. Off-scale values (including
 * fractions such as an unsettled mean) are rejected rather than rounded, so rounding is always an
 * explicit, recorded settlement step.
 */
export function riskLevel(
  m: MethodologyDefinition,
  likelihood: number,
  impact: number,
): { index: number; level: RiskLevel } {
  const li = m.likelihood.findIndex((level) => level.value === likelihood);
  const ii = m.impact.findIndex((level) => level.value === impact);
  const issues: FieldIssue[] = [];
  if (li < 0) issues.push(axisIssue(m, "likelihood", likelihood));
  if (ii < 0) issues.push(axisIssue(m, "impact", impact));
  if (issues.length > 0) {
    throw new ValidationError(issues.map((i) => i.message).join("; "), issues);
  }
  const index = m.grid[li]?.[ii];
  const level = index === undefined ? undefined : m.levels[index];
  if (index === undefined || level === undefined) {
    // Only reachable for a methodology that bypassed parseMethodology.
    const path = `grid[${li}][${ii}]`;
    throw new ValidationError(`methodology "${m.id}" has no valid level at ${path}`, [
      { path, message: `${String(index)} is not a level index (0..${m.levels.length - 1})` },
    ]);
  }
  return { index, level };
}

/**
 * Builds an L×I grid from product bands (Low ≤ 4, Medium ≤ 9 …), the way most published
 * matrices are described, so built-ins state their bands instead of hand-typed 25-cell grids.
 * Level index = first band whose `max` >= likelihood value × impact value.
 */
export function gridFromProductBands(
  likelihood: readonly ScaleLevel[],
  impact: readonly ScaleLevel[],
  bands: readonly { max: number }[],
): number[][] {
  return likelihood.map((l) =>
    impact.map((i) => {
      const product = l.value * i.value;
      const index = bands.findIndex((band) => band.max >= product);
      if (index < 0) {
        const top = bands.at(-1)?.max;
        throw new ValidationError(`no band covers ${l.value} × ${i.value} = ${product}`, [
          {
            path: "bands",
            message: `product ${product} exceeds the last band max ${String(top)}`,
          },
        ]);
      }
      return index;
    }),
  );
}

/**
 * Whether a level counts as "High or above" (where low-hanging fruit matters): the level with
 * id `high` and every level after it; for a methodology without a `high` level, the upper half.
 */
export function isHighOrAbove(m: MethodologyDefinition, levelId: string): boolean {
  const index = m.levels.findIndex((l) => l.id === levelId);
  if (index < 0) return false;
  const high = m.levels.findIndex((l) => l.id === "high");
  return index >= (high >= 0 ? high : Math.ceil(m.levels.length / 2));
}
