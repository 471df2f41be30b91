/**
 * The voting script of the example assessment: per row, its rounds of hidden votes and how the
 * facilitator settled it. The numbers are invented, but shaped like the spreads the public
 * minutes describe, so that the statistics, the settlement rules and the reports have something
 * realistic to show. The assessment's rule is highest-mode ("aim high on split votes"). Pure
 * data: no I/O.
 */
import type { ExampleRound, ExampleRowScript, ExampleVote, VoterRole } from "./example-data.js";

/** The order in which each `round(...)` lists the six votes. */
const ORDER = [
  "site-admin-1",
  "site-admin-2",
  "iam-developer",
  "security-officer",
  "fts-operator",
  "vo-representative",
] as const satisfies readonly VoterRole[];

type Six = readonly [number, number, number, number, number, number];
type Extra = Pick<ExampleVote, "confidence" | "note">;

/** One round: likelihood and impact votes in ORDER, plus optional confidence or notes. */
function round(
  likelihood: Six,
  impact: Six,
  extra: Partial<Record<VoterRole, Extra>> = {},
): ExampleRound {
  return {
    votes: ORDER.map((voter, i) => ({
      voter,
      likelihood: likelihood[i] ?? 0,
      impact: impact[i] ?? 0,
      ...extra[voter],
    })),
  };
}

/** v0.9 (preliminary): every row voted and settled, then the version is frozen. */
export const EXAMPLE_SCRIPT_V09: readonly ExampleRowScript[] = [
  {
    row: "TR-1",
    rounds: [round([2, 3, 2, 3, 2, 3], [3, 4, 3, 4, 4, 3])],
    settle: {
      rule: "mean",
      reason:
        "Preliminary: recorded the averages (likelihood 2.5, impact 3.5) as the spreadsheet did, " +
        "rounded half up; to be revisited.",
    },
  },
  { row: "TR-2", rounds: [round([2, 2, 3, 2, 2, 2], [3, 3, 3, 2, 3, 3])], settle: {} },
  {
    row: "TR-3",
    rounds: [
      round([2, 1, 2, 3, 2, 2], [4, 4, 5, 4, 3, 4], {
        "iam-developer": {
          note: "A misconfigured AAI server would affect every community it serves.",
        },
      }),
    ],
    settle: { reason: "The single 1 and the single 5 averaged out." },
  },
  {
    row: "4a",
    rounds: [
      round([1, 2, 2, 4, 2, 3], [2, 3, 4, 3, 3, 3], {
        "security-officer": {
          note: "Tokens leaked into FTS logs stay valid for a long time here.",
        },
        "site-admin-1": { confidence: "low" },
      }),
    ],
    settle: {
      reason:
        "Disparity in likelihood (1 to 4) discussed; settled on 2. Impact ranged 2–4, averaging 3.",
    },
  },
  {
    row: "4b",
    rounds: [
      round([2, 3, 3, 2, 3, 3], [3, 3, 3, 4, 4, 4], {
        "fts-operator": { note: "The refreshing client needs storage.modify." },
      }),
      round([3, 3, 3, 2, 3, 3], [4, 4, 4, 4, 3, 4]),
    ],
    settle: {
      reason:
        "Round 1 was a split of 3s and 4s for impact; discussion convinced others up to 4 (re-vote).",
    },
  },
  { row: "4c", rounds: [round([3, 3, 4, 3, 2, 3], [4, 3, 4, 4, 4, 3])], settle: {} },
  {
    row: "4d",
    rounds: [
      round([2, 2, 1, 3, 2, 4], [3, 4, 3, 4, 2, 3], {
        "vo-representative": { note: "Our community uses very narrow scopes.", confidence: "high" },
      }),
    ],
    settle: {
      rule: "facilitator",
      likelihood: 2,
      impact: 4,
      reason:
        "Impact votes differed between communities with very narrow scopes (3) and broad scopes (4); " +
        "the group agreed to score the broad-scope case.",
    },
  },
  { row: "4e", rounds: [round([3, 2, 3, 3, 2, 3], [3, 3, 2, 3, 3, 4])], settle: {} },
  { row: "4f", rounds: [round([3, 3, 2, 3, 4, 3], [3, 3, 3, 2, 3, 3])], settle: {} },
  { row: "5a", rounds: [round([2, 2, 1, 2, 3, 2], [3, 3, 3, 4, 3, 2])], settle: {} },
  {
    row: "5b",
    rounds: [round([2, 3, 2, 2, 3, 2], [4, 4, 3, 4, 5, 4])],
    settle: { reason: "The single 5 averaged out." },
  },
  { row: "5c", rounds: [round([3, 3, 2, 3, 3, 4], [4, 4, 4, 3, 4, 4])], settle: {} },
  { row: "5d", rounds: [round([2, 2, 3, 2, 2, 1], [3, 4, 3, 3, 3, 4])], settle: {} },
  {
    row: "5e",
    rounds: [
      round([3, 2, 3, 3, 2, 3], [4, 3, 4, 4, 3, 4], {
        "security-officer": { note: "Includes writing illegal data to storage." },
      }),
    ],
    settle: {},
  },
  {
    row: "5f",
    rounds: [
      round([3, 3, 3, 4, 2, 3], [3, 4, 3, 3, 3, 3], {
        "site-admin-2": { note: "A compromised account used through legitimate flows." },
      }),
    ],
    settle: {},
  },
  { row: "TR-6", rounds: [round([2, 2, 2, 3, 2, 2], [2, 3, 3, 3, 3, 2])], settle: {} },
  {
    row: "TR-7",
    rounds: [round([4, 5, 4, 3, 4, 4], [3, 2, 3, 3, 1, 3])],
    settle: { reason: "The 5 for likelihood and the 1 for impact averaged out." },
  },
  { row: "TR-8", rounds: [round([3, 3, 2, 3, 3, 3], [2, 2, 2, 3, 2, 2])], settle: {} },
  { row: "TR-9", rounds: [round([2, 2, 2, 2, 3, 2], [2, 3, 2, 2, 2, 2])], settle: {} },
  {
    row: "TR-10",
    rounds: [
      round([1, 2, 2, 2, 1, 2], [5, 4, 4, 3, 4, 5], { "security-officer": { confidence: "low" } }),
    ],
    settle: { reason: "High impact but low likelihood: the 1s and 5s averaged out." },
  },
  {
    row: "TR-11",
    rounds: [round([2, 3, 3, 2, 3, 2], [3, 3, 2, 3, 3, 3])],
    settle: { reason: "Likelihood split evenly between 2 and 3: we aimed high on the split vote." },
  },
];

/** v1.0 (draft): the split rows voted afresh and TR-1 revisited. */
export const EXAMPLE_SCRIPT_V10: readonly ExampleRowScript[] = [
  {
    row: "TR-1",
    rounds: [round([3, 3, 3, 2, 3, 3], [3, 3, 4, 3, 3, 3])],
    settle: {
      reason: "Revisited: the v0.9 averages 2.5 and 3.5 moved to whole numbers after discussion.",
    },
  },
  { row: "4e-ordinary", rounds: [round([2, 2, 3, 2, 2, 2], [3, 3, 3, 2, 3, 3])], settle: {} },
  {
    row: "4e-power",
    rounds: [
      round([2, 2, 3, 2, 3, 2], [4, 3, 4, 4, 3, 4]),
      round([3, 3, 3, 2, 3, 3], [4, 4, 4, 3, 4, 4], {
        "iam-developer": { note: "A stolen power-user token can do more." },
      }),
    ],
    settle: {
      reason: "Likelihood moved up from 2.3 (round 1 mean) to 3 after discussion and a re-vote.",
    },
  },
  { row: "4f-ordinary", rounds: [round([2, 3, 2, 2, 3, 2], [3, 2, 3, 3, 3, 2])], settle: {} },
  {
    row: "4f-power",
    rounds: [round([3, 3, 4, 3, 3, 2], [4, 4, 3, 4, 4, 5])],
    settle: { reason: "The single 5 for impact averaged out." },
  },
];
