/**
 * What the spreadsheet readers hand to the importers: cells as found in the file, nothing
 * evaluated or guessed. XLSX and CSV produce the same shape, so header matching, per-cell errors
 * and planning are written (and tested) once.
 */

/** A cell as stored: a value, a formula (never evaluated), or an error value such as #N/A. */
export type RawCell = string | number | { formula: string } | { error: string } | null;

export interface RawRow {
  /** 1-based, as the spreadsheet program shows it. */
  number: number;
  /** cells[0] is column A. */
  cells: RawCell[];
}

/** A merged range, e.g. A5:A7 (1-based rows and columns, inclusive). */
export interface MergeRange {
  ref: string;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface RawSheet {
  /** The worksheet's name; undefined for CSV, which has no sheets. */
  name: string | undefined;
  rows: RawRow[];
  merges: MergeRange[];
}

/** 0 → A, 25 → Z, 26 → AA: how spreadsheets name columns. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** "C7" → {row: 7, col: 2}; undefined when the text is not a cell address. */
export function parseAddress(address: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(address.trim());
  if (!m?.[1] || !m[2]) return undefined;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col: col - 1 };
}

/** "A5:A7" as a range; a single address is a one-cell range. */
export function parseRange(ref: string): MergeRange | undefined {
  const [from, to = from] = ref.split(":");
  const a = from === undefined ? undefined : parseAddress(from);
  const b = to === undefined ? undefined : parseAddress(to);
  if (!a || !b) return undefined;
  return {
    ref,
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col) + 1,
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col) + 1,
  };
}

/** A plain value's text, trimmed; formulas and errors have none. */
export function cellText(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return String(cell);
  if (typeof cell === "string") return cell.trim();
  return "";
}

/** Empty means no value at all: a formula or error value is not empty. */
export function isBlank(cell: RawCell | undefined): boolean {
  return (typeof cell === "string" && cell.trim() === "") || cell === null || cell === undefined;
}
