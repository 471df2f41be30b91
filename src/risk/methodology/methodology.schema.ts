/**
 * A risk methodology as data: two ordinal scales (likelihood, impact), an ordered list of risk
 * levels, and a grid that maps every (likelihood, impact) pair to a level. Everything a user can
 * change about scoring lives here, so nothing about "5×5" or "L×I" is hard-coded elsewhere.
 */
import { z } from "zod";
import { describeIssues, fieldIssues } from "../../core/validation.js";
import { ValidationError, type FieldIssue } from "../../core/errors.js";

/** Ids double as URL segments and file names, hence the conservative slug form. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const HEX_COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;

const slug = z.string().regex(SLUG_PATTERN, { error: "must be a slug (a-z, 0-9, '-')" });

/** One step of a likelihood or impact scale; `value` is what voters pick and what is stored. */
export const ScaleLevelSchema = z.object({
  value: z.int().min(1),
  label: z.string().min(1).max(80),
  description: z.string().max(1000),
});
export type ScaleLevel = z.infer<typeof ScaleLevelSchema>;

/** One outcome of the grid (Low, High …); the colour is carried so every view renders alike. */
export const RiskLevelSchema = z.object({
  id: slug,
  label: z.string().min(1).max(80),
  color: z.string().regex(HEX_COLOR_PATTERN, { error: "must be a #rrggbb colour" }),
  description: z.string().max(1000),
});
export type RiskLevel = z.infer<typeof RiskLevelSchema>;

/**
 * The whole methodology. `levels` are ordered lowest risk first so an index comparison means
 * "riskier"; `grid[li][ii]` is an index into `levels`, where li/ii are 0-based positions in the
 * likelihood/impact arrays (not scale values).
 */
export const MethodologyDefinitionSchema = z.object({
  id: slug,
  name: z.string().min(1).max(200),
  description: z.string().max(5000),
  likelihood: z.array(ScaleLevelSchema).min(2).max(10),
  impact: z.array(ScaleLevelSchema).min(2).max(10),
  levels: z.array(RiskLevelSchema).min(1).max(10),
  grid: z.array(z.array(z.number())),
});
export type MethodologyDefinition = z.infer<typeof MethodologyDefinitionSchema>;

/** A ValidationError whose message repeats the first issues, for logs and the CLI. */
export function methodologyError(what: string, issues: FieldIssue[]): ValidationError {
  return new ValidationError(describeIssues(what, issues), issues);
}

function checkScale(axis: "likelihood" | "impact", scale: ScaleLevel[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<number>();
  scale.forEach((level, i) => {
    const path = `${axis}[${i}].value`;
    const previous = scale[i - 1];
    if (seen.has(level.value)) issues.push({ path, message: `duplicate value ${level.value}` });
    else if (previous !== undefined && level.value <= previous.value) {
      issues.push({
        path,
        message: `${level.value} must be greater than the previous value ${previous.value}`,
      });
    }
    seen.add(level.value);
  });
  return issues;
}

/** Checks zod cannot express: ordering, uniqueness, and that the grid fits the scales. */
function structuralIssues(m: MethodologyDefinition): FieldIssue[] {
  const issues = [...checkScale("likelihood", m.likelihood), ...checkScale("impact", m.impact)];
  const ids = new Set<string>();
  m.levels.forEach((level, i) => {
    if (ids.has(level.id))
      issues.push({ path: `levels[${i}].id`, message: `duplicate id "${level.id}"` });
    ids.add(level.id);
  });

  if (m.grid.length !== m.likelihood.length) {
    issues.push({
      path: "grid",
      message: `${m.grid.length} rows, expected ${m.likelihood.length} (one per likelihood level)`,
    });
  }
  const maxIndex = m.levels.length - 1;
  m.grid.forEach((row, li) => {
    if (row.length > m.impact.length) {
      issues.push({
        path: `grid[${li}]`,
        message: `${row.length} cells, expected ${m.impact.length} (one per impact level)`,
      });
    }
    for (let ii = 0; ii < m.impact.length; ii++) {
      const cell = row[ii];
      const path = `grid[${li}][${ii}]`;
      if (cell === undefined) issues.push({ path, message: "missing" });
      else if (!Number.isInteger(cell) || cell < 0 || cell > maxIndex) {
        issues.push({ path, message: `${cell} is not a level index (0..${maxIndex})` });
      }
    }
  });
  return issues;
}

/**
 * The single gate for methodologies from anywhere (built-ins, config, imports, HTTP): a value
 * that passes can be looked up for every on-scale (likelihood, impact) pair without further checks.
 */
export function parseMethodology(input: unknown): MethodologyDefinition {
  const parsed = MethodologyDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    throw methodologyError("invalid methodology", fieldIssues(parsed.error.issues));
  }
  const issues = structuralIssues(parsed.data);
  if (issues.length > 0) throw methodologyError("invalid methodology", issues);
  return parsed.data;
}
