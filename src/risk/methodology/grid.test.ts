import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ValidationError, type FieldIssue } from "../../core/errors.js";
import { builtinMethodology } from "./builtins.js";
import { gridFromProductBands, isHighOrAbove, isOnScale, riskLevel } from "./grid.js";
import type { MethodologyDefinition, ScaleLevel } from "./methodology.schema.js";

function builtin(id: string): MethodologyDefinition {
  const m = builtinMethodology(id);
  assert.ok(m, `built-in ${id} missing`);
  return m;
}

const scale = (...values: number[]): ScaleLevel[] =>
  values.map((value) => ({ value, label: `v${value}`, description: "" }));

function issuesOf(fn: () => unknown): FieldIssue[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ValidationError);
    return err.issues;
  }
  return assert.fail("expected a ValidationError");
}

const levelId = (m: MethodologyDefinition, l: number, i: number): string =>
  riskLevel(m, l, i).level.id;

describe("riskLevel — EGI 4×4", () => {
  const egi = builtin("egi-4x4");
  it("L2×I3 = 6 is High", () => assert.equal(levelId(egi, 2, 3), "high"));
  it("L1×I2 = 2 is Low", () => assert.equal(levelId(egi, 1, 2), "low"));
  it("L1×I3 = 3 is Medium", () => assert.equal(levelId(egi, 1, 3), "medium"));
  it("L4×I4 = 16 is Extreme", () => assert.equal(levelId(egi, 4, 4), "extreme"));
  it("L3×I4 = 12 is Extreme and L3×I3 = 9 is High", () => {
    assert.equal(levelId(egi, 3, 4), "extreme");
    assert.equal(levelId(egi, 3, 3), "high");
  });
});

describe("riskLevel — TTT 5×5 band edges", () => {
  const ttt = builtin("ttt-5x5");
  it("L×I = 4 is Low (1×4, 2×2, 4×1)", () => {
    assert.equal(levelId(ttt, 1, 4), "low");
    assert.equal(levelId(ttt, 2, 2), "low");
    assert.equal(levelId(ttt, 4, 1), "low");
  });
  it("L×I = 5 is Medium (1×5, 5×1)", () => {
    assert.equal(levelId(ttt, 1, 5), "medium");
    assert.equal(levelId(ttt, 5, 1), "medium");
  });
  it("L×I = 9 is Medium", () => assert.equal(levelId(ttt, 3, 3), "medium"));
  it("L×I = 10 is High (2×5, 5×2)", () => {
    assert.equal(levelId(ttt, 2, 5), "high");
    assert.equal(levelId(ttt, 5, 2), "high");
  });
  it("L×I = 12, the largest product below 15 on a 1–5 scale, is High", () => {
    assert.equal(levelId(ttt, 3, 4), "high");
    assert.equal(levelId(ttt, 4, 3), "high");
  });
  it("L×I = 15 is Extreme", () => {
    assert.equal(levelId(ttt, 3, 5), "extreme");
    assert.equal(levelId(ttt, 5, 3), "extreme");
  });
  it("L×I = 25 is Extreme and index matches the level", () => {
    const { index, level } = riskLevel(ttt, 5, 5);
    assert.equal(index, 3);
    assert.equal(level, ttt.levels[3]);
  });
});

describe("riskLevel — off-scale values", () => {
  const ttt = builtin("ttt-5x5");
  it("names the axis and the allowed values", () => {
    const issues = issuesOf(() => riskLevel(ttt, 6, 1));
    assert.deepEqual(issues, [
      {
        path: "likelihood",
        message: '6 is not on the likelihood scale of "ttt-5x5" (allowed: 1, 2, 3, 4, 5)',
      },
    ]);
  });
  it("rejects fractions instead of rounding them", () => {
    const issues = issuesOf(() => riskLevel(ttt, 2, 2.5));
    assert.equal(issues[0]?.path, "impact");
  });
  it("reports both axes at once", () => {
    const issues = issuesOf(() => riskLevel(ttt, 0, 9));
    assert.deepEqual(
      issues.map((i) => i.path),
      ["likelihood", "impact"],
    );
  });
  it("looks up by scale value, not position", () => {
    const m: MethodologyDefinition = {
      id: "gappy",
      name: "Gappy",
      description: "",
      likelihood: scale(1, 3, 5),
      impact: scale(2, 4),
      levels: [
        { id: "a", label: "A", color: "#000000", description: "" },
        { id: "b", label: "B", color: "#111111", description: "" },
      ],
      grid: [
        [0, 0],
        [0, 1],
        [1, 1],
      ],
    };
    assert.equal(levelId(m, 3, 4), "b");
    assert.equal(levelId(m, 3, 2), "a");
    assert.throws(() => riskLevel(m, 2, 2), /allowed: 1, 3, 5/);
  });
});

describe("isOnScale", () => {
  const egi = builtin("egi-4x4");
  it("accepts values on the scale only", () => {
    assert.equal(isOnScale(egi, "likelihood", 4), true);
    assert.equal(isOnScale(egi, "likelihood", 5), false);
    assert.equal(isOnScale(egi, "impact", 1), true);
    assert.equal(isOnScale(egi, "impact", 1.5), false);
    assert.equal(isOnScale(egi, "impact", 0), false);
  });
});

describe("gridFromProductBands", () => {
  const bands = [{ max: 4 }, { max: 9 }, { max: 14 }, { max: 25 }];
  it("uses the first band whose max covers L×I, with 14 on the edge", () => {
    // 2 × 7 = 14 lies exactly on the High edge; 2 × 8 = 16 is past it.
    assert.deepEqual(gridFromProductBands(scale(1, 2), scale(7, 8), bands), [
      [1, 1],
      [2, 3],
    ]);
  });
  it("uses scale values, not positions", () => {
    assert.deepEqual(gridFromProductBands(scale(2, 5), scale(2, 3), bands), [
      [0, 1],
      [2, 3],
    ]);
  });
  it("fails when no band covers a product", () => {
    const issues = issuesOf(() => gridFromProductBands(scale(1, 5), scale(1, 5), [{ max: 20 }]));
    assert.equal(issues[0]?.path, "bands");
    assert.match(issues[0]?.message ?? "", /product 25 exceeds the last band max 20/);
  });
});

describe("isHighOrAbove", () => {
  it("is High and Extreme on the TTT matrix, high and very high on the ISO one", () => {
    const ttt = builtin("ttt-5x5");
    const iso = builtin("iso27005-5x5");
    assert.deepEqual(
      ttt.levels.map((l) => isHighOrAbove(ttt, l.id)),
      [false, false, true, true],
    );
    assert.deepEqual(
      iso.levels.map((l) => isHighOrAbove(iso, l.id)),
      iso.levels.map((l) => l.id === "high" || l.id === "very-high"),
    );
    assert.equal(isHighOrAbove(ttt, "nonexistent"), false);
  });
  it("takes the upper half when there is no 'high' level", () => {
    const levels = ["a", "b", "c"].map((id) => ({
      id,
      label: id,
      color: "#000000",
      description: "",
    }));
    const m = { ...builtin("ttt-5x5"), levels };
    assert.deepEqual(
      ["a", "b", "c"].map((id) => isHighOrAbove(m, id)),
      [false, false, true],
    );
  });
});
