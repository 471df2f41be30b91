/**
 * Import of CISO Assistant risk matrices, so a group that already scores there can reuse its
 * matrix unchanged. Format checked against intuitem/ciso-assistant-community,
 * backend/library/libraries/risk-matrix-5x5-iso-27005.yaml (library file with
 * `objects.risk_matrix[]`) and risk-matrix-3x3-mult.yaml (newer files use `objects.risk_matrices[]`
 * and unquoted numeric abbreviations such as `abbreviation: 1`). Each matrix has probability[],
 * impact[], risk[] entries {id (0-based), abbreviation, name, description, hexcolor?,
 * translations} and grid[probability id][impact id] = risk id. The RiskMatrix model keeps the
 * same matrix in a `json_definition` JSONField next to name/description. Translations are ignored
 * (the file's base locale is used).
 */
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { FieldIssue } from "../../core/errors.js";
import { fieldIssues } from "../../core/validation.js";
import {
  methodologyError,
  parseMethodology,
  type MethodologyDefinition,
  type RiskLevel,
  type ScaleLevel,
} from "./methodology.schema.js";

const WHAT = "invalid CISO Assistant risk matrix";
const DEFAULT_COLOR = "#9e9e9e";

/** YAML turns `abbreviation: 1` or `name: 2` into numbers; accept them as text. */
const numberToText = (v: unknown): unknown => (typeof v === "number" ? String(v) : v);
const textish = z.preprocess(numberToText, z.string());

const CisoEntrySchema = z.object({
  id: z.int().min(0),
  abbreviation: textish.nullish(),
  name: z.preprocess(numberToText, z.string().trim().min(1)),
  description: textish.nullish(),
  hexcolor: z.string().nullish(),
});
type CisoEntry = z.infer<typeof CisoEntrySchema>;

const CisoMatrixSchema = z.object({
  ref_id: textish.nullish(),
  name: textish.nullish(),
  description: textish.nullish(),
  probability: z.array(CisoEntrySchema).min(2).max(10),
  impact: z.array(CisoEntrySchema).min(2).max(10),
  risk: z.array(CisoEntrySchema).min(1).max(10),
  grid: z.array(z.array(z.int())),
});

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => typeof v === "object" && v !== null && !Array.isArray(v);
const at = (prefix: string, rest: string): string => (prefix === "" ? rest : `${prefix}.${rest}`);
const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
const fail = (issues: FieldIssue[]): never => {
  throw methodologyError(WHAT, issues);
};

/** Slug for ids: ASCII lower case, accents dropped, other runs of characters become '-'. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function parseText(text: string): Doc {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    const reason = err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err);
    return fail([{ path: "(file)", message: `not valid YAML or JSON: ${reason}` }]);
  }
  if (!isDoc(doc)) {
    const got = doc === null ? "an empty document" : Array.isArray(doc) ? "a list" : typeof doc;
    return fail([{ path: "(root)", message: `expected a mapping, got ${got}` }]);
  }
  return doc;
}

/** Finds the matrix in any of the accepted shapes; `prefix` makes error paths point into the file. */
function locateMatrix(doc: Doc): { matrix: unknown; prefix: string } {
  if ("objects" in doc) {
    const objects = isDoc(doc["objects"]) ? doc["objects"] : {};
    const key = "risk_matrices" in objects ? "risk_matrices" : "risk_matrix";
    const list = objects[key];
    if (Array.isArray(list) && list.length > 0) {
      return { matrix: list[0], prefix: `objects.${key}[0]` };
    }
    if (isDoc(list)) return { matrix: list, prefix: `objects.${key}` };
    const has = Object.keys(objects).join(", ") || "nothing";
    return fail([
      {
        path: "objects.risk_matrix",
        message: `no risk matrix in this library file (objects has: ${has})`,
      },
    ]);
  }
  if ("json_definition" in doc) {
    let def = doc["json_definition"];
    if (typeof def === "string") {
      try {
        def = JSON.parse(def) as unknown;
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        return fail([{ path: "json_definition", message: `not valid JSON: ${reason}` }]);
      }
    }
    if (!isDoc(def)) return fail([{ path: "json_definition", message: "expected an object" }]);
    const outer: Doc = {};
    for (const k of ["ref_id", "name", "description"]) if (doc[k] != null) outer[k] = doc[k];
    return { matrix: { ...def, ...outer }, prefix: "json_definition" };
  }
  if ("probability" in doc || "impact" in doc || "risk" in doc || "grid" in doc) {
    return { matrix: doc, prefix: "" };
  }
  return fail([
    {
      path: "(root)",
      message:
        "no risk matrix found: expected objects.risk_matrix (library file), json_definition, " +
        "or probability/impact/risk/grid",
    },
  ]);
}

/** CISO ids must be exactly 0..n-1: the grid is indexed by them. */
function checkIds(entries: CisoEntry[], field: string, issues: FieldIssue[]): CisoEntry[] {
  const seen = new Set<number>();
  entries.forEach((e, i) => {
    const path = `${field}[${i}].id`;
    if (seen.has(e.id)) issues.push({ path, message: `duplicate id ${e.id}` });
    else if (e.id >= entries.length) {
      issues.push({ path, message: `${e.id} is out of range (ids run 0..${entries.length - 1})` });
    }
    seen.add(e.id);
  });
  return [...entries].sort((a, b) => a.id - b.id);
}

function toScale(entries: CisoEntry[]): ScaleLevel[] {
  return entries.map((e, i) => ({
    value: i + 1,
    label: clip(e.name, 80),
    description: clip(e.description ?? "", 1000),
  }));
}

function toColor(hex: string | null | undefined, path: string, issues: FieldIssue[]): string {
  const value = (hex ?? "").trim();
  if (value === "") return DEFAULT_COLOR;
  if (/^#[0-9a-f]{6}$/i.test(value)) return value.toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(value);
  if (short)
    return `#${short
      .slice(1)
      .map((c) => c + c)
      .join("")}`.toLowerCase();
  issues.push({ path, message: `"${value}" is not a #rrggbb colour` });
  return DEFAULT_COLOR;
}

function toLevels(risks: CisoEntry[], prefix: string, issues: FieldIssue[]) {
  const used = new Set<string>();
  const indexById = new Map<number, number>();
  const ordered = risks
    .map((entry, position) => ({ entry, position }))
    .sort((a, b) => a.entry.id - b.entry.id);
  const levels: RiskLevel[] = ordered.map(({ entry, position }, index) => {
    const path = at(prefix, `risk[${position}]`);
    if (indexById.has(entry.id))
      issues.push({ path: `${path}.id`, message: `duplicate id ${entry.id}` });
    indexById.set(entry.id, index);
    const base = slugify(entry.abbreviation ?? "") || slugify(entry.name) || `level-${index + 1}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return {
      id,
      label: clip(entry.name, 80),
      color: toColor(entry.hexcolor, `${path}.hexcolor`, issues),
      description: clip(entry.description ?? "", 1000),
    };
  });
  return { levels, indexById };
}

function toGrid(
  grid: number[][],
  rows: number,
  cols: number,
  indexById: Map<number, number>,
  prefix: string,
  issues: FieldIssue[],
): number[][] {
  const known = [...indexById.keys()].join(", ");
  if (grid.length !== rows) {
    issues.push({
      path: at(prefix, "grid"),
      message: `${grid.length} rows, expected ${rows} (one per probability)`,
    });
  }
  return grid.map((row, p) => {
    if (row.length !== cols) {
      issues.push({
        path: at(prefix, `grid[${p}]`),
        message: `${row.length} cells, expected ${cols} (one per impact)`,
      });
    }
    return row.map((riskId, i) => {
      const index = indexById.get(riskId);
      if (index !== undefined) return index;
      issues.push({
        path: at(prefix, `grid[${p}][${i}]`),
        message: `${riskId} is not a risk id (${known})`,
      });
      return -1;
    });
  });
}

/**
 * Turns a CISO Assistant risk matrix (library YAML/JSON file, bare matrix object, or an object
 * with `json_definition`) into a MethodologyDefinition. Errors name the field in the source file.
 */
export function parseCisoRiskMatrix(
  text: string,
  opts: { id?: string } = {},
): MethodologyDefinition {
  const { matrix, prefix } = locateMatrix(parseText(text));
  const parsed = CisoMatrixSchema.safeParse(matrix);
  if (!parsed.success) return fail(fieldIssues(parsed.error.issues, prefix));
  const m = parsed.data;

  const issues: FieldIssue[] = [];
  const probability = checkIds(m.probability, at(prefix, "probability"), issues);
  const impact = checkIds(m.impact, at(prefix, "impact"), issues);
  const { levels, indexById } = toLevels(m.risk, prefix, issues);
  const grid = toGrid(m.grid, probability.length, impact.length, indexById, prefix, issues);
  const name = (m.name ?? m.ref_id ?? "").trim();
  const id = opts.id ?? (slugify(name) || slugify(m.ref_id ?? ""));
  if (name === "") issues.push({ path: at(prefix, "name"), message: "required" });
  else if (id === "")
    issues.push({ path: at(prefix, "name"), message: "no id derivable; pass an id" });
  if (issues.length > 0) return fail(issues);

  return parseMethodology({
    id,
    name: clip(name, 200),
    description: clip(m.description ?? "", 5000),
    likelihood: toScale(probability),
    impact: toScale(impact),
    levels,
    grid,
  });
}
