import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Catalogue } from "../catalogue/catalogue.repository.js";
import type { Mitigation, Round, Settlement, Version } from "../model.js";
import { axisStatistics } from "../scoring/statistics.js";
import type { CheckFinding, CheckInput } from "./quality-checks.js";
import { qualityChecks, summarizeFindings } from "./quality-checks.js";
import {
  mitigation as baseMitigation,
  row,
  settlement,
} from "../../test-support/risk-factories.js";

const mitigation = (id: string, over: Partial<Mitigation> = {}): Mitigation =>
  baseMitigation(id, { rows: ["4a"], ...over });

const TODAY = "2026-03-10";

/** A revealed round whose votes give the consensus wanted on each axis. */
const round = (
  rowId: string,
  number: number,
  votes: { likelihood: number[]; impact: number[] } | null,
  over: Partial<Round> = {},
): Round => ({
  id: `r-${rowId}-${number}`,
  versionId: "v1",
  rowId,
  number,
  state: votes === null ? "open" : "revealed",
  openedBy: "facilitator",
  openedAt: `2026-02-0${number}T09:00:00Z`,
  revealedBy: votes === null ? null : "facilitator",
  revealedAt: votes === null ? null : `2026-02-0${number}T10:00:00Z`,
  stats:
    votes === null
      ? null
      : { likelihood: axisStatistics(votes.likelihood), impact: axisStatistics(votes.impact) },
  ...over,
});
const SPLIT = [2, 4];
const NEAR = [3, 4, 4];

const input = (
  over: {
    state?: Version["state"];
    defaultRule?: string;
    catalogue?: Partial<Catalogue>;
    settlements?: Settlement[];
    rounds?: Round[];
  } = {},
): CheckInput => ({
  assessment: {
    id: "a1",
    title: "WLCG tokens",
    description: "",
    methodologyId: "ttt-5x5",
    defaultRule: over.defaultRule ?? "median",
    illustrative: true,
    createdAt: "2026-01-01T00:00:00Z",
    createdBy: "security-officer",
  },
  version: {
    id: "v1",
    assessmentId: "a1",
    label: "v1.0",
    seq: 1,
    state: over.state ?? "draft",
    parentId: null,
    notes: "",
    createdAt: "2026-01-01T00:00:00Z",
    createdBy: "security-officer",
    frozenAt: null,
    releasedAt: null,
  },
  catalogue: { threats: [], workflows: [], rows: [row("4a")], mitigations: [], ...over.catalogue },
  settlements: over.settlements ?? [settlement("4a")],
  rounds: over.rounds ?? [],
  today: TODAY,
});

const codes = (f: CheckFinding[]): string[] => f.map((x) => x.code);
const only = (f: CheckFinding[], code: string): CheckFinding[] => f.filter((x) => x.code === code);

describe("qualityChecks", () => {
  it("finds nothing in a tidy version", () => {
    const f = qualityChecks(
      input({
        catalogue: {
          rows: [row("4a"), row("4z", { status: "retired" })],
          mitigations: [mitigation("M1")],
        },
        rounds: [round("4a", 1, { likelihood: NEAR, impact: NEAR })],
        settlements: [settlement("4a", { roundId: "r-4a-1", settledAt: "2026-02-01T10:05:00Z" })],
      }),
    );
    assert.deepEqual(f, []);
  });

  it("unscored-row: an active row without settlement, not a retired one", () => {
    const f = qualityChecks(
      input({ catalogue: { rows: [row("4a"), row("4b"), row("4c", { status: "retired" })] } }),
    );
    assert.deepEqual(codes(f), ["unscored-row"]);
    assert.equal(f[0]?.severity, "warning");
    assert.equal(f[0]?.rowId, "4b");
    assert.match(f[0]?.message ?? "", /4b.*settle/);
  });

  describe("split-round-unsettled", () => {
    const check = (rounds: Round[], s: Partial<Settlement>, rows = [row("4a")]): CheckFinding[] =>
      only(
        qualityChecks(input({ rounds, settlements: [settlement("4a", s)], catalogue: { rows } })),
        "split-round-unsettled",
      );

    it("fires when the latest revealed round is split and the settlement predates it", () => {
      const f = check(
        [
          round("4a", 1, { likelihood: NEAR, impact: NEAR }),
          round("4a", 2, { likelihood: NEAR, impact: SPLIT }),
        ],
        {
          roundId: "r-4a-1",
          settledAt: "2026-02-01T10:05:00Z",
          carriedFrom: "s-old",
        },
      );
      assert.equal(f.length, 1);
      assert.equal(f[0]?.roundId, "r-4a-2");
      assert.equal(f[0]?.rowId, "4a");
      assert.match(f[0]?.message ?? "", /split on impact/);
    });

    it("fires on a split likelihood, and when a later settlement references an earlier round", () => {
      const f = check(
        [
          round("4a", 1, { likelihood: NEAR, impact: NEAR }),
          round("4a", 2, { likelihood: SPLIT, impact: NEAR }),
        ],
        {
          roundId: "r-4a-1",
          settledAt: "2026-02-02T11:00:00Z",
        },
      );
      assert.match(f[0]?.message ?? "", /split on likelihood/);
    });

    it("fires when a revealed split round is followed only by an open round", () => {
      const f = check([round("4a", 1, { likelihood: SPLIT, impact: NEAR }), round("4a", 2, null)], {
        settledAt: "2026-01-15T00:00:00Z",
      });
      assert.equal(f[0]?.roundId, "r-4a-1");
    });

    it("fires when the settlement naming the split round predates its reveal", () => {
      const f = check([round("4a", 1, { likelihood: SPLIT, impact: NEAR })], {
        roundId: "r-4a-1",
        settledAt: "2026-02-01T09:59:59Z",
      });
      assert.equal(f[0]?.roundId, "r-4a-1");
    });

    it("does not fire once the split round is settled, or when only an earlier round was split", () => {
      const split = [round("4a", 1, { likelihood: SPLIT, impact: SPLIT })];
      assert.deepEqual(check(split, { roundId: "r-4a-1", settledAt: "2026-02-01T10:00:00Z" }), []);
      const resolved = [...split, round("4a", 2, { likelihood: NEAR, impact: NEAR })];
      assert.deepEqual(
        check(resolved, { roundId: "r-4a-2", settledAt: "2026-02-02T10:30:00Z" }),
        [],
      );
      const retiredRow = [row("4a", { status: "retired" })];
      assert.deepEqual(check(split, { settledAt: "2026-01-15T00:00:00Z" }, retiredRow), []);
    });
  });

  describe("override-without-reason", () => {
    const check = (s: Partial<Settlement>, defaultRule = "median"): CheckFinding[] =>
      only(
        qualityChecks(input({ defaultRule, settlements: [settlement("4a", s)] })),
        "override-without-reason",
      );

    it("fires for a facilitator decision or a non-default rule without reason, carried or not", () => {
      assert.equal(check({ rule: "facilitator", reason: null })[0]?.severity, "error");
      assert.match(
        check({ rule: "highest-mode", reason: "  " })[0]?.message ?? "",
        /"highest-mode".*"median"/,
      );
      assert.match(check({ rule: "max", carriedFrom: "s-old" })[0]?.message ?? "", /carried/);
      // a facilitator decision needs a reason even when it is the assessment's default rule
      assert.equal(check({ rule: "facilitator" }, "facilitator").length, 1);
    });

    it("does not fire for the default rule, or for an override with a reason", () => {
      assert.deepEqual(check({ rule: "median", reason: null }), []);
      assert.deepEqual(check({ rule: "facilitator", reason: "aimed high on split votes" }), []);
    });
  });

  describe("planned mitigations", () => {
    const check = (...ms: Mitigation[]): CheckFinding[] =>
      qualityChecks(input({ catalogue: { mitigations: ms } }));

    it("planned-mitigation-incomplete names what is missing", () => {
      const f = check(
        mitigation("M1", { owner: null }),
        mitigation("M2", { dueDate: null, status: "in-progress" }),
        mitigation("M3", { owner: " ", dueDate: null, status: "proposed" }),
      );
      assert.deepEqual(
        f.map((x) => [x.code, x.mitigationId]),
        [
          ["planned-mitigation-incomplete", "M1"],
          ["planned-mitigation-incomplete", "M2"],
          ["planned-mitigation-incomplete", "M3"],
        ],
      );
      assert.match(f[0]?.message ?? "", /owner/);
      assert.doesNotMatch(f[0]?.message ?? "", /due date/);
      assert.match(f[1]?.message ?? "", /due date/);
      assert.doesNotMatch(f[1]?.message ?? "", /owner/);
      assert.match(f[2]?.message ?? "", /owner and .*due date/);
    });

    it("does not flag done, rejected or current mitigations without owner or date", () => {
      const bare = { owner: null, dueDate: null };
      assert.deepEqual(
        check(
          mitigation("M1", { ...bare, status: "done" }),
          mitigation("M2", { ...bare, status: "rejected" }),
          mitigation("M3", { ...bare, kind: "current" }),
        ),
        [],
      );
    });

    it("mitigation-overdue: due before today and still open; not when due today or done", () => {
      const f = check(
        mitigation("M1", { dueDate: "2026-03-09" }),
        mitigation("M2", { dueDate: TODAY }),
        mitigation("M3", { dueDate: "2026-01-01", status: "done" }),
        mitigation("M4", { dueDate: "2026-01-01", kind: "current", status: "in-progress" }),
      );
      assert.deepEqual(
        f.map((x) => [x.code, x.severity, x.mitigationId]),
        [["mitigation-overdue", "info", "M1"]],
      );
      assert.match(f[0]?.message ?? "", /M1.*2026-03-09/);
    });
  });

  it("mitigation-unknown-row: a link to a row not in the catalogue, not to a retired one", () => {
    const f = qualityChecks(
      input({
        catalogue: {
          rows: [row("4a"), row("4e", { status: "retired" })],
          mitigations: [mitigation("M1", { rows: ["4a", "4e", "9z"] })],
        },
      }),
    );
    assert.deepEqual(
      f.map((x) => [x.code, x.rowId, x.mitigationId]),
      [["mitigation-unknown-row", "9z", "M1"]],
    );
  });

  describe("open rounds", () => {
    const rounds = [
      round("4a", 1, null),
      round("4a", 2, null, { versionId: "v0" }), // another version's round: ignored
      round("4b", 1, { likelihood: NEAR, impact: NEAR }),
    ];
    const catalogue = { rows: [row("4a"), row("4b")] };
    const settlements = [settlement("4a"), settlement("4b", { id: "s-4b" })];
    const run = (state: Version["state"], rs = rounds): CheckFinding[] =>
      qualityChecks(input({ state, rounds: rs, catalogue, settlements }));

    it("open-round reminds the facilitator in a draft version", () => {
      assert.deepEqual(
        run("draft").map((x) => [x.code, x.severity, x.roundId]),
        [["open-round", "info", "r-4a-1"]],
      );
    });

    it("released-with-open-rounds and frozen-with-open-rounds are errors", () => {
      assert.deepEqual(
        run("released").map((x) => [x.code, x.severity, x.roundId]),
        [["released-with-open-rounds", "error", "r-4a-1"]],
      );
      assert.deepEqual(codes(run("frozen")), ["frozen-with-open-rounds"]);
    });

    it("do not fire when every round of the version is revealed", () => {
      const revealed = rounds.slice(1);
      assert.deepEqual(run("released", revealed), []);
      assert.deepEqual(run("frozen", revealed), []);
      assert.deepEqual(run("draft", revealed), []);
    });
  });

  it("sorts errors, warnings, then infos, each by row in natural order", () => {
    const f = qualityChecks(
      input({
        catalogue: {
          rows: [row("TR-10"), row("TR-2"), row("4a")],
          mitigations: [
            mitigation("M1", { owner: null, rows: [] }),
            mitigation("M2", { dueDate: "2026-01-01", rows: [] }),
          ],
        },
        settlements: [settlement("4a", { rule: "facilitator" })],
        rounds: [round("TR-2", 1, null)],
      }),
    );
    assert.deepEqual(
      f.map((x) => [x.severity, x.code, x.rowId ?? x.mitigationId]),
      [
        ["error", "override-without-reason", "4a"],
        ["warning", "unscored-row", "TR-2"],
        ["warning", "unscored-row", "TR-10"],
        ["warning", "planned-mitigation-incomplete", "M1"],
        ["info", "open-round", "TR-2"],
        ["info", "mitigation-overdue", "M2"],
      ],
    );
    assert.deepEqual(summarizeFindings(f), { errors: 1, warnings: 3, infos: 2 });
  });
});

describe("summarizeFindings", () => {
  it("counts each severity separately", () => {
    const f = (severity: CheckFinding["severity"]): CheckFinding => ({
      code: "x",
      severity,
      message: "",
    });
    assert.deepEqual(
      summarizeFindings([f("info"), f("error"), f("info"), f("warning"), f("info")]),
      {
        errors: 1,
        warnings: 1,
        infos: 3,
      },
    );
    assert.deepEqual(summarizeFindings([]), { errors: 0, warnings: 0, infos: 0 });
  });
});
