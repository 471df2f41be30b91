/**
 * CSV → one RawSheet. Spreadsheet programs write CSV with a comma or, in many locales (and
 * CISO Assistant always), a semicolon, often behind a UTF-8 byte order mark; the delimiter is
 * taken from the header line so either works without a flag.
 */
import { parse } from "csv-parse/sync";
import { ImportRejectedError } from "./import.types.js";
import type { RawCell, RawSheet } from "./sheet-model.js";
import { looksLikeZip } from "./xlsx-reader.js";

const DELIMITERS = [",", ";", "\t"] as const;

/** Text that a spreadsheet program would run as a formula (`=SUM(G2:G5)`, `=C7`). */
const FORMULA = /^=\s*(?:[A-Za-z_][A-Za-z0-9_.]*\s*\(|\$?[A-Za-z]{1,3}\$?\d+)/;

/** The file as UTF-8 text without its BOM; other encodings are refused rather than misread. */
export function decodeUtf8(data: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    throw new ImportRejectedError("unreadable text file", [
      { message: "the file is not UTF-8 text; save it as “CSV UTF-8”" },
    ]);
  }
}

/** The delimiter used most often outside quotes on the first non-empty line (ties: comma). */
export function detectDelimiter(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: string = ",";
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

function toRawCell(value: string): RawCell {
  if (value.trim() === "") return null;
  return FORMULA.test(value.trim()) ? { formula: value.trim().slice(1) } : value;
}

/** Parses the whole file; row numbers are record numbers, as a spreadsheet program shows them. */
export function readCsv(data: Buffer): RawSheet {
  if (looksLikeZip(data)) {
    throw new ImportRejectedError("not a CSV file", [
      { message: "the file is an XLSX workbook, not CSV; import it as xlsx" },
    ]);
  }
  const text = decodeUtf8(data);
  if (text.includes("\u0000")) {
    throw new ImportRejectedError("not a CSV file", [
      { message: "the file contains NUL bytes: it is binary, not CSV" },
    ]);
  }
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: false,
    });
  } catch (err) {
    const lines = (err as { lines?: unknown }).lines;
    throw new ImportRejectedError("unreadable CSV file", [
      {
        ...(typeof lines === "number" ? { row: lines } : {}),
        message: `not valid CSV: ${err instanceof Error ? err.message : String(err)}`,
      },
    ]);
  }
  return {
    name: undefined,
    rows: records.map((cells, i) => ({ number: i + 1, cells: cells.map(toRawCell) })),
    merges: [],
  };
}
