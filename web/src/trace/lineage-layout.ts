import type { TraceLink, TraceToken } from "../api/trace.js";

/**
 * Where the lineage graph draws each token and link: one column per depth (hops from a starting
 * token), each column ordered by its parents' rows then issuance time, so children sit beside
 * their parent and edges rarely cross. Pure, so the drawing stays a plain map over the result.
 */

export const NODE_W = 200;
export const NODE_H = 58;
const COL_GAP = 120;
const ROW_GAP = 20;
const PAD = 16;

export interface PlacedToken {
  token: TraceToken;
  x: number;
  y: number;
}

export interface PlacedLink {
  link: TraceLink;
  d: string;
  labelX: number;
  labelY: number;
}

export interface LineageLayout {
  nodes: PlacedToken[];
  edges: PlacedLink[];
  width: number;
  height: number;
}

export function layoutLineage(
  tokens: readonly TraceToken[],
  links: readonly TraceLink[],
): LineageLayout {
  const byDepth = new Map<number, TraceToken[]>();
  for (const t of tokens) {
    const col = byDepth.get(t.depth) ?? [];
    col.push(t);
    byDepth.set(t.depth, col);
  }
  const depths = [...byDepth.keys()].sort((a, b) => a - b);
  const row = new Map<string, number>();
  const at = new Map<string, PlacedToken>();
  let maxRows = 0;
  depths.forEach((depth, colIndex) => {
    const col = byDepth.get(depth) ?? [];
    col.sort(
      (a, b) =>
        (a.parent === null ? -1 : (row.get(a.parent) ?? -1)) -
          (b.parent === null ? -1 : (row.get(b.parent) ?? -1)) ||
        (a.issuedAtMs ?? Infinity) - (b.issuedAtMs ?? Infinity) ||
        a.jti.localeCompare(b.jti),
    );
    col.forEach((token, i) => {
      row.set(token.jti, i);
      at.set(token.jti, {
        token,
        x: PAD + colIndex * (NODE_W + COL_GAP),
        y: PAD + i * (NODE_H + ROW_GAP),
      });
    });
    maxRows = Math.max(maxRows, col.length);
  });
  const edges: PlacedLink[] = [];
  for (const link of links) {
    const a = at.get(link.from);
    const b = at.get(link.to);
    if (a === undefined || b === undefined) continue;
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2;
    const bend = Math.max(COL_GAP / 2, Math.abs(x2 - x1) / 2);
    edges.push({
      link,
      d: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`,
      labelX: (x1 + x2) / 2,
      labelY: (y1 + y2) / 2,
    });
  }
  return {
    nodes: [...at.values()],
    edges,
    width: PAD * 2 + Math.max(1, depths.length) * NODE_W + Math.max(0, depths.length - 1) * COL_GAP,
    height: PAD * 2 + Math.max(1, maxRows) * NODE_H + Math.max(0, maxRows - 1) * ROW_GAP,
  };
}
