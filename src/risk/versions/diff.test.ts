import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Catalogue } from "../catalogue/catalogue.repository.js";
import type { RiskRow, Settlement } from "../model.js";
import type { VersionSnapshot } from "./diff.js";
import { diffVersions, naturalCompare } from "./diff.js";
import {
  mitigation,
  row,
  settlement,
  threat,
  workflow,
} from "../../test-support/risk-factories.js";

const settled = (
  rowId: string,
  likelihood: number,
  impact: number,
  level: string,
  settledAt = "2025-01-01T00:00:00Z",
): Settlement =>
  settlement(rowId, {
    id: `s-${rowId}-${settledAt}`,
    likelihood,
    impact,
    level,
    raw: { likelihood, impact },
    settledAt,
  });

const retired = (id: string, successors: string[] = []): RiskRow =>
  row(id, { status: "retired", successors, retiredReason: "replaced" });
const splitFrom = (id: string, from: string): RiskRow =>
  row(id, { lineage: { kind: "split", from, reason: "power users differ" } });
const mergedFrom = (id: string, from: string[]): RiskRow =>
  row(id, { lineage: { kind: "merge", from, reason: "same threat" } });

const snap = (
  label: string,
  c: Partial<Catalogue> = {},
  settlements: Settlement[] = [],
): VersionSnapshot => ({
  label,
  catalogue: { threats: [], workflows: [], rows: [], mitigations: [], ...c },
  settlements,
});

describe("naturalCompare", () => {
  it("orders numbered ids by value and lettered ids alphabetically", () => {
    const ids = ["TR-10", "4e-power", "TR-2", "4b", "TR-1", "4e", "4a", "5a", "10a"];
    assert.deepEqual([...ids].sort(naturalCompare), [
      "4a",
      "4b",
      "4e",
      "4e-power",
      "5a",
      "10a",
      "TR-1",
      "TR-2",
      "TR-10",
    ]);
  });

  it("is a total order: equal only for equal strings", () => {
    assert.equal(naturalCompare("TR-2", "TR-2"), 0);
    assert.ok(naturalCompare("TR-01", "TR-1") !== 0);
    assert.equal(
      Math.sign(naturalCompare("TR-01", "TR-1")),
      -Math.sign(naturalCompare("TR-1", "TR-01")),
    );
    assert.ok(naturalCompare("TR-99999999999999999999", "TR-100000000000000000000") < 0);
  });
});

describe("diffVersions: rows", () => {
  it("reports nothing between identical versions", () => {
    const c = {
      threats: [threat("TR-4")],
      rows: [row("4a"), retired("4z")],
      mitigations: [mitigation("M1")],
    };
    const d = diffVersions(
      snap("v0.9", c, [settled("4a", 2, 3, "Medium")]),
      snap("v1.0", c, [settled("4a", 2, 3, "Medium")]),
    );
    assert.equal(d.from, "v0.9");
    assert.equal(d.to, "v1.0");
    assert.deepEqual(d.summary, {
      added: 0,
      removed: 0,
      split: 0,
      merged: 0,
      rescored: 0,
      mitigationsChanged: 0,
    });
    assert.deepEqual(d.rows.changed, []);
    assert.deepEqual(d.threats, { added: [], removed: [], changed: [] });
  });

  it("reports a plain add, and the same row as removed in the reverse diff", () => {
    const a = snap("a", { rows: [row("TR-1")] });
    const b = snap("b", { rows: [row("TR-1"), row("TR-10"), row("TR-2")] });
    const forward = diffVersions(a, b);
    const back = diffVersions(b, a);
    assert.deepEqual(forward.rows.added, ["TR-2", "TR-10"]);
    assert.deepEqual(forward.rows.removed, []);
    assert.deepEqual(back.rows.removed, forward.rows.added);
    assert.deepEqual(back.rows.added, []);
  });

  it("reports rows retired without (existing) successors as removed, not already retired ones", () => {
    const d = diffVersions(
      snap("a", { rows: [row("TR-6"), row("TR-8"), retired("TR-9"), row("TR-12")] }),
      snap("b", { rows: [retired("TR-6"), retired("TR-8", ["TR-88"]), retired("TR-9")] }),
    );
    assert.deepEqual(d.rows.removed, ["TR-6", "TR-8", "TR-12"]);
    assert.deepEqual(d.rows.split, []);
  });

  it("reports a split of 4e into ordinary and power users, not as adds and removes", () => {
    const d = diffVersions(
      snap("v0.9", { rows: [row("4a"), row("4e")] }),
      snap("v1.0", {
        rows: [
          row("4a"),
          retired("4e", ["4e-power", "4e-ordinary"]),
          splitFrom("4e-ordinary", "4e"),
          splitFrom("4e-power", "4e"),
        ],
      }),
    );
    assert.deepEqual(d.rows.split, [{ from: "4e", into: ["4e-ordinary", "4e-power"] }]);
    assert.deepEqual(d.rows.added, []);
    assert.deepEqual(d.rows.removed, []);
    assert.equal(d.summary.split, 1);
  });

  it("recognises a split from lineage alone, and reports only the direct split of a re-split", () => {
    const d = diffVersions(
      snap("a", { rows: [row("4e"), row("5e")] }),
      snap("b", {
        rows: [
          splitFrom("4e-ordinary", "4e"),
          {
            ...retired("4e-power", ["4e-power-a", "4e-power-b"]),
            lineage: { kind: "split", from: "4e", reason: "r" },
          },
          splitFrom("4e-power-a", "4e-power"),
          splitFrom("4e-power-b", "4e-power"),
          row("5e"),
        ],
      }),
    );
    assert.deepEqual(d.rows.split, [{ from: "4e", into: ["4e-ordinary", "4e-power"] }]);
    assert.deepEqual(d.rows.added, []);
    assert.deepEqual(d.rows.removed, []);
  });

  it("does not report a split that happened before the `from` version", () => {
    const rows = [
      retired("4e", ["4e-ordinary", "4e-power"]),
      splitFrom("4e-ordinary", "4e"),
      splitFrom("4e-power", "4e"),
    ];
    const d = diffVersions(snap("a", { rows }), snap("b", { rows }));
    assert.deepEqual(d.rows.split, []);
    assert.deepEqual(d.rows.added, []);
  });

  it("reports TR-4+TR-5 merged into TR-4, with TR-5 neither removed nor TR-4 added", () => {
    const d = diffVersions(
      snap("a", { rows: [row("TR-4"), row("TR-5")] }),
      snap("b", { rows: [mergedFrom("TR-4", ["TR-5", "TR-4"]), retired("TR-5", ["TR-4"])] }),
    );
    assert.deepEqual(d.rows.merged, [{ from: ["TR-4", "TR-5"], into: "TR-4" }]);
    assert.deepEqual(d.rows.removed, []);
    assert.deepEqual(d.rows.added, []);
    assert.deepEqual(d.rows.split, []);
    assert.equal(d.summary.merged, 1);
  });

  it("does not report again a merge the `from` version already had, and treats a new merged id as the merge", () => {
    const merged = [mergedFrom("TR-4", ["TR-4", "TR-5"]), retired("TR-5", ["TR-4"])];
    assert.deepEqual(
      diffVersions(snap("a", { rows: merged }), snap("b", { rows: merged })).rows.merged,
      [],
    );
    const d = diffVersions(
      snap("a", { rows: [row("TR-10"), row("TR-11")] }),
      snap("b", {
        rows: [
          retired("TR-10", ["TR-12"]),
          retired("TR-11", ["TR-12"]),
          mergedFrom("TR-12", ["TR-10", "TR-11"]),
        ],
      }),
    );
    assert.deepEqual(d.rows.merged, [{ from: ["TR-10", "TR-11"], into: "TR-12" }]);
    assert.deepEqual(d.rows.added, []);
    assert.deepEqual(d.rows.split, []);
    assert.deepEqual(d.rows.removed, []);
  });

  it("recognises a split from the retired parent's successors when they carry no lineage", () => {
    const d = diffVersions(
      snap("a", { rows: [row("5e")] }),
      snap("b", {
        rows: [retired("5e", ["5e-power", "5e-ordinary"]), row("5e-ordinary"), row("5e-power")],
      }),
    );
    assert.deepEqual(d.rows.split, [{ from: "5e", into: ["5e-ordinary", "5e-power"] }]);
    assert.deepEqual(d.rows.added, []);
  });

  it("reports a row retired in favour of an existing row as removed, not split", () => {
    const d = diffVersions(
      snap("a", { rows: [row("4a"), row("4f")] }),
      snap("b", { rows: [row("4a"), retired("4f", ["4a"])] }),
    );
    assert.deepEqual(d.rows.split, []);
    assert.deepEqual(d.rows.removed, ["4f"]);
  });

  it("reports a row merged from rows already retired in `from` as added, not as a merge", () => {
    const d = diffVersions(
      snap("a", { rows: [retired("TR-8"), retired("TR-9")] }),
      snap("b", {
        rows: [retired("TR-8"), retired("TR-9"), mergedFrom("TR-13", ["TR-8", "TR-9"])],
      }),
    );
    assert.deepEqual(d.rows.merged, []);
    assert.deepEqual(d.rows.added, ["TR-13"]);
  });

  it("lists changed row fields in a fixed order and ignores position", () => {
    const d = diffVersions(
      snap("a", { rows: [row("4b", { notes: "old", position: 1 }), row("4a", { variant: null })] }),
      snap("b", {
        rows: [
          row("4b", { notes: "new", threatId: "TR-5", position: 9 }),
          row("4a", { variant: "power" }),
        ],
      }),
    );
    assert.deepEqual(d.rows.changed, [
      { id: "4a", changes: [{ field: "variant", before: null, after: "power" }] },
      {
        id: "4b",
        changes: [
          { field: "threatId", before: "TR-4", after: "TR-5" },
          { field: "notes", before: "old", after: "new" },
        ],
      },
    ]);
  });
});

describe("diffVersions: scores", () => {
  it("reports rescored, newly scored and unscored rows in natural order, not unchanged ones", () => {
    const rows = [row("TR-1"), row("TR-2"), row("TR-10"), row("4a"), row("4b"), retired("4z")];
    const d = diffVersions(
      snap("a", { rows }, [
        settled("TR-1", 2, 3, "Medium"),
        settled("TR-10", 3, 3, "Medium"),
        settled("4a", 2, 2, "Low"),
        settled("4b", 4, 4, "High"),
        settled("4z", 1, 1, "Low"),
      ]),
      snap("b", { rows }, [
        settled("TR-1", 3, 4, "High"),
        settled("TR-2", 2, 2, "Low"),
        settled("4a", 2, 3, "Medium", "2024-01-01T00:00:00Z"), // older: not current
        settled("4a", 2, 2, "Low"),
        settled("4b", 4, 4, "High", "2025-02-01T00:00:00Z"),
        settled("4b", 1, 1, "Low", "2024-01-01T00:00:00Z"), // older: not current
      ]),
    );
    assert.deepEqual(d.scores, [
      {
        rowId: "TR-1",
        before: { likelihood: 2, impact: 3, level: "Medium" },
        after: { likelihood: 3, impact: 4, level: "High" },
      },
      { rowId: "TR-2", before: null, after: { likelihood: 2, impact: 2, level: "Low" } },
      { rowId: "TR-10", before: { likelihood: 3, impact: 3, level: "Medium" }, after: null },
    ]);
    assert.equal(d.summary.rescored, 3);
  });

  it("reports a level change alone, and scores of split successors as newly scored", () => {
    const d = diffVersions(
      snap("a", { rows: [row("4a"), row("4e")] }, [
        settled("4a", 2, 3, "Medium"),
        settled("4e", 2, 3, "Medium"),
      ]),
      snap("b", { rows: [row("4a"), retired("4e", ["4e-power"]), splitFrom("4e-power", "4e")] }, [
        settled("4a", 2, 3, "High"),
        settled("4e", 2, 3, "Medium"),
        settled("4e-power", 3, 4, "High"),
      ]),
    );
    assert.deepEqual(
      d.scores.map((s) => s.rowId),
      ["4a", "4e-power"],
    );
    assert.equal(d.scores[0]?.after?.level, "High");
  });
});

describe("diffVersions: threats, workflows, mitigations", () => {
  it("compares threat fields but not position, and counts mitigation text edits", () => {
    const d = diffVersions(
      snap("a", {
        threats: [
          threat("TR-1", { title: "overload", position: 1 }),
          threat("TR-3"),
          threat("TR-4"),
          threat("TR-6"),
        ],
      }),
      snap("b", {
        threats: [
          threat("TR-1", { title: "performance issue", position: 5 }),
          threat("TR-3", { plannedMitigations: "scope review", currentMitigations: "audit" }),
          threat("TR-4", { assets: ["digital identities", "storage"] }),
          threat("TR-7"),
        ],
      }),
    );
    assert.deepEqual(d.threats.added, ["TR-7"]);
    assert.deepEqual(d.threats.removed, ["TR-6"]);
    assert.deepEqual(d.threats.changed, [
      { id: "TR-1", changes: [{ field: "title", before: "overload", after: "performance issue" }] },
      {
        id: "TR-3",
        changes: [
          { field: "currentMitigations", before: "", after: "audit" },
          { field: "plannedMitigations", before: "", after: "scope review" },
        ],
      },
      {
        id: "TR-4",
        changes: [
          {
            field: "assets",
            before: ["digital identities"],
            after: ["digital identities", "storage"],
          },
        ],
      },
    ]);
    assert.equal(d.summary.mitigationsChanged, 1); // TR-3 counted once for both texts
  });

  it("compares workflows, ignoring position", () => {
    const d = diffVersions(
      snap("a", { workflows: [workflow("a"), workflow("e"), workflow("f", { position: 1 })] }),
      snap("b", {
        workflows: [
          workflow("a", { lifetime: "long" }),
          workflow("f", { position: 2 }),
          workflow("g"),
        ],
      }),
    );
    assert.deepEqual(d.workflows, {
      added: ["g"],
      removed: ["e"],
      changed: [{ id: "a", changes: [{ field: "lifetime", before: "short", after: "long" }] }],
    });
  });

  it("compares mitigations field by field, treating linked rows as a set", () => {
    const d = diffVersions(
      snap("a", {
        mitigations: [
          mitigation("M1", { rows: ["4a", "4b"] }),
          mitigation("M2"),
          mitigation("M10", { title: "Revocation" }),
        ],
      }),
      snap("b", {
        mitigations: [
          mitigation("M1", { rows: ["4b", "4a"] }),
          mitigation("M10", { title: "Token revocation", status: "done", owner: null }),
          mitigation("M3"),
        ],
      }),
    );
    assert.deepEqual(d.mitigations.added, ["M3"]);
    assert.deepEqual(d.mitigations.removed, ["M2"]);
    assert.deepEqual(d.mitigations.changed, [
      {
        id: "M10",
        changes: [
          { field: "title", before: "Revocation", after: "Token revocation" },
          { field: "status", before: "planned", after: "done" },
          { field: "owner", before: "iam-developer", after: null },
        ],
      },
    ]);
    assert.equal(d.summary.mitigationsChanged, 3);
  });
});
