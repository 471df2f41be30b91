/**
 * The mitigations of the example assessment: those of v0.9 and the changes made in v1.0. A few
 * are current, most are planned with an owner, a due date and an effort; two low-effort ones sit
 * on High rows ("make sure low-hanging fruit gets implemented"), and M-7 has no owner on purpose
 * so that the quality checks have something to show. Pure data: no I/O.
 */
import type { MitigationInput } from "../catalogue/catalogue.service.js";

const TR5_ROWS = ["5a", "5b", "5c", "5d", "5e", "5f"];

/** Mitigations of v0.9; M-7 deliberately has no owner, so the quality check has a finding. */
export const EXAMPLE_MITIGATIONS_V09: readonly MitigationInput[] = [
  {
    id: "M-1",
    title: "Narrowly scoped tokens for FTS transfers",
    kind: "current",
    owner: "fts-operator",
    effort: "low",
    rows: ["4a", "5a"],
  },
  {
    id: "M-2",
    title: "Short-lived access tokens for grid jobs",
    kind: "current",
    owner: "iam-developer",
    effort: "low",
    rows: ["4d", "5d"],
  },
  {
    id: "M-3",
    title: "Ban the whole VO at the sites",
    description: "Today often the only recourse against one misbehaving identity.",
    kind: "current",
    owner: "security-officer",
    effort: "low",
    rows: TR5_ROWS,
  },
  {
    id: "M-4",
    title: "Keep tokens out of FTS logs",
    description: "Low-hanging fruit: redact tokens before they are written to FTS logs.",
    kind: "planned",
    status: "planned",
    owner: "fts-operator",
    dueDate: "2027-03-31",
    effort: "low",
    rows: ["4a", "4b"],
  },
  {
    id: "M-5",
    title: "Ban one identity or one token without banning the VO",
    kind: "planned",
    status: "planned",
    owner: "security-officer",
    dueDate: "2027-12-31",
    effort: "high",
    rows: TR5_ROWS,
  },
  {
    id: "M-6",
    title: "Alerting on performance issues of the token service",
    kind: "planned",
    status: "planned",
    owner: "iam-developer",
    dueDate: "2027-06-30",
    effort: "medium",
    rows: ["TR-1"],
  },
  {
    id: "M-7",
    title: "Remove the need for storage.modify in the FTS refresh client",
    kind: "planned",
    status: "proposed",
    dueDate: "2027-12-31",
    effort: "high",
    rows: ["4b", "5b"],
  },
  {
    id: "M-8",
    title: "Promote the existing token security features to communities",
    description: "Low-hanging fruit: documentation and a short talk to each community.",
    kind: "planned",
    status: "planned",
    owner: "vo-representative",
    dueDate: "2027-03-31",
    effort: "low",
    rows: ["TR-7"],
  },
  {
    id: "M-9",
    title: "Guidance on handling tokens for users",
    kind: "planned",
    status: "planned",
    owner: "security-officer",
    dueDate: "2027-06-30",
    effort: "medium",
    rows: ["4e", "4f"],
  },
];

/** v1.0 mitigation changes: progress on M-4, M-9 relinked to the split rows, a new M-10. */
export const EXAMPLE_MITIGATIONS_V10: readonly MitigationInput[] = [
  {
    id: "M-4",
    title: "Keep tokens out of FTS logs",
    kind: "planned",
    status: "in-progress",
  },
  {
    id: "M-9",
    title: "Guidance on handling tokens for users",
    kind: "planned",
    rows: ["4e-ordinary", "4e-power", "4f-ordinary", "4f-power"],
  },
  {
    id: "M-10",
    title: "Shorter lifetimes and narrower scopes for power users' tokens",
    kind: "planned",
    status: "proposed",
    owner: "iam-developer",
    dueDate: "2027-12-31",
    effort: "medium",
    rows: ["4e-power", "4f-power"],
  },
];
