import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ValidationError, type FieldIssue } from "../../core/errors.js";
import { builtinMethodology } from "./builtins.js";
import { parseCisoRiskMatrix, slugify } from "./ciso-import.js";
import { riskLevel } from "./grid.js";

/** Shaped like backend/library/libraries/risk-matrix-*.yaml in CISO Assistant. */
const LIBRARY_YAML = `urn: urn:example:risk:library:risk-matrix-3x3-demo
locale: en
ref_id: risk-matrix-3x3-demo
name: Demo 3x3 matrix
description: Simple 3x3 matrix for tests
copyright: public domain
version: 1
provider: example
packager: example
translations:
  fr:
    name: Matrice 3x3 de démonstration
objects:
  risk_matrix:
  - urn: urn:example:risk:matrix:3x3-demo
    ref_id: risk-matrix-3x3-demo
    name: Démo 3x3 matrix
    description: Simple 3x3 matrix for tests
    probability:
    - id: 0
      abbreviation: L
      name: Low
      description: Unfrequent event
      translations:
        fr:
          name: Faible
    - id: 1
      abbreviation: M
      name: Medium
      description: Occasional event
    - id: 2
      abbreviation: H
      name: High
      description: Frequent event
    impact:
    - id: 0
      abbreviation: 1
      name: '[1] minor'
      description: less than 100k$
      hexcolor: '#92D050'
    - id: 1
      abbreviation: 2
      name: '[2] moderate'
      description: between 100k$ and 1M$
    - id: 2
      abbreviation: 3
      name: '[3] major'
      description: more than 1M$
    risk:
    - id: 0
      abbreviation: L
      name: Low
      description: acceptable risk
      hexcolor: '#00FF00'
    - id: 1
      abbreviation: M
      name: Medium
      description: risk requiring mitigation within 2 years
      hexcolor: '#FFFF00'
    - id: 2
      abbreviation: H
      name: High
      description: unacceptable risk
      hexcolor: '#FF0000'
    grid:
    - - 0
      - 0
      - 1
    - - 0
      - 1
      - 2
    - - 1
      - 2
      - 2
`;

function bareMatrix(): Record<string, unknown> {
  return {
    name: "Bare 2x2",
    probability: [
      { id: 0, abbreviation: "U", name: "Unlikely", description: "rare" },
      { id: 1, abbreviation: "L", name: "Likely", description: "often" },
    ],
    impact: [
      { id: 0, abbreviation: "m", name: "Minor", description: null },
      { id: 1, abbreviation: "M", name: "Major" },
    ],
    risk: [
      { id: 0, abbreviation: "ok", name: "Acceptable", description: "", hexcolor: "#0f0" },
      { id: 1, abbreviation: "ko", name: "Not acceptable", description: "" },
    ],
    grid: [
      [0, 0],
      [0, 1],
    ],
  };
}

function issuesOf(fn: () => unknown): FieldIssue[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ValidationError, `expected ValidationError, got ${String(err)}`);
    return err.issues;
  }
  return assert.fail("expected a ValidationError");
}

function assertIssue(text: string, path: string, message?: string): void {
  const issues = issuesOf(() => parseCisoRiskMatrix(text));
  const found = issues.find((i) => i.path === path);
  assert.ok(found, `no issue at ${path}; got ${JSON.stringify(issues)}`);
  if (message !== undefined) assert.equal(found.message, message);
}

describe("parseCisoRiskMatrix — library YAML", () => {
  const m = parseCisoRiskMatrix(LIBRARY_YAML);

  it("takes id and name from the first matrix", () => {
    assert.equal(m.id, "demo-3x3-matrix");
    assert.equal(m.name, "Démo 3x3 matrix");
    assert.equal(m.description, "Simple 3x3 matrix for tests");
  });
  it("maps probability to likelihood with values 1..n", () => {
    assert.deepEqual(m.likelihood, [
      { value: 1, label: "Low", description: "Unfrequent event" },
      { value: 2, label: "Medium", description: "Occasional event" },
      { value: 3, label: "High", description: "Frequent event" },
    ]);
    assert.deepEqual(
      m.impact.map((l) => [l.value, l.label]),
      [
        [1, "[1] minor"],
        [2, "[2] moderate"],
        [3, "[3] major"],
      ],
    );
  });
  it("maps risk to levels with slug ids and colours", () => {
    assert.deepEqual(
      m.levels.map((l) => [l.id, l.label, l.color]),
      [
        ["l", "Low", "#00ff00"],
        ["m", "Medium", "#ffff00"],
        ["h", "High", "#ff0000"],
      ],
    );
  });
  it("keeps grid[probability][impact]", () => {
    assert.deepEqual(m.grid, [
      [0, 0, 1],
      [0, 1, 2],
      [1, 2, 2],
    ]);
    assert.equal(riskLevel(m, 2, 2).level.id, "m");
    assert.equal(riskLevel(m, 3, 2).level.id, "h");
  });
  it("honours opts.id", () => {
    assert.equal(parseCisoRiskMatrix(LIBRARY_YAML, { id: "imported" }).id, "imported");
  });
  it("accepts the newer objects.risk_matrices key", () => {
    const text = LIBRARY_YAML.replace("  risk_matrix:", "  risk_matrices:");
    assert.deepEqual(parseCisoRiskMatrix(text), m);
  });
  it("reproduces the built-in ISO 27005 grid from a CISO-shaped matrix", () => {
    const iso = builtinMethodology("iso27005-5x5");
    assert.ok(iso);
    const entries = (n: string) =>
      [1, 2, 3, 4, 5].map((v) => ({ id: v - 1, abbreviation: String(v), name: `${v} - ${n}` }));
    const text = JSON.stringify({
      ref_id: "risk-matrix-5x5-iso27005",
      name: "5x5 ISO-27005",
      probability: entries("p"),
      impact: entries("i"),
      risk: entries("r").map((e) => ({ ...e, hexcolor: "#C00000" })),
      grid: iso.grid,
    });
    const imported = parseCisoRiskMatrix(text);
    assert.equal(imported.id, "5x5-iso-27005");
    assert.deepEqual(imported.grid, iso.grid);
  });
});

describe("parseCisoRiskMatrix — other shapes", () => {
  it("accepts a bare JSON matrix; missing hexcolor is grey; 3-digit colours expand", () => {
    const m = parseCisoRiskMatrix(JSON.stringify(bareMatrix()));
    assert.equal(m.id, "bare-2x2");
    assert.equal(m.impact[0]?.description, "");
    assert.deepEqual(
      m.levels.map((l) => [l.id, l.color]),
      [
        ["ok", "#00ff00"],
        ["ko", "#9e9e9e"],
      ],
    );
  });
  it("orders by id, not by position in the file", () => {
    const raw = bareMatrix();
    raw["probability"] = [...(raw["probability"] as unknown[])].reverse();
    raw["risk"] = [...(raw["risk"] as unknown[])].reverse();
    const m = parseCisoRiskMatrix(JSON.stringify(raw));
    assert.deepEqual(
      m.likelihood.map((l) => l.label),
      ["Unlikely", "Likely"],
    );
    assert.deepEqual(
      m.levels.map((l) => l.id),
      ["ok", "ko"],
    );
    assert.deepEqual(m.grid, [
      [0, 0],
      [0, 1],
    ]);
  });
  it("deduplicates level ids from equal abbreviations", () => {
    const raw = bareMatrix();
    (raw["risk"] as Record<string, unknown>[])[1]!["abbreviation"] = "OK";
    const m = parseCisoRiskMatrix(JSON.stringify(raw));
    assert.deepEqual(
      m.levels.map((l) => l.id),
      ["ok", "ok-2"],
    );
  });
  it("accepts json_definition as a JSON string next to name/description", () => {
    const definition: Record<string, unknown> = bareMatrix();
    delete definition.name;
    const text = JSON.stringify({
      name: "Stored matrix",
      description: "from the API",
      json_definition: JSON.stringify(definition),
    });
    const m = parseCisoRiskMatrix(text);
    assert.equal(m.id, "stored-matrix");
    assert.equal(m.description, "from the API");
    assert.equal(m.levels.length, 2);
  });
  it("accepts json_definition as an object", () => {
    const text = JSON.stringify({ name: "Object def", json_definition: bareMatrix() });
    assert.equal(parseCisoRiskMatrix(text).name, "Object def");
  });
});

describe("parseCisoRiskMatrix — malformed input", () => {
  it("rejects text that is not YAML", () => {
    assertIssue("objects: [unclosed\n  - :", "(file)");
  });
  it("rejects a scalar or list document", () => {
    assertIssue("just a string", "(root)", "expected a mapping, got string");
    assertIssue("- a\n- b", "(root)", "expected a mapping, got a list");
    assertIssue("", "(root)", "expected a mapping, got an empty document");
  });
  it("rejects a library file without a risk matrix", () => {
    const text = "urn: x\nname: Framework\nobjects:\n  framework:\n    urn: y\n";
    assertIssue(
      text,
      "objects.risk_matrix",
      "no risk matrix in this library file (objects has: framework)",
    );
    assertIssue("objects:\n  risk_matrix: []\n", "objects.risk_matrix");
  });
  it("rejects a document with no matrix at all", () => {
    assertIssue("name: hello\n", "(root)");
  });
  it("names a grid cell referencing an unknown risk id", () => {
    const text = LIBRARY_YAML.replace(
      "    - - 1\n      - 2\n      - 2",
      "    - - 1\n      - 2\n      - 7",
    );
    assertIssue(text, "objects.risk_matrix[0].grid[2][2]", "7 is not a risk id (0, 1, 2)");
  });
  it("reports a missing name as required", () => {
    const raw = bareMatrix();
    (raw["probability"] as Record<string, unknown>[]).push({ id: 2, abbreviation: "X" });
    raw["grid"] = [...(raw["grid"] as unknown[]), [1, 1]];
    assertIssue(JSON.stringify(raw), "probability[2].name", "required");
  });
  it("reports duplicate and out-of-range scale ids", () => {
    const dup = bareMatrix();
    (dup["impact"] as Record<string, unknown>[])[1]!["id"] = 0;
    assertIssue(JSON.stringify(dup), "impact[1].id", "duplicate id 0");
    const gap = bareMatrix();
    (gap["probability"] as Record<string, unknown>[])[1]!["id"] = 5;
    assertIssue(JSON.stringify(gap), "probability[1].id", "5 is out of range (ids run 0..1)");
  });
  it("reports grid dimensions against the scales", () => {
    const rows = bareMatrix();
    rows["grid"] = [[0, 0]];
    assertIssue(JSON.stringify(rows), "grid", "1 rows, expected 2 (one per probability)");
    const cols = bareMatrix();
    cols["grid"] = [[0], [0, 1]];
    assertIssue(JSON.stringify(cols), "grid[0]", "1 cells, expected 2 (one per impact)");
  });
  it("reports a bad hexcolor at its path", () => {
    const raw = bareMatrix();
    (raw["risk"] as Record<string, unknown>[])[1]!["hexcolor"] = "red";
    assertIssue(JSON.stringify(raw), "risk[1].hexcolor", '"red" is not a #rrggbb colour');
  });
  it("reports invalid JSON in json_definition", () => {
    assertIssue(JSON.stringify({ name: "x", json_definition: "{oops" }), "json_definition");
  });
  it("prefixes paths inside json_definition", () => {
    const def = bareMatrix();
    delete def["grid"];
    const text = JSON.stringify({ name: "x", json_definition: def });
    assertIssue(text, "json_definition.grid", "required");
  });
  it("reports a matrix with neither name nor ref_id", () => {
    const raw = bareMatrix();
    delete raw["name"];
    assertIssue(JSON.stringify(raw), "name", "required");
  });
});

describe("slugify", () => {
  it("lower-cases, drops accents and joins words with '-'", () => {
    assert.equal(slugify("Démo 3x3 — Matrix!"), "demo-3x3-matrix");
    assert.equal(slugify("  --  "), "");
  });
});
