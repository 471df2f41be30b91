import type { Catalogue } from "../catalogue/catalogue.repository.js";
import { riskLevel } from "../methodology/grid.js";
import type { MethodologyDefinition } from "../methodology/methodology.schema.js";
import type { HeatCell, MetaCell, MetaTable, ReportRow } from "./report.data.js";

/** A row as one cell of the meta-table; a split last round makes it stand out. */
function cell(r: ReportRow): MetaCell {
  const last = r.rounds.filter((x) => x.stats !== null).at(-1)?.stats ?? undefined;
  const s = r.score;
  return {
    row: r.id,
    likelihood: s?.likelihood ?? null,
    impact: s?.impact ?? null,
    level: s?.level ?? null,
    levelLabel: s?.levelLabel ?? null,
    color: s?.color ?? null,
    split:
      last !== undefined &&
      (last.likelihood.consensus === "split" || last.impact.consensus === "split"),
  };
}

/**
 * Threats down, workflows across, as the group's spreadsheet has it: a generic threat's rows
 * span the line, a per-workflow threat has a cell per workflow (variants such as 4e-power
 * share their workflow's cell). Threats without active rows are left out.
 */
export function buildMetaTable(cat: Catalogue, rows: ReportRow[]): MetaTable {
  const workflows = cat.workflows.filter(
    (w) => !w.retired || rows.some((r) => r.workflow?.id === w.id),
  );
  const lines = cat.threats.flatMap((t): MetaTable["lines"] => {
    const mine = rows.filter((r) => r.threat.id === t.id);
    if (mine.length === 0) return [];
    const threat = { id: t.id, title: t.title, placeholder: t.placeholder };
    const generic = mine.filter((r) => r.workflow === null);
    const perWorkflow = mine.some((r) => r.workflow !== null);
    return [
      {
        threat,
        generic: generic.length > 0 ? generic.map(cell) : null,
        perWorkflow: perWorkflow
          ? workflows.map((w) => mine.filter((r) => r.workflow?.id === w.id).map(cell))
          : null,
      },
    ];
  });
  return { workflows: workflows.map((w) => ({ id: w.id, name: w.name })), lines };
}

/**
 * One cell per (likelihood, impact) pair of the scales — highest likelihood first, as the grid
 * is drawn — with the level and the rows settled there.
 */
export function buildHeatmap(m: MethodologyDefinition, rows: ReportRow[]): HeatCell[] {
  const likelihoods = m.likelihood.map((s) => s.value).sort((a, b) => b - a);
  const impacts = m.impact.map((s) => s.value).sort((a, b) => a - b);
  return likelihoods.flatMap((likelihood) =>
    impacts.map((impact) => {
      const { level } = riskLevel(m, likelihood, impact);
      return {
        likelihood,
        impact,
        level: level.id,
        levelLabel: level.label,
        color: level.color,
        rows: rows
          .filter((r) => r.score?.likelihood === likelihood && r.score.impact === impact)
          .map((r) => r.id),
      };
    }),
  );
}
