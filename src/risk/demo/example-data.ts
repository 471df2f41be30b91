/**
 * The example data set ("ttt demo", and loaded on the first start of an empty store): an
 * assessment of WLCG token workflows reconstructed from the public minutes of the Token Trust &
 * Traceability working group, as docs/risk-method.md describes it.
 *
 * Everything here is illustrative. The catalogue follows the minutes; the individual votes and
 * scores are invented to reproduce the spreads the minutes mention (disparity on 4a, a split of
 * 3s and 4s moved up to 4, TR-1 averages of 2.5 and 3.5, 4e power users moved up from 2.3 to 3,
 * no final score of 1 or 5). Voters are roles, never people. Pure data: no I/O.
 */
import type { Role } from "../../accounts/index.js";
import type { Confidence } from "../model.js";
import type { SettlementRule } from "../scoring/settlement.js";
import type {
  MitigationInput,
  ThreatInput,
  WorkflowInput,
} from "../catalogue/catalogue.service.js";
import {
  EXAMPLE_ROWS,
  EXAMPLE_SPLITS_V10,
  EXAMPLE_THREAT_UPDATES_V10,
  EXAMPLE_THREATS,
  EXAMPLE_WORKFLOWS,
} from "./example-catalogue.js";
import { EXAMPLE_MITIGATIONS_V09, EXAMPLE_MITIGATIONS_V10 } from "./example-mitigations.js";
import { EXAMPLE_SCRIPT_V09, EXAMPLE_SCRIPT_V10 } from "./example-votes.js";

/** The six voting roles; the example never names a real person from the minutes. */
export const VOTER_ROLES = [
  "site-admin-1",
  "site-admin-2",
  "iam-developer",
  "security-officer",
  "fts-operator",
  "vo-representative",
] as const;
export type VoterRole = (typeof VOTER_ROLES)[number];

/** An account the loader creates (without a password, so it cannot log in). */
export interface ExampleAccount {
  name: string;
  role: Role;
  displayName: string;
}

export interface ExampleAssessment {
  id: string;
  title: string;
  description: string;
  methodology: string;
  defaultRule: SettlementRule;
  firstVersion: string;
}

/** A row to add: generic (no workflow) or one workflow of a per-workflow threat. */
export interface ExampleRow {
  id: string;
  threat: string;
  workflow?: string;
  notes?: string;
}

export interface ExampleVote {
  voter: VoterRole;
  likelihood: number;
  impact: number;
  confidence?: Confidence;
  note?: string;
}

/** One hidden-voting round: every vote is cast, then the facilitator reveals. */
export interface ExampleRound {
  votes: readonly ExampleVote[];
}

/** How the facilitator settles the row after its last round; absent fields use the defaults. */
export interface ExampleSettlement {
  rule?: SettlementRule;
  likelihood?: number;
  impact?: number;
  reason?: string;
}

/** Everything that happens to one row in one version: its rounds, then its settlement. */
export interface ExampleRowScript {
  row: string;
  rounds: readonly ExampleRound[];
  settle: ExampleSettlement;
}

export interface ExampleSplit {
  row: string;
  reason: string;
  into: readonly { id: string; variant: string; notes: string }[];
}

/** The second version: created from the frozen first one and left as a draft. */
export interface ExampleFollowUp {
  label: string;
  notes: string;
  splits: readonly ExampleSplit[];
  script: readonly ExampleRowScript[];
  threatUpdates: readonly ThreatInput[];
  mitigations: readonly MitigationInput[];
}

export interface ExampleDataSet {
  assessment: ExampleAssessment;
  facilitator: ExampleAccount;
  voters: readonly ExampleAccount[];
  workflows: readonly WorkflowInput[];
  threats: readonly ThreatInput[];
  rows: readonly ExampleRow[];
  /** The first version (v0.9, preliminary): scored completely, then frozen. */
  first: { script: readonly ExampleRowScript[]; mitigations: readonly MitigationInput[] };
  followUp: ExampleFollowUp;
}

const VOTER_NAMES: Record<VoterRole, string> = {
  "site-admin-1": "Site administrator 1 (example role)",
  "site-admin-2": "Site administrator 2 (example role)",
  "iam-developer": "IAM developer (example role)",
  "security-officer": "Security officer (example role)",
  "fts-operator": "FTS operator (example role)",
  "vo-representative": "VO representative (example role)",
};

/** The example assessment, clearly labelled as a reconstruction and not the group's numbers. */
export const EXAMPLE_ASSESSMENT: ExampleAssessment = {
  id: "wlcg-token-workflows",
  title: "WLCG token workflows — illustrative reconstruction from public minutes",
  description:
    "An illustrative example, reconstructed from the public minutes of the WLCG Token Trust & " +
    "Traceability working group. The catalogue of threats and workflows follows the minutes; " +
    "the votes and scores are illustrative and are NOT the working group's results. Voter " +
    "names are roles, not people. TR-2, TR-6, TR-8 and TR-9 are placeholders because their " +
    "names are not public. Alignment with an existing framework was deferred to v1.1.",
  methodology: "ttt-5x5",
  defaultRule: "highest-mode",
  firstVersion: "v0.9",
};

/** The whole data set the loader replays through the services. */
export const EXAMPLE_DATA: ExampleDataSet = {
  assessment: EXAMPLE_ASSESSMENT,
  facilitator: {
    name: "wg-facilitator",
    role: "facilitator",
    displayName: "Working-group facilitator (example role)",
  },
  voters: VOTER_ROLES.map((name) => ({ name, role: "assessor", displayName: VOTER_NAMES[name] })),
  workflows: EXAMPLE_WORKFLOWS,
  threats: EXAMPLE_THREATS,
  rows: EXAMPLE_ROWS,
  first: { script: EXAMPLE_SCRIPT_V09, mitigations: EXAMPLE_MITIGATIONS_V09 },
  followUp: {
    label: "v1.0",
    notes:
      "Draft started from v0.9: 4e and 4f split into ordinary and power users and re-voted; " +
      "TR-1 revisited (the v0.9 averages 2.5 and 3.5 moved to whole numbers); merging TR-4 " +
      "and TR-5 was proposed but not applied; mitigations updated. Alignment with an existing " +
      "framework deferred to v1.1.",
    splits: EXAMPLE_SPLITS_V10,
    script: EXAMPLE_SCRIPT_V10,
    threatUpdates: EXAMPLE_THREAT_UPDATES_V10,
    mitigations: EXAMPLE_MITIGATIONS_V10,
  },
};
