/**
 * The catalogue of the example assessment: workflows a–f, threats TR-1 … TR-11, their rows, and
 * the v1.0 changes to them (splits, threat notes). Wording follows docs/risk-method.md; where the
 * public minutes say nothing, the text says so or stays generic. Pure data: no I/O.
 */
import type { ThreatInput, WorkflowInput } from "../catalogue/catalogue.service.js";
import type { ExampleRow, ExampleSplit } from "./example-data.js";

const NOT_STATED = "not stated in the public minutes";
const NOT_DETAILED = "Not detailed in the public minutes.";

/** The six workflows "at the time" (the minutes add that they "might not be all"). */
export const EXAMPLE_WORKFLOWS: readonly WorkflowInput[] = [
  {
    id: "a",
    name: "FTS, narrowly scoped long-lived tokens",
    description: "Transfers managed by FTS with narrowly scoped, long-lived tokens.",
    lifetime: "long-lived",
    scopeBreadth: "narrow",
    refreshExchange: NOT_STATED,
    holder: "FTS",
  },
  {
    id: "b",
    name: "FTS, exchanged and refreshed tokens",
    description:
      "Transfers managed by FTS with exchanged and refreshed tokens; a privileged client refreshes them.",
    lifetime: "short-lived, refreshed",
    scopeBreadth: "broad: storage.modify is currently needed",
    refreshExchange: "token exchange; refreshed by a privileged client",
    holder: "FTS (privileged client)",
  },
  {
    id: "c",
    name: "Grid jobs with long-lived tokens",
    description: "Grid jobs that carry long-lived tokens.",
    lifetime: "long-lived",
    scopeBreadth: NOT_STATED,
    refreshExchange: NOT_STATED,
    holder: "grid job",
  },
  {
    id: "d",
    name: "Grid jobs with short-lived tokens",
    description:
      "Grid jobs that carry short-lived tokens; scopes may be broad, some communities use very narrow ones.",
    lifetime: "short-lived",
    scopeBreadth: "may be broad; some communities use very narrow scopes",
    refreshExchange: NOT_STATED,
    holder: "grid job",
  },
  {
    id: "e",
    name: "User data management",
    description:
      "Users managing their data with tokens (the voms-proxy-init equivalent). Later split into ordinary users and power users.",
    lifetime: NOT_STATED,
    scopeBreadth: NOT_STATED,
    refreshExchange: NOT_STATED,
    holder: "user",
  },
  {
    id: "f",
    name: "User job submission",
    description:
      "Users submitting jobs with tokens. Later split into ordinary users and power users.",
    lifetime: NOT_STATED,
    scopeBreadth: NOT_STATED,
    refreshExchange: NOT_STATED,
    holder: "user",
  },
];

const placeholder = (n: number): ThreatInput => ({
  id: `TR-${n}`,
  title: `TR-${n} (name not public — placeholder)`,
  description:
    "Placeholder: the working group's catalogue has a threat with this number, but its name is " +
    "not in the public minutes. Its scores in this example are illustrative only.",
  vulnerability: NOT_DETAILED,
  currentMitigations: NOT_DETAILED,
  plannedMitigations: NOT_DETAILED,
  placeholder: true,
  notes: "Placeholder kept so that the threat numbers stay as in the minutes.",
});

/** TR-1 … TR-11; numbers stay stable even after merges and removals. */
export const EXAMPLE_THREATS: readonly ThreatInput[] = [
  {
    id: "TR-1",
    title: "Token/AAI service unavailable",
    description:
      "The token issuer (AAI service) is unavailable: a denial of service, which may also be " +
      "accidental, e.g. a performance issue.",
    vulnerability: "Every token workflow depends on the issuer to obtain or refresh tokens.",
    assets: ["token/AAI service", "all token workflows"],
    currentMitigations: "Operation and monitoring of the token service as a production service.",
    plannedMitigations: "Alerting on performance issues of the token service.",
    notes: 'The cause first called "overload" was renamed "performance issue".',
  },
  placeholder(2),
  {
    id: "TR-3",
    title: "Privilege escalation",
    description:
      "An identity or client obtains more privileges than it should, including through a " +
      "misconfigured AAI server.",
    vulnerability: "Misconfiguration of the AAI server's group and scope policies.",
    assets: ["authorisation", "resources", "data"],
    currentMitigations: "Review of the AAI configuration by its operators.",
    plannedMitigations: NOT_DETAILED,
  },
  {
    id: "TR-4",
    title: "Token theft or leak",
    description:
      "A token is stolen or leaks and is used by someone else; for example, tokens leaked into FTS logs.",
    vulnerability:
      "Bearer tokens work for whoever holds them, and access tokens cannot be revoked before they expire.",
    assets: ["digital identities"],
    currentMitigations: "Limited token lifetimes and scopes, where the workflow allows.",
    plannedMitigations: "Keep tokens out of service logs.",
    perWorkflow: true,
  },
  {
    id: "TR-5",
    title: "Misuse of resources from a single identity with no revocation channel",
    description:
      "A single identity misuses resources, including writing illegal data, or a compromised " +
      "account is used through legitimate flows, and there is no channel to revoke that one identity.",
    vulnerability:
      "No revocation channel for a single identity: the only recourse is often to ban the whole VO.",
    assets: ["resources", "storage"],
    currentMitigations: "Banning the whole VO at the affected sites.",
    plannedMitigations: "Ban one identity or one token without banning the VO.",
    perWorkflow: true,
  },
  placeholder(6),
  {
    id: "TR-7",
    title: "Communities not using available features",
    description: "Communities do not use the security features that already exist.",
    vulnerability: "Available features (e.g. narrowly scoped tokens) are optional.",
    assets: ["resources", "data"],
    currentMitigations: "Some communities already use very narrow scopes.",
    plannedMitigations: "Promote and document the existing features.",
  },
  placeholder(8),
  placeholder(9),
  {
    id: "TR-10",
    title: "VO-centric threats",
    description:
      "Threats centred on a virtual organisation (VO); details are not in the public minutes.",
    vulnerability: NOT_DETAILED,
    assets: ["VO"],
    currentMitigations: NOT_DETAILED,
    plannedMitigations: NOT_DETAILED,
  },
  {
    id: "TR-11",
    title: "Site-centric threats",
    description: "Threats centred on a site; details are not in the public minutes.",
    vulnerability: NOT_DETAILED,
    assets: ["site"],
    currentMitigations: NOT_DETAILED,
    plannedMitigations: NOT_DETAILED,
  },
];

const WORKFLOW_IDS = ["a", "b", "c", "d", "e", "f"] as const;
const ROW_NOTES: Readonly<Record<string, string>> = {
  "TR-1": 'Includes accidental unavailability ("performance issue").',
  "4a": "Disparity in likelihood discussed before settling on 2; impact votes ranged, averaging 3.",
  "4b": "Split of 3s and 4s for impact; discussion convinced others up to 4 (re-vote).",
  "4d": "Scopes differ by community; scored for the broad-scope case.",
};

const withNotes = (r: ExampleRow): ExampleRow => {
  const notes = ROW_NOTES[r.id];
  return notes === undefined ? r : { ...r, notes };
};

/** Generic rows, except TR-4 and TR-5, which are "unique to workflows": 4a–4f, 5a–5f. */
export const EXAMPLE_ROWS: readonly ExampleRow[] = EXAMPLE_THREATS.flatMap((t) => {
  const num = t.id.replace(/^TR-/, "");
  return t.perWorkflow === true
    ? WORKFLOW_IDS.map((w) => withNotes({ id: `${num}${w}`, threat: t.id, workflow: w }))
    : [withNotes({ id: t.id, threat: t.id })];
});

const POWER_USERS = "Power users hold more, and more broadly scoped, tokens than ordinary users.";

/** v1.0: "e and f were later split into ordinary users and power users". */
export const EXAMPLE_SPLITS_V10: readonly ExampleSplit[] = [
  {
    row: "4e",
    reason: POWER_USERS,
    into: [
      {
        id: "4e-ordinary",
        variant: "ordinary users",
        notes: "User data management, ordinary users.",
      },
      { id: "4e-power", variant: "power users", notes: "User data management, power users." },
    ],
  },
  {
    row: "4f",
    reason: POWER_USERS,
    into: [
      {
        id: "4f-ordinary",
        variant: "ordinary users",
        notes: "User job submission, ordinary users.",
      },
      { id: "4f-power", variant: "power users", notes: "User job submission, power users." },
    ],
  },
];

const MERGE_PROPOSED =
  "Merging TR-4 and TR-5 was proposed; not applied in v1.0, the rows stay separate.";

/** v1.0 edits of threats (only the fields given change). */
export const EXAMPLE_THREAT_UPDATES_V10: readonly ThreatInput[] = [
  { id: "TR-4", title: "Token theft or leak", notes: MERGE_PROPOSED },
  {
    id: "TR-5",
    title: "Misuse of resources from a single identity with no revocation channel",
    notes: MERGE_PROPOSED,
  },
  {
    id: "TR-1",
    title: "Token/AAI service unavailable",
    plannedMitigations:
      "Alerting on performance issues of the token service; a documented fallback when the issuer is down.",
  },
];
