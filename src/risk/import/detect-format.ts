/**
 * Which importer a file needs, from its content alone (names lie; `report.csv` may be anything):
 * - ZIP signature (XLSX) → "xlsx", or "ciso-assessment" when a sheet has CISO Assistant columns;
 * - JSON with `"format": "ttt-assessment"` → "json" (TTT's own lossless export);
 * - JSON or YAML shaped like a CISO Assistant risk matrix → "ciso-matrix";
 * - other text → CSV: "ciso-assessment" with CISO Assistant columns, else "csv".
 * Spreadsheets read here are handed back so they are not parsed twice.
 */
import { parse as parseYaml } from "yaml";
import { looksLikeCisoAssessment } from "./ciso-assessment-import.js";
import { decodeUtf8, readCsv } from "./csv-reader.js";
import { ImportRejectedError, type ImportFormat } from "./import.types.js";
import type { RawSheet } from "./sheet-model.js";
import { looksLikeZip, readXlsx } from "./xlsx-reader.js";

export interface DetectedFormat {
  format: ImportFormat;
  /** The parsed sheets, for spreadsheet formats. */
  sheets?: RawSheet[] | undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The shapes parseCisoRiskMatrix accepts: a library file, a stored matrix, or a bare matrix. */
export function isCisoMatrixShape(doc: unknown): boolean {
  if (!isObject(doc)) return false;
  const objects = doc["objects"];
  if (isObject(objects) && ("risk_matrix" in objects || "risk_matrices" in objects)) return true;
  if ("json_definition" in doc) return true;
  return "probability" in doc && "impact" in doc && "grid" in doc;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseYamlQuietly(text: string): unknown {
  try {
    return parseYaml(text);
  } catch {
    return undefined;
  }
}

const reject = (message: string): never => {
  throw new ImportRejectedError("unrecognised file", [{ message }]);
};

/** The format of a file, or a 422 saying what the file looks like instead. */
export async function detectFormat(data: Buffer): Promise<DetectedFormat> {
  if (data.length === 0) return reject("the file is empty");
  if (looksLikeZip(data)) {
    const sheets = await readXlsx(data);
    return { format: sheets.some(looksLikeCisoAssessment) ? "ciso-assessment" : "xlsx", sheets };
  }
  if (data.length >= 4 && data.readUInt32BE(0) === 0xd0cf11e0)
    return reject(
      "a legacy Excel .xls workbook: save it as .xlsx (Excel Workbook) and import that",
    );
  if (data.subarray(0, 5).toString("latin1") === "%PDF-")
    return reject("a PDF document: import the XLSX or CSV it was made from");
  const text = decodeUtf8(data).replace(/^\uFEFF/, "");
  const head = text.trimStart().charAt(0);
  if (head === "{" || head === "[") {
    const doc = parseJson(text);
    if (isObject(doc) && doc["format"] === "ttt-assessment") return { format: "json" };
    if (isCisoMatrixShape(doc)) return { format: "ciso-matrix" };
    if (doc !== undefined)
      return reject(
        'JSON, but neither a TTT export ("format": "ttt-assessment") nor a CISO Assistant risk matrix',
      );
  }
  if (/\bgrid\b/.test(text) && /\bprobability\b/.test(text)) {
    if (isCisoMatrixShape(parseYamlQuietly(text))) return { format: "ciso-matrix" };
  }
  if (text.includes("\u0000")) return reject("a binary file that TTT cannot read");
  const sheet = readCsv(data);
  return { format: looksLikeCisoAssessment(sheet) ? "ciso-assessment" : "csv", sheets: [sheet] };
}
