import type { HeatRow, Methodology } from "./heatmap-data.js";

type Pos = { likelihood: number; impact: number };

/** How a row's cell differs between the compared version and the shown one. */
export interface Move {
  row: string;
  kind: "moved" | "split" | "merged" | "new" | "removed" | "scored" | "unscored";
  from: Pos | null;
  to: Pos | null;
  /** For split and merged rows, the rows they came from; for removed rows, their successors. */
  related: string[];
}

export interface HeatCell {
  likelihood: number;
  impact: number;
  level: { label: string; color: string } | null;
  rows: string[];
  /** Rows that arrived here from another cell of the compared version. */
  movedIn: Move[];
  /** Rows that were here in the compared version and are elsewhere (or gone) now. */
  movedOut: Move[];
}

const key = (l: number, i: number): string => `${l}:${i}`;
export const where = (p: { likelihood: number; impact: number }): string =>
  `L${p.likelihood} I${p.impact}`;

/**
 * The rows that changed cell between the compared version and the shown one: re-scored rows,
 * rows split or merged from scored ones (from the parent's cell), new, removed and
 * newly (un)scored rows.
 */
export function movesBetween(current: HeatRow[], compare: HeatRow[]): Move[] {
  const before = new Map(compare.map((r) => [r.id, r]));
  const seen = new Set<string>();
  const moves: Move[] = [];
  for (const r of current) {
    const old = before.get(r.id);
    seen.add(r.id);
    const to = r.score;
    if (old) {
      const from = old.score;
      if (!from && !to) continue;
      if (from && to && from.likelihood === to.likelihood && from.impact === to.impact) continue;
      moves.push({
        row: r.id,
        kind: !from ? "scored" : !to ? "unscored" : "moved",
        from,
        to,
        related: [],
      });
      continue;
    }
    const parents = r.lineage ? [r.lineage.from].flat() : [];
    const kind = r.lineage?.kind === "split" ? "split" : r.lineage ? "merged" : "new";
    const parentScore = parents.length === 1 ? (before.get(parents[0] ?? "")?.score ?? null) : null;
    moves.push({ row: r.id, kind, from: parentScore, to, related: parents });
  }
  for (const old of compare) {
    if (seen.has(old.id)) continue;
    const successors = current
      .filter((r) => r.lineage && [r.lineage.from].flat().includes(old.id))
      .map((r) => r.id);
    moves.push({ row: old.id, kind: "removed", from: old.score, to: null, related: successors });
  }
  return moves;
}

/** One line of the "moved" list, e.g. "moved: 4a L2 I3 → L3 I4". */
export function describeMove(mv: Move): string {
  const at = (p: Pos | null): string => (p ? where(p) : "unscored");
  switch (mv.kind) {
    case "moved":
    case "scored":
    case "unscored":
      return `moved: ${mv.row} ${at(mv.from)} → ${at(mv.to)}`;
    case "split":
      return `split: ${mv.row} from ${mv.related.join(", ")} ${mv.from ? at(mv.from) : ""} → ${at(mv.to)}`;
    case "merged":
      return `merged: ${mv.row} from ${mv.related.join(" + ")} → ${at(mv.to)}`;
    case "new":
      return `new: ${mv.row} → ${at(mv.to)}`;
    case "removed":
      return `removed: ${mv.row} ${at(mv.from)}${mv.related.length ? ` (now ${mv.related.join(", ")})` : ""}`;
  }
}

/** One cell per (likelihood, impact) of the methodology, with its level and its rows. */
export function buildCells(m: Methodology, rows: HeatRow[], moves: Move[]): Map<string, HeatCell> {
  const cells = new Map<string, HeatCell>();
  m.likelihood.forEach((l, li) =>
    m.impact.forEach((i, ii) => {
      const level = m.levels[m.grid[li]?.[ii] ?? -1];
      cells.set(key(l.value, i.value), {
        likelihood: l.value,
        impact: i.value,
        level: level ? { label: level.label, color: level.color } : null,
        rows: [],
        movedIn: [],
        movedOut: [],
      });
    }),
  );
  for (const r of rows) {
    if (r.score) cells.get(key(r.score.likelihood, r.score.impact))?.rows.push(r.id);
  }
  for (const mv of moves) {
    if (mv.to && mv.from) cells.get(key(mv.to.likelihood, mv.to.impact))?.movedIn.push(mv);
    // The old cell shows the row leaving (a split parent once, as "removed", not per child).
    if (mv.from && mv.kind !== "split" && mv.kind !== "merged")
      cells.get(key(mv.from.likelihood, mv.from.impact))?.movedOut.push(mv);
  }
  return cells;
}

export function cellAt(cells: Map<string, HeatCell>, l: number, i: number): HeatCell | undefined {
  return cells.get(key(l, i));
}

/** An arrow pointing the way a row moved: up is likelier, right is more impact. */
export function arrow(mv: Move): string {
  if (!mv.from || !mv.to) return "•";
  const dl = Math.sign(mv.to.likelihood - mv.from.likelihood);
  const di = Math.sign(mv.to.impact - mv.from.impact);
  const arrows: Record<string, string> = {
    "1,0": "↑",
    "-1,0": "↓",
    "0,1": "→",
    "0,-1": "←",
    "1,1": "↗",
    "1,-1": "↖",
    "-1,1": "↘",
    "-1,-1": "↙",
  };
  return arrows[`${dl},${di}`] ?? "•";
}
