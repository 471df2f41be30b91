import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { BUILTIN_METHODOLOGIES, DEFAULT_METHODOLOGY_ID, builtinMethodology } from "./builtins.js";
import { riskLevel } from "./grid.js";
import { parseMethodology, type MethodologyDefinition } from "./methodology.schema.js";

function builtin(id: string): MethodologyDefinition {
  const m = builtinMethodology(id);
  assert.ok(m, `built-in ${id} missing`);
  return m;
}

describe("built-in methodologies", () => {
  for (const m of BUILTIN_METHODOLOGIES) {
    it(`${m.id} passes parseMethodology unchanged`, () => {
      assert.deepEqual(parseMethodology(structuredClone(m)), m);
    });
    it(`${m.id} has distinct level colours`, () => {
      assert.equal(new Set(m.levels.map((l) => l.color)).size, m.levels.length);
    });
  }

  it("has unique ids, the expected set, and a default among them", () => {
    assert.deepEqual(
      BUILTIN_METHODOLOGIES.map((m) => m.id),
      ["ttt-5x5", "egi-4x4", "iso27005-5x5"],
    );
    assert.ok(builtinMethodology(DEFAULT_METHODOLOGY_ID));
  });

  it("returns undefined for an unknown id", () => {
    assert.equal(builtinMethodology("nope"), undefined);
  });

  it("is frozen so shared defaults cannot be changed in place", () => {
    const m = builtin("ttt-5x5");
    assert.ok(Object.isFrozen(m));
    assert.throws(() => {
      (m.grid[0] as number[])[0] = 3;
    }, TypeError);
    assert.throws(() => {
      (m.levels[0] as { color: string }).color = "#000000";
    }, TypeError);
  });
});

describe("ttt-5x5", () => {
  const ttt = builtin("ttt-5x5");
  it("uses the working group's likelihood scale (5 = monthly or more often)", () => {
    assert.equal(ttt.name, "TTT working group 5×5");
    assert.deepEqual(
      ttt.likelihood.map((l) => [l.value, l.label]),
      [
        [1, "Unlikely to happen"],
        [2, "Less than once a year"],
        [3, "More than once a year"],
        [4, "Every few months"],
        [5, "Monthly or more often"],
      ],
    );
  });
  it("has impact 1–5 with descriptions", () => {
    assert.deepEqual(
      ttt.impact.map((l) => l.value),
      [1, 2, 3, 4, 5],
    );
    for (const level of ttt.impact) assert.ok(level.description.length > 20);
  });
  it("levels are Low, Medium, High, Extreme", () => {
    assert.deepEqual(
      ttt.levels.map((l) => l.label),
      ["Low", "Medium", "High", "Extreme"],
    );
  });
  it("every cell follows the L×I bands 1–4, 5–9, 10–14, 15–25", () => {
    for (let l = 1; l <= 5; l++) {
      for (let i = 1; i <= 5; i++) {
        const p = l * i;
        const expected = p <= 4 ? "low" : p <= 9 ? "medium" : p <= 14 ? "high" : "extreme";
        assert.equal(riskLevel(ttt, l, i).level.id, expected, `L${l}×I${i}`);
      }
    }
  });
});

describe("egi-4x4", () => {
  const egi = builtin("egi-4x4");
  it("has the EGI scales", () => {
    assert.equal(egi.name, "EGI service risk template 4×4");
    assert.deepEqual(
      egi.likelihood.map((l) => l.label),
      [
        "Unlikely",
        "Less than once per year",
        "Every few months / more than once per year",
        "Every 2–3 months or more often",
      ],
    );
    assert.match(egi.impact[1]?.description ?? "", /less than one week/);
    assert.match(egi.impact[3]?.description ?? "", /ability to deliver/);
  });
  it("every cell follows the L×I bands 1–2, 3–4, 6–9, 12–16", () => {
    const expected = [
      [0, 0, 1, 1],
      [0, 1, 2, 2],
      [1, 2, 2, 3],
      [1, 2, 3, 3],
    ];
    assert.deepEqual(egi.grid, expected);
  });
});

describe("iso27005-5x5", () => {
  const iso = builtin("iso27005-5x5");
  it("has exactly the CISO Assistant ISO 27005 grid", () => {
    assert.deepEqual(iso.grid, [
      [0, 0, 1, 1, 1],
      [0, 1, 1, 2, 2],
      [1, 1, 2, 3, 3],
      [1, 2, 3, 3, 4],
      [2, 3, 3, 4, 4],
    ]);
  });
  it("has five levels very low … very high on every axis", () => {
    const labels = ["Very low", "Low", "Medium", "High", "Very high"];
    assert.deepEqual(
      iso.likelihood.map((l) => l.label),
      labels,
    );
    assert.deepEqual(
      iso.impact.map((l) => l.label),
      labels,
    );
    assert.deepEqual(
      iso.levels.map((l) => l.id),
      ["very-low", "low", "medium", "high", "very-high"],
    );
  });
  it("looks up cells as grid[probability][impact]", () => {
    assert.equal(riskLevel(iso, 1, 1).level.id, "very-low");
    assert.equal(riskLevel(iso, 1, 5).level.id, "low");
    assert.equal(riskLevel(iso, 5, 1).level.id, "medium");
    assert.equal(riskLevel(iso, 3, 3).level.id, "medium");
    assert.equal(riskLevel(iso, 4, 5).level.id, "very-high");
    assert.equal(riskLevel(iso, 5, 5).level.id, "very-high");
    assert.equal(riskLevel(iso, 2, 4).level.id, "medium");
  });
});
