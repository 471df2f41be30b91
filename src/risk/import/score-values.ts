/**
 * Likelihood and impact cells → scale values. Spreadsheets hold numbers ("3"); CISO Assistant
 * exports hold level labels ("High"). Both are accepted, and anything else is refused with the
 * scale spelled out: an import never rounds or guesses a score.
 */
import type { MethodologyDefinition } from "../methodology/methodology.schema.js";
import type { Cell } from "./sheet-table.js";

export type Axis = "likelihood" | "impact";

const squash = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();

/** "1–5" for a run of whole numbers, else "1, 2, 4". */
export function scaleRange(m: MethodologyDefinition, axis: Axis): string {
  const values = m[axis].map((l) => l.value);
  const first = values[0];
  const last = values.at(-1);
  const contiguous = values.every((v, i) => v === (first ?? 0) + i);
  return contiguous && first !== undefined && last !== undefined
    ? `${first}–${last}`
    : values.join(", ");
}

function byValue(m: MethodologyDefinition, axis: Axis, n: number): number | string {
  if (!Number.isInteger(n))
    return `${n} is not a whole number on the ${axis} scale (${scaleRange(m, axis)}); settle fractions before importing`;
  return m[axis].some((l) => l.value === n)
    ? n
    : `${n} is not on the ${axis} scale (${scaleRange(m, axis)})`;
}

function byLabel(m: MethodologyDefinition, axis: Axis, text: string): number | undefined {
  return m[axis].find((l) => squash(l.label) === squash(text))?.value;
}

const NUMERIC = /^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/;

/**
 * The scale value of a cell, or a message saying why there is none. `prefer` decides which
 * reading wins when a label is itself a number (CISO matrices may name levels "1", "2" …).
 */
export function parseScore(
  m: MethodologyDefinition,
  axis: Axis,
  cell: Cell,
  prefer: "value" | "label",
): number | string {
  if (cell.number !== undefined) {
    if (prefer === "label") {
      const labelled = byLabel(m, axis, String(cell.number));
      if (labelled !== undefined) return labelled;
    }
    return byValue(m, axis, cell.number);
  }
  const text = cell.text.trim();
  if (prefer === "label") {
    const labelled = byLabel(m, axis, text);
    if (labelled !== undefined) return labelled;
  }
  if (NUMERIC.test(text)) return byValue(m, axis, Number(text.replace(",", ".")));
  const labelled = byLabel(m, axis, text);
  if (labelled !== undefined) return labelled;
  const labels = m[axis].map((l) => `${l.value} ${l.label}`).join(", ");
  return `"${text}" is neither a value nor a label of the ${axis} scale of "${m.id}" (${labels})`;
}
