import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ValidationError } from "../../core/errors.js";
import { axisStatistics } from "./statistics.js";

// Type 7 quartile: h = (n − 1)·p, q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]), x sorted, 0-indexed.

describe("axisStatistics", () => {
  it("handles a single vote", () => {
    // [3]: every statistic is 3; h = 0 for every quartile; range 0 → unanimous.
    assert.deepEqual(axisStatistics([3]), {
      n: 1,
      votes: [3],
      min: 3,
      max: 3,
      modes: [3],
      median: 3,
      mean: 3,
      q1: 3,
      q3: 3,
      iqr: 0,
      range: 0,
      withinOneOfMedian: 1,
      consensus: "unanimous",
      delphiConsensus: true,
    });
  });

  it("grades identical votes unanimous", () => {
    // [4,4,4]: range 4 − 4 = 0; q1 h = 0.5 → 4 + 0.5·0 = 4; mean 12/3 = 4.
    const s = axisStatistics([4, 4, 4]);
    assert.equal(s.consensus, "unanimous");
    assert.equal(s.mean, 4);
    assert.equal(s.iqr, 0);
  });

  it("sorts a copy and grades a one-step spread with one mode as near", () => {
    // [4,3,3] → [3,3,4]; median x1 = 3; mean 10/3; q1 h = 0.5 → 3 + 0.5·(3 − 3) = 3;
    // q3 h = 1.5 → 3 + 0.5·(4 − 3) = 3.5; iqr 0.5; range 1, modes [3] → near.
    const input = [4, 3, 3];
    const s = axisStatistics(input);
    assert.deepEqual(input, [4, 3, 3]);
    assert.deepEqual(s.votes, [3, 3, 4]);
    assert.deepEqual(s.modes, [3]);
    assert.equal(s.median, 3);
    assert.equal(s.mean, 10 / 3);
    assert.equal(s.q1, 3);
    assert.equal(s.q3, 3.5);
    assert.equal(s.iqr, 0.5);
    assert.equal(s.withinOneOfMedian, 1);
    assert.equal(s.consensus, "near");
    assert.equal(s.delphiConsensus, true);
  });

  it("grades two tied modes one step apart as split (the 3s-and-4s case)", () => {
    // [3,3,4,4]: modes [3,4]; range 1 but two modes → split; median (3 + 4)/2 = 3.5;
    // mean 14/4 = 3.5; q1 h = 0.75 → 3 + 0.75·0 = 3; q3 h = 2.25 → 4 + 0.25·0 = 4; iqr 1.
    // |3 − 3.5| = |4 − 3.5| = 0.5 ≤ 1 → share 4/4 = 1.
    const s = axisStatistics([4, 3, 4, 3]);
    assert.deepEqual(s.modes, [3, 4]);
    assert.equal(s.median, 3.5);
    assert.equal(s.mean, 3.5);
    assert.equal(s.q1, 3);
    assert.equal(s.q3, 4);
    assert.equal(s.iqr, 1);
    assert.equal(s.withinOneOfMedian, 1);
    assert.equal(s.consensus, "split");
    assert.equal(s.delphiConsensus, true);
  });

  it("grades a spread of two or more as split even with one mode", () => {
    // [2,3,3]: range 3 − 2 = 1 → near; [2,3,4,3]: range 4 − 2 = 2, modes [3] → split.
    assert.equal(axisStatistics([2, 3, 3]).consensus, "near");
    const s = axisStatistics([2, 3, 4, 3]);
    assert.deepEqual(s.modes, [3]);
    assert.equal(s.range, 2);
    assert.equal(s.consensus, "split");
  });

  it("computes n = 4 quartiles by interpolation (minutes 4a: some range, averaging 3)", () => {
    // [1,2,4,5]: h(q1) = 3·0.25 = 0.75 → 1 + 0.75·(2 − 1) = 1.75;
    // h(q3) = 3·0.75 = 2.25 → 4 + 0.25·(5 − 4) = 4.25; iqr 2.5 > 1 → no Delphi consensus.
    // median (2 + 4)/2 = 3; mean 12/4 = 3; all four values tie → modes [1,2,4,5];
    // |v − 3| ≤ 1 for 2 and 4 only → 2/4 = 0.5.
    const s = axisStatistics([5, 1, 4, 2]);
    assert.equal(s.q1, 1.75);
    assert.equal(s.q3, 4.25);
    assert.equal(s.iqr, 2.5);
    assert.equal(s.median, 3);
    assert.equal(s.mean, 3);
    assert.deepEqual(s.modes, [1, 2, 4, 5]);
    assert.equal(s.withinOneOfMedian, 0.5);
    assert.equal(s.range, 4);
    assert.equal(s.delphiConsensus, false);
  });

  it("computes n = 5 quartiles on order statistics (type 7, not the exclusive method)", () => {
    // [1,2,3,4,5]: h(q1) = 4·0.25 = 1 → x1 = 2; h(q3) = 4·0.75 = 3 → x3 = 4; iqr 2.
    // (The exclusive "type 6" method would give 1.5 and 4.5.)
    const s = axisStatistics([3, 5, 1, 4, 2]);
    assert.equal(s.q1, 2);
    assert.equal(s.q3, 4);
    assert.equal(s.iqr, 2);
    assert.equal(s.delphiConsensus, false);
  });

  it("can report Delphi consensus on a split round", () => {
    // [2,3,3,3,5]: q1 = x1 = 3, q3 = x3 = 3 → iqr 0 ≤ 1; range 5 − 2 = 3 → split.
    // median 3: |2 − 3| = 1 ✓, three 3s ✓, |5 − 3| = 2 ✗ → 4/5 = 0.8.
    const s = axisStatistics([5, 3, 2, 3, 3]);
    assert.equal(s.iqr, 0);
    assert.equal(s.delphiConsensus, true);
    assert.equal(s.consensus, "split");
    assert.equal(s.withinOneOfMedian, 0.8);
  });

  it("computes n = 8 quartiles by interpolation and lists three tied modes", () => {
    // [1,1,2,3,3,4,5,5]: h(q1) = 7·0.25 = 1.75 → x1 + 0.75·(x2 − x1) = 1 + 0.75·1 = 1.75;
    // h(q3) = 7·0.75 = 5.25 → x5 + 0.25·(x6 − x5) = 4 + 0.25·1 = 4.25; iqr 2.5.
    // median h = 3.5 → 3 + 0.5·(3 − 3) = 3; mean 24/8 = 3; 1, 3, 5 each twice.
    // |v − 3| ≤ 1: 2, 3, 3, 4 → 4/8 = 0.5.
    const s = axisStatistics([5, 3, 1, 4, 2, 5, 1, 3]);
    assert.equal(s.q1, 1.75);
    assert.equal(s.q3, 4.25);
    assert.equal(s.iqr, 2.5);
    assert.equal(s.median, 3);
    assert.equal(s.mean, 3);
    assert.deepEqual(s.modes, [1, 3, 5]);
    assert.equal(s.withinOneOfMedian, 0.5);
  });

  it("counts IQR exactly 1 as Delphi consensus and 1.25 as not", () => {
    // [1,3,3,4,5]: q1 = x1 = 3, q3 = x3 = 4 → iqr 1 → consensus.
    assert.equal(axisStatistics([1, 3, 3, 4, 5]).iqr, 1);
    assert.equal(axisStatistics([1, 3, 3, 4, 5]).delphiConsensus, true);
    // [2,3,4,4]: q1 h = 0.75 → 2 + 0.75·1 = 2.75; q3 h = 2.25 → 4 + 0.25·0 = 4 → iqr 1.25.
    assert.equal(axisStatistics([2, 3, 4, 4]).iqr, 1.25);
    assert.equal(axisStatistics([2, 3, 4, 4]).delphiConsensus, false);
  });

  it("keeps the raw mean of the minutes' 2.3 example", () => {
    // seven 2s and three 3s: (14 + 9)/10 = 23/10 = 2.3; median (x4 + x5)/2 = (2 + 2)/2 = 2.
    const s = axisStatistics([2, 2, 2, 2, 2, 2, 2, 3, 3, 3]);
    assert.equal(s.mean, 2.3);
    assert.equal(s.median, 2);
    assert.equal(s.consensus, "near");
  });

  it("gives an x.5 median for even n", () => {
    // [2,3]: (2 + 3)/2 = 2.5.
    assert.equal(axisStatistics([3, 2]).median, 2.5);
  });

  it("accepts any integer scale, including 0-based levels", () => {
    // [0,0,1]: median 0, mean 1/3, range 1, modes [0] → near.
    const s = axisStatistics([0, 1, 0]);
    assert.equal(s.median, 0);
    assert.equal(s.consensus, "near");
  });

  it("keeps quartiles ordered for every multiset of 1–4 votes on 1–5", () => {
    for (const votes of multisets(4, 5)) {
      const s = axisStatistics(votes);
      const ordered = [s.min, s.q1, s.median, s.q3, s.max];
      assert.deepEqual(
        [...ordered].sort((a, b) => a - b),
        ordered,
        `votes ${votes.join(",")}`,
      );
      assert.ok(s.min <= s.mean && s.mean <= s.max, `mean of ${votes.join(",")}`);
    }
  });

  describe("rejects invalid input with a ValidationError", () => {
    const cases: [string, number[], RegExp, string][] = [
      ["an empty round", [], /must not be empty/, "votes"],
      ["a fraction", [2, 2.5], /vote 1 is not an integer: 2\.5/, "votes.1"],
      ["NaN", [Number.NaN], /vote 0 is not a finite number: NaN/, "votes.0"],
      ["Infinity", [3, Infinity], /vote 1 is not a finite number: Infinity/, "votes.1"],
      ["-Infinity", [-Infinity], /not a finite number: -Infinity/, "votes.0"],
    ];
    for (const [name, votes, message, path] of cases) {
      it(`rejects ${name}`, () => {
        assert.throws(
          () => axisStatistics(votes),
          (err: unknown) =>
            err instanceof ValidationError &&
            err.code === "validation_failed" &&
            message.test(err.message) &&
            err.issues[0]?.path === path,
        );
      });
    }
  });
});

/** Every multiset of 1..maxSize votes drawn from 1..levels, ascending. */
function multisets(maxSize: number, levels: number): number[][] {
  const out: number[][] = [];
  const grow = (prefix: number[], from: number): void => {
    if (prefix.length > 0) out.push(prefix);
    if (prefix.length === maxSize) return;
    for (let v = from; v <= levels; v++) grow([...prefix, v], v);
  };
  grow([], 1);
  return out;
}
