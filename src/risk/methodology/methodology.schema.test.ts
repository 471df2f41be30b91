import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ValidationError, type FieldIssue } from "../../core/errors.js";
import { formatIssuePath as formatPath } from "../../core/validation.js";
import { parseMethodology, type MethodologyDefinition } from "./methodology.schema.js";

/** 3 likelihood × 5 impact levels, 4 risk levels: non-square on purpose. */
function validMethodology(): MethodologyDefinition {
  const scale = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ value: i + 1, label: `L${i + 1}`, description: "" }));
  return {
    id: "test-3x5",
    name: "Test 3×5",
    description: "fixture",
    likelihood: scale(3),
    impact: scale(5),
    levels: [
      { id: "low", label: "Low", color: "#00ff00", description: "" },
      { id: "medium", label: "Medium", color: "#ffff00", description: "" },
      { id: "high", label: "High", color: "#ff8000", description: "" },
      { id: "extreme", label: "Extreme", color: "#FF0000", description: "" },
    ],
    grid: [
      [0, 0, 1, 1, 2],
      [0, 1, 2, 2, 3],
      [1, 2, 2, 3, 3],
    ],
  };
}

function issuesOf(fn: () => unknown): FieldIssue[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ValidationError, `expected ValidationError, got ${String(err)}`);
    assert.equal(err.code, "validation_failed");
    assert.equal(err.status, 400);
    return err.issues;
  }
  return assert.fail("expected a ValidationError");
}

function assertIssue(input: unknown, path: string, message?: string): void {
  const issues = issuesOf(() => parseMethodology(input));
  const found = issues.find((i) => i.path === path);
  assert.ok(found, `no issue at ${path}; got ${JSON.stringify(issues)}`);
  if (message !== undefined) assert.equal(found.message, message);
}

describe("parseMethodology", () => {
  it("accepts a valid methodology and returns its data", () => {
    const input = validMethodology();
    assert.deepEqual(parseMethodology(input), input);
  });

  it("strips unknown keys", () => {
    const parsed = parseMethodology({ ...validMethodology(), extra: true });
    assert.equal("extra" in parsed, false);
  });

  it("names the offending cell for a bad level index", () => {
    const m = validMethodology();
    m.grid[2]![4] = 7;
    assertIssue(m, "grid[2][4]", "7 is not a level index (0..3)");
    const e = issuesOf(() => parseMethodology(m));
    assert.equal(e.length, 1);
  });

  it("puts the path and message in the error message", () => {
    const m = validMethodology();
    m.grid[2]![4] = 7;
    assert.throws(() => parseMethodology(m), {
      name: "ValidationError",
      message: /grid\[2\]\[4\]: 7 is not a level index \(0\.\.3\)/,
    });
  });

  it("rejects negative and fractional level indexes", () => {
    const m = validMethodology();
    m.grid[0]![0] = -1;
    m.grid[1]![1] = 1.5;
    assertIssue(m, "grid[0][0]", "-1 is not a level index (0..3)");
    assertIssue(m, "grid[1][1]", "1.5 is not a level index (0..3)");
  });

  it("reports a missing grid cell by its position", () => {
    const m = validMethodology();
    m.grid[1] = [0, 1, 2, 2];
    assertIssue(m, "grid[1][4]", "missing");
  });

  it("reports a null grid cell at its path", () => {
    const m = validMethodology() as unknown as { grid: unknown[][] };
    m.grid[1]![3] = null;
    assertIssue(m, "grid[1][3]");
  });

  it("reports the wrong number of rows", () => {
    const m = validMethodology();
    m.grid.pop();
    assertIssue(m, "grid", "2 rows, expected 3 (one per likelihood level)");
  });

  it("reports a row with too many cells", () => {
    const m = validMethodology();
    m.grid[0]!.push(0);
    assertIssue(m, "grid[0]", "6 cells, expected 5 (one per impact level)");
  });

  it("rejects duplicate scale values", () => {
    const m = validMethodology();
    m.likelihood[2]!.value = 2;
    assertIssue(m, "likelihood[2].value", "duplicate value 2");
  });

  it("rejects decreasing scale values", () => {
    const m = validMethodology();
    m.impact[1]!.value = 7;
    assertIssue(m, "impact[2].value", "3 must be greater than the previous value 7");
  });

  it("rejects a non-integer or zero scale value", () => {
    const m = validMethodology();
    m.likelihood[0]!.value = 0;
    m.impact[0]!.value = 0.5;
    assertIssue(m, "likelihood[0].value");
    assertIssue(m, "impact[0].value");
  });

  it("rejects a bad colour", () => {
    const m = validMethodology();
    m.levels[1]!.color = "yellow";
    assertIssue(m, "levels[1].color", "must be a #rrggbb colour");
    m.levels[1]!.color = "#fff";
    assertIssue(m, "levels[1].color");
  });

  it("rejects duplicate level ids and non-slug ids", () => {
    const m = validMethodology();
    m.levels[2]!.id = "low";
    assertIssue(m, "levels[2].id", 'duplicate id "low"');
    const n = validMethodology();
    n.id = "Not A Slug";
    assertIssue(n, "id");
  });

  it("reports a missing field as required", () => {
    const m = validMethodology() as unknown as { likelihood: Record<string, unknown>[] };
    delete m.likelihood[1]!["label"];
    assertIssue(m, "likelihood[1].label", "required");
  });

  it("enforces scale and level counts", () => {
    const m = validMethodology();
    m.likelihood = m.likelihood.slice(0, 1);
    m.grid = m.grid.slice(0, 1);
    assertIssue(m, "likelihood");
    const n = validMethodology();
    n.levels = [];
    assertIssue(n, "levels");
  });

  it("rejects non-objects at the root", () => {
    assertIssue("nope", "(root)");
  });
});

describe("formatPath", () => {
  it("renders indexes in brackets and keys with dots", () => {
    assert.equal(formatPath(["likelihood", 1, "value"]), "likelihood[1].value");
    assert.equal(formatPath(["grid", 2, 4]), "grid[2][4]");
    assert.equal(formatPath(["name"], "json_definition"), "json_definition.name");
    assert.equal(formatPath([]), "(root)");
  });
});
