import { isHighOrAbove } from "../methodology/grid.js";
import type { MethodologyDefinition } from "../methodology/methodology.schema.js";
import type { Mitigation, Settlement } from "../model.js";

/** A mitigation with the risk of the rows it addresses, as the tracker shows it. */
export interface MitigationView extends Mitigation {
  /** The settled level of each linked row (null when unscored). */
  rowLevels: { row: string; level: string | null; levelLabel: string | null }[];
  /** The highest level among the linked rows, or null. */
  highestLevel: string | null;
  /** "Make sure low-hanging fruit gets implemented": low effort, on a row at High or above, not done. */
  lowHangingFruit: boolean;
}

const OPEN = new Set(["proposed", "planned", "in-progress"]);

/**
 * Mitigations with their rows' levels; low-hanging fruit first, then by due date and id, so the
 * list reads as a plan.
 */
export function mitigationViews(
  m: MethodologyDefinition,
  mitigations: Mitigation[],
  settlements: Settlement[],
): MitigationView[] {
  const byRow = new Map(settlements.map((s) => [s.rowId, s.level]));
  const rank = (level: string | null) =>
    level === null ? -1 : m.levels.findIndex((l) => l.id === level);
  const views = mitigations.map((x): MitigationView => {
    const rowLevels = x.rows.map((row) => {
      const level = byRow.get(row) ?? null;
      return {
        row,
        level,
        levelLabel: level === null ? null : (m.levels.find((l) => l.id === level)?.label ?? level),
      };
    });
    const highest = rowLevels.reduce<string | null>(
      (best, r) => (rank(r.level) > rank(best) ? r.level : best),
      null,
    );
    return {
      ...x,
      rowLevels,
      highestLevel: highest,
      lowHangingFruit:
        x.effort === "low" && OPEN.has(x.status) && highest !== null && isHighOrAbove(m, highest),
    };
  });
  return views.sort(
    (a, b) =>
      Number(b.lowHangingFruit) - Number(a.lowHangingFruit) ||
      (a.dueDate ?? "9999").localeCompare(b.dueDate ?? "9999") ||
      a.id.localeCompare(b.id, "en", { numeric: true }),
  );
}
