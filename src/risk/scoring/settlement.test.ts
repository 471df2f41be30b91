import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ValidationError } from "../../core/errors.js";
import type { AxisSettlement, ComputedRule } from "./settlement.js";
import {
  SETTLEMENT_RULES,
  describeRule,
  isComputedRule,
  roundHalfUp,
  settleAxis,
} from "./settlement.js";
import { axisStatistics } from "./statistics.js";

const COMPUTED: ComputedRule[] = ["median", "mean", "upper-median", "highest-mode", "max"];

/** Settles `votes` by every computed rule, keyed by rule. */
function settleAll(votes: number[]): Record<ComputedRule, AxisSettlement> {
  const stats = axisStatistics(votes);
  const entries = COMPUTED.map((rule) => [rule, settleAxis(rule, stats)] as const);
  return Object.fromEntries(entries) as Record<ComputedRule, AxisSettlement>;
}

const whole = (v: number): AxisSettlement => ({ raw: v, value: v, rounding: "none" });
const rounded = (raw: number, value: number): AxisSettlement => ({
  raw,
  value,
  rounding: "half-up",
});

describe("roundHalfUp", () => {
  it("rounds exactly .5 up and just below it down", () => {
    assert.equal(roundHalfUp(2.5), 3);
    assert.equal(roundHalfUp(3.5), 4);
    assert.equal(roundHalfUp(0.5), 1);
    assert.equal(roundHalfUp(2.4999), 2);
    assert.equal(roundHalfUp(2.499999), 2); // 1e-6 below .5 is a real difference, not float error
    assert.equal(roundHalfUp(2.3), 2);
    assert.equal(roundHalfUp(2.7), 3);
    assert.equal(roundHalfUp(3), 3);
  });

  it("treats float error next to .5 or a whole number as that value", () => {
    assert.equal(roundHalfUp(2.4999999999999996), 3); // the double just below 2.5
    assert.equal(roundHalfUp(2.9999999999999996), 3); // the double just below 3
    assert.equal(roundHalfUp(3.0000000000000004), 3); // the double just above 3
    assert.equal(roundHalfUp(0.1 + 0.2), 0); // 0.30000000000000004
  });

  it("rounds negative halves towards +∞", () => {
    assert.equal(roundHalfUp(-2.5), -2);
    assert.equal(roundHalfUp(-2.6), -3);
  });

  it("rejects non-finite numbers", () => {
    for (const x of [Number.NaN, Infinity, -Infinity]) {
      assert.throws(() => roundHalfUp(x), ValidationError);
    }
  });
});

describe("settleAxis", () => {
  it("settles a single vote to itself by every rule, without rounding", () => {
    // [3]: median = mean = upper median = mode = max = 3.
    for (const s of Object.values(settleAll([3]))) assert.deepEqual(s, whole(3));
  });

  it("rounds an x.5 median and mean up; upper median and highest mode take the higher vote", () => {
    // [2,3]: median (2 + 3)/2 = 2.5 → 3; mean 5/2 = 2.5 → 3; upper median x1 = 3;
    // modes [2,3] → highest 3; max 3.
    assert.deepEqual(settleAll([3, 2]), {
      median: rounded(2.5, 3),
      mean: rounded(2.5, 3),
      "upper-median": whole(3),
      "highest-mode": whole(3),
      max: whole(3),
    });
  });

  it("rounds a mean just below .5 down", () => {
    // [2,2,2,3,3]: mean 12/5 = 2.4 → 2; median x2 = 2; upper median x2 = 2; mode 2; max 3.
    assert.deepEqual(settleAll([2, 3, 2, 3, 2]), {
      median: whole(2),
      mean: rounded(2.4, 2),
      "upper-median": whole(2),
      "highest-mode": whole(2),
      max: whole(3),
    });
  });

  it("settles the minutes' 4e example averaging 2.3", () => {
    // seven 2s, three 3s: mean 23/10 = 2.3 → 2; median (x4 + x5)/2 = 2; upper median x5 = 2;
    // mode 2. Only max gives the 3 the group "moved up" to (or a facilitator decision).
    assert.deepEqual(settleAll([2, 2, 2, 3, 2, 2, 3, 2, 3, 2]), {
      median: whole(2),
      mean: rounded(2.3, 2),
      "upper-median": whole(2),
      "highest-mode": whole(2),
      max: whole(3),
    });
  });

  it("aims high on a 3s-and-4s split (minutes: impact split, settled on 4)", () => {
    // [3,3,4,4]: median 3.5 → 4; mean 14/4 = 3.5 → 4; upper median x2 = 4;
    // modes [3,4] → highest 4; max 4.
    assert.deepEqual(settleAll([3, 4, 3, 4]), {
      median: rounded(3.5, 4),
      mean: rounded(3.5, 4),
      "upper-median": whole(4),
      "highest-mode": whole(4),
      max: whole(4),
    });
  });

  it("settles TR-1's 2.5 average to 3 by the mean", () => {
    // [2,2,3,3]: mean 10/4 = 2.5 → 3; upper median x2 = 3; modes [2,3] → 3.
    const s = settleAll([2, 3, 2, 3]);
    assert.deepEqual(s.mean, rounded(2.5, 3));
    assert.deepEqual(s["upper-median"], whole(3));
    assert.deepEqual(s["highest-mode"], whole(3));
  });

  it("keeps a single mode when the majority is lower", () => {
    // [3,3,3,4,4]: modes [3] → 3; mean 17/5 = 3.4 → 3; median = upper median = x2 = 3; max 4.
    assert.deepEqual(settleAll([4, 3, 3, 4, 3]), {
      median: whole(3),
      mean: rounded(3.4, 3),
      "upper-median": whole(3),
      "highest-mode": whole(3),
      max: whole(4),
    });
  });

  it("takes the highest of several tied modes", () => {
    // [1,1,3,5,5]: 1 and 5 twice each → modes [1,5] → 5; median = upper median = x2 = 3.
    const s = settleAll([5, 1, 3, 1, 5]);
    assert.deepEqual(s["highest-mode"], whole(5));
    assert.deepEqual(s["upper-median"], whole(3));
    assert.deepEqual(s.median, whole(3));
  });

  it("settles the minutes' 4a example ('some range, averaging 3')", () => {
    // [1,2,4,5]: mean 12/4 = 3; median (2 + 4)/2 = 3; upper median x2 = 4;
    // all four tie → highest mode 5; max 5.
    assert.deepEqual(settleAll([1, 5, 2, 4]), {
      median: whole(3),
      mean: whole(3),
      "upper-median": whole(4),
      "highest-mode": whole(5),
      max: whole(5),
    });
  });

  it("always yields a whole value between min and max", () => {
    for (const votes of [[1], [1, 2], [1, 1, 2], [1, 2, 2, 5], [1, 2, 3, 4, 5], [2, 5, 5, 5]]) {
      const stats = axisStatistics(votes);
      for (const rule of COMPUTED) {
        const { raw, value, rounding } = settleAxis(rule, stats);
        assert.ok(Number.isInteger(value), `${rule} of ${votes.join(",")}`);
        assert.ok(stats.min <= value && value <= stats.max, `${rule} of ${votes.join(",")}`);
        assert.equal(rounding, Number.isInteger(raw) ? "none" : "half-up");
      }
    }
  });

  it("rejects statistics without votes", () => {
    const empty = { ...axisStatistics([3]), votes: [], modes: [] };
    assert.throws(() => settleAxis("upper-median", empty), ValidationError);
  });
});

describe("rules", () => {
  it("lists the six rules of the method", () => {
    assert.deepEqual(
      [...SETTLEMENT_RULES],
      ["median", "mean", "upper-median", "highest-mode", "max", "facilitator"],
    );
  });

  it("treats every rule but facilitator as computed", () => {
    assert.deepEqual(SETTLEMENT_RULES.filter(isComputedRule), COMPUTED);
    assert.equal(isComputedRule("facilitator"), false);
  });

  it("describes each rule in its own sentence", () => {
    const texts = SETTLEMENT_RULES.map(describeRule);
    assert.equal(new Set(texts).size, SETTLEMENT_RULES.length);
    for (const t of texts) assert.match(t, /^[A-Z].+\.$/);
    assert.match(describeRule("highest-mode"), /aim high/);
    assert.match(describeRule("mean"), /rounded half up/);
    assert.match(describeRule("facilitator"), /facilitator/);
  });
});
