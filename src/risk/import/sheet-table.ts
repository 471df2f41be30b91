/**
 * Finds the header row of a sheet, maps its columns with a TableSpec and turns every non-empty
 * row below into named cells with per-cell issues. Shared by the group's spreadsheet and the
 * CISO Assistant export, so both report problems the same way: sheet, row, "Header (letter)".
 */
import type { ImportIssue } from "./import.types.js";
import {
  cellText,
  columnLetter,
  isBlank,
  type MergeRange,
  type RawCell,
  type RawSheet,
} from "./sheet-model.js";
import { normalizeHeader, type TableSpec } from "./spreadsheet-columns.js";

/** How far down a header row is looked for (title rows above it are common). */
export const HEADER_SEARCH_ROWS = 10;

export interface Cell {
  text: string;
  /** Set when the file stored a number (XLSX); CSV cells are always text. */
  number: number | undefined;
  /** "Likelihood (G)": the header as written in the file and the column letter. */
  column: string;
}

export interface TableRow<F extends string> {
  row: number;
  /** Non-blank cells of mapped columns (formulas and error values are issues instead). */
  cells: Partial<Record<F, Cell>>;
  issues: ImportIssue[];
}

export interface Table<F extends string> {
  sheet: string | undefined;
  headerRow: number;
  /** "Likelihood (G)" per mapped field. */
  columns: Partial<Record<F, string>>;
  rows: TableRow<F>[];
  /** Problems no row can be skipped around: missing or repeated columns, a merged header. */
  fatal: ImportIssue[];
  warnings: string[];
}

type HeaderMeaning<F extends string> = { field: F } | { ignored: string };

function lookup<F extends string>(spec: TableSpec<F>): Map<string, HeaderMeaning<F>> {
  const map = new Map<string, HeaderMeaning<F>>();
  for (const c of spec.columns) for (const h of c.headers) map.set(normalizeHeader(h), c);
  for (const g of spec.ignored)
    for (const h of g.headers) map.set(normalizeHeader(h), { ignored: g.why });
  return map;
}

/** The first of the top rows naming at least two known columns, or undefined. */
export function findHeaderRow<F extends string>(
  sheet: RawSheet,
  spec: TableSpec<F>,
): number | undefined {
  const known = lookup(spec);
  for (const row of sheet.rows) {
    if (row.number > HEADER_SEARCH_ROWS) break;
    const hits = new Set(
      row.cells.map((c) => normalizeHeader(cellText(c))).filter((k) => known.has(k)),
    );
    if (hits.size >= 2) return row.number;
  }
  return undefined;
}

const where = (sheet: RawSheet) => (sheet.name === undefined ? {} : { sheet: sheet.name });

function cellIssue(raw: RawCell, address: string): string | undefined {
  if (raw !== null && typeof raw === "object" && "formula" in raw)
    return `${address} holds the formula =${raw.formula}: TTT never evaluates formulas; paste the value instead`;
  if (raw !== null && typeof raw === "object" && "error" in raw)
    return `${address} holds the error value ${raw.error}`;
  return undefined;
}

/** Reads a sheet with a spec; undefined when the sheet has no recognisable header row. */
export function readTable<F extends string>(
  sheet: RawSheet,
  spec: TableSpec<F>,
): Table<F> | undefined {
  const headerRow = findHeaderRow(sheet, spec);
  if (headerRow === undefined) return undefined;
  const header = sheet.rows.find((r) => r.number === headerRow)?.cells ?? [];
  const known = lookup(spec);
  const at = { ...where(sheet), row: headerRow };
  const fatal: ImportIssue[] = [];
  const warnings: string[] = [];
  const index = new Map<F, number>();
  const columns: Partial<Record<F, string>> = {};
  const sheetName = sheet.name === undefined ? "" : `sheet ${sheet.name}, `;

  header.forEach((raw, i) => {
    const letter = columnLetter(i);
    const problem = cellIssue(raw, `${letter}${headerRow}`);
    if (problem !== undefined) fatal.push({ ...at, column: letter, message: problem });
    const text = cellText(raw);
    if (text === "") return;
    const name = `${text} (${letter})`;
    const meaning = known.get(normalizeHeader(text));
    if (meaning === undefined) {
      warnings.push(`${sheetName}column ${name} ignored: not a known column`);
    } else if ("ignored" in meaning) {
      warnings.push(`${sheetName}column ${name} ignored: ${meaning.ignored}`);
    } else if (columns[meaning.field] !== undefined) {
      fatal.push({
        ...at,
        column: name,
        message: `a second ${spec.columns.find((c) => c.field === meaning.field)?.label ?? meaning.field} column (the first is ${columns[meaning.field] ?? ""}); keep one`,
      });
    } else {
      index.set(meaning.field, i);
      columns[meaning.field] = name;
    }
  });
  for (const c of spec.columns) {
    if (c.required && !index.has(c.field))
      fatal.push({
        ...at,
        message: `missing required column ${c.label} (accepted headers: ${c.headers.join(", ")})`,
      });
  }
  const mapped = [...index.entries()].sort((a, b) => a[1] - b[1]);
  const firstMapped = (m: MergeRange) => mapped.find(([, i]) => i + 1 >= m.left && i < m.right);
  for (const m of sheet.merges) {
    if (m.top <= headerRow && m.bottom >= headerRow)
      fatal.push({
        ...at,
        column: columnLetter(m.left - 1),
        message: `merged cells ${m.ref} in the header row: unmerge them so each column has its own header`,
      });
  }

  const rows: TableRow<F>[] = [];
  for (const r of sheet.rows) {
    if (r.number <= headerRow) continue;
    if (mapped.every(([, i]) => isBlank(r.cells[i]))) continue; // empty rows are skipped silently
    const found: { col: number; issue: ImportIssue }[] = [];
    const cells: Partial<Record<F, Cell>> = {};
    for (const [field, i] of mapped) {
      const raw = r.cells[i] ?? null;
      const column = columns[field] ?? columnLetter(i);
      const problem = cellIssue(raw, `${columnLetter(i)}${r.number}`);
      if (problem !== undefined) {
        found.push({ col: i, issue: { ...where(sheet), row: r.number, column, message: problem } });
      } else if (!isBlank(raw)) {
        cells[field] = {
          text: cellText(raw),
          number: typeof raw === "number" ? raw : undefined,
          column,
        };
      }
    }
    for (const m of sheet.merges) {
      const hit = m.top > headerRow && m.top <= r.number && r.number <= m.bottom && firstMapped(m);
      if (!hit) continue;
      found.push({
        col: hit[1],
        issue: {
          ...where(sheet),
          row: r.number,
          column: columns[hit[0]] ?? columnLetter(hit[1]),
          message: `part of the merged cells ${m.ref}: unmerge them and give each row its own value`,
        },
      });
    }
    found.sort((a, b) => a.col - b.col);
    rows.push({ row: r.number, cells, issues: found.map((f) => f.issue) });
  }
  return { sheet: sheet.name, headerRow, columns, rows, fatal, warnings };
}
