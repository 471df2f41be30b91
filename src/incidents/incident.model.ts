/**
 * Incidents (issue 9): the response case file. Pure types and the EGI CSIRT procedure clock;
 * no I/O. An incident moves forward only: open → contained → resolved → closed.
 */
export const TLPS = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"] as const;
export type Tlp = (typeof TLPS)[number];

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const INCIDENT_STATES = ["open", "contained", "resolved", "closed"] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export interface Identity {
  iss: string;
  sub: string;
}

/**
 * A token linked to the case from its claims (the inspector's "add to incident"): who it names
 * and which workflow it belongs to, so the case shows that workflow's playbook. Never the token.
 */
export interface IncidentToken {
  iss: string;
  sub: string | null;
  jti: string | null;
  clientId: string | null;
  /** Its exp, epoch seconds, when known. */
  exp: number | null;
  /** The catalogue workflow it most likely belongs to (inspection's guess), if any. */
  workflow: string | null;
  addedAt: string;
  addedBy: string;
}

export interface Incident {
  id: string;
  title: string;
  tlp: Tlp;
  severity: Severity;
  state: IncidentState;
  summary: string | null;
  affectedSites: string[];
  affectedIdentities: Identity[];
  tokens: IncidentToken[];
  /** What the case taught, written before closure; the report's last section. */
  lessonsLearned: string | null;
  discoveredAt: string;
  /** Reported to the EGI CSIRT (due 4 h after discovery). */
  reportedAt: string | null;
  containedAt: string | null;
  resolvedAt: string | null;
  /** The closure report sent (due 1 month after resolution). */
  closureReportAt: string | null;
  closedAt: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export const ACTION_KINDS = [
  "created",
  "note",
  "state",
  "reported",
  "closure-report",
  "ban",
  "lift",
  "trace",
  "ingest",
  "export",
  "token",
  "star",
  "playbook",
  "lessons",
  "affected",
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** One line of the append-only action log. */
export interface IncidentAction {
  at: string;
  actor: string;
  kind: ActionKind;
  text: string;
  /** What it is about: a ban id, a state … */
  ref: string | null;
}

/** A trace saved into the incident: its query and what it found then. */
export interface SavedTrace {
  id: string;
  createdAt: string;
  actor: string;
  query: Record<string, unknown>;
  summary: Record<string, unknown>;
}

export const CLOCK_STEPS = ["reported", "contained", "closure-report"] as const;
export type ClockStep = (typeof CLOCK_STEPS)[number];

export interface ClockEntry {
  step: ClockStep;
  /** null while the step cannot be due yet (the closure report before resolution). */
  dueAt: string | null;
  doneAt: string | null;
  /** Not done and past due at `now`. */
  overdue: boolean;
}

const HOUR_MS = 3_600_000;

/** One calendar month later (UTC), the day clamped to the month's length (Jan 31 → Feb 28/29). */
export function addMonth(iso: string): string {
  const d = new Date(iso);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), last);
  return new Date(
    Date.UTC(
      y,
      m,
      day,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  ).toISOString();
}

/**
 * The EGI CSIRT security incident procedure's deadlines: report within 4 hours of discovery,
 * contain within 1 day, send the closure report within 1 month of resolution. A step is overdue
 * when it is not done and its due time has passed.
 */
export function procedureClock(i: Incident, nowMs: number): ClockEntry[] {
  const discovered = Date.parse(i.discoveredAt);
  const entry = (step: ClockStep, due: string | null, done: string | null): ClockEntry => ({
    step,
    dueAt: due,
    doneAt: done,
    overdue: done === null && due !== null && nowMs > Date.parse(due),
  });
  return [
    entry("reported", new Date(discovered + 4 * HOUR_MS).toISOString(), i.reportedAt),
    entry("contained", new Date(discovered + 24 * HOUR_MS).toISOString(), i.containedAt),
    entry(
      "closure-report",
      i.resolvedAt === null ? null : addMonth(i.resolvedAt),
      i.closureReportAt,
    ),
  ];
}

/** Whether `to` is a step forward from `from` (states never go back). */
export function canMove(from: IncidentState, to: IncidentState): boolean {
  return INCIDENT_STATES.indexOf(to) > INCIDENT_STATES.indexOf(from);
}

/**
 * What changed between two lists of affected sites and identities, in words for the action log
 * ("sites +CERN-PROD −DESY; identities +sub alice at https://iam…"), or null when nothing did.
 */
export function affectedChange(
  before: Pick<Incident, "affectedSites" | "affectedIdentities">,
  after: Pick<Incident, "affectedSites" | "affectedIdentities">,
): string | null {
  const id = (x: Identity) => `sub ${x.sub} at ${x.iss}`;
  const diff = (a: string[], b: string[]) => [
    ...b.filter((x) => !a.includes(x)).map((x) => `+${x}`),
    ...a.filter((x) => !b.includes(x)).map((x) => `−${x}`),
  ];
  const sites = diff(before.affectedSites, after.affectedSites);
  const ids = diff(before.affectedIdentities.map(id), after.affectedIdentities.map(id));
  const parts = [
    ...(sites.length === 0 ? [] : [`sites ${sites.join(" ")}`]),
    ...(ids.length === 0 ? [] : [`identities ${ids.join(", ")}`]),
  ];
  return parts.length === 0 ? null : `affected ${parts.join("; ")}`;
}
