/**
 * Quality checks over one version of an assessment: the loose ends a facilitator must tie
 * up before freezing or releasing (unscored rows, split votes never settled, overrides
 * without a written reason, planned mitigations nobody owns, rounds left open).
 *
 * Peers (CISO Assistant) flag the same kind of gaps, e.g. "control without ETA"; the group
 * itself noted "we aimed high on split votes — need to record this". Pure: no I/O, no clock
 * (`today` is passed in).
 */
import type { Catalogue } from "../catalogue/catalogue.repository.js";
import type { Assessment, Mitigation, Round, Settlement, Version } from "../model.js";
import { currentByRow, naturalCompare } from "../versions/diff-fields.js";

export type CheckSeverity = "error" | "warning" | "info";

/** One problem found, with a stable `code` so UIs and CI can filter or suppress it. */
export interface CheckFinding {
  code: string;
  severity: CheckSeverity;
  message: string;
  rowId?: string;
  mitigationId?: string;
  roundId?: string;
}

export interface CheckInput {
  assessment: Assessment;
  version: Version;
  catalogue: Catalogue;
  /** Settlements of the version; either only the current one per row or a whole history. */
  settlements: Settlement[];
  /** Rounds of the version; rounds of other versions are ignored. */
  rounds: Round[];
  /** YYYY-MM-DD, injected so checks are exact in tests. */
  today: string;
}

const SEVERITY_ORDER: Record<CheckSeverity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Runs every check over one version so a facilitator sees, in one list, what still needs
 * doing before the numbers can be frozen or released: errors first, then warnings, then
 * hints, each in natural row order.
 */
export function qualityChecks(input: CheckInput): CheckFinding[] {
  const rounds = input.rounds.filter((r) => r.versionId === input.version.id);
  const findings = [
    ...unscoredRows(input),
    ...splitRoundsUnsettled(input, rounds),
    ...overridesWithoutReason(input),
    ...input.catalogue.mitigations.flatMap((m) => mitigationFindings(m, input)),
    ...openRounds(input.version, rounds),
  ];
  return findings.sort(compareFindings);
}

/** Counts findings per severity, e.g. for a badge or to fail a release gate on errors. */
export function summarizeFindings(f: CheckFinding[]): {
  errors: number;
  warnings: number;
  infos: number;
} {
  return {
    errors: f.filter((x) => x.severity === "error").length,
    warnings: f.filter((x) => x.severity === "warning").length,
    infos: f.filter((x) => x.severity === "info").length,
  };
}

function activeRowIds(c: Catalogue): string[] {
  return c.rows.filter((r) => r.status === "active").map((r) => r.id);
}

function unscoredRows(input: CheckInput): CheckFinding[] {
  const current = currentByRow(input.settlements);
  return activeRowIds(input.catalogue)
    .filter((id) => !current.has(id))
    .map((rowId) => ({
      code: "unscored-row",
      severity: "warning",
      rowId,
      message: `Row ${rowId} has no settled score: run a voting round and settle it, or retire the row.`,
    }));
}

function splitRoundsUnsettled(input: CheckInput, rounds: readonly Round[]): CheckFinding[] {
  const out: CheckFinding[] = [];
  for (const rowId of activeRowIds(input.catalogue)) {
    const mine = rounds.filter((r) => r.rowId === rowId);
    const latest = latestRevealed(mine);
    if (latest === undefined || latest.revealedAt === null || latest.stats === null) continue;
    const axes = (["likelihood", "impact"] as const).filter(
      (axis) => latest.stats?.[axis].consensus === "split",
    );
    if (axes.length === 0) continue;
    const laterRoundIds = new Set(mine.filter((r) => r.number >= latest.number).map((r) => r.id));
    const revealedAt = latest.revealedAt;
    const settled = input.settlements.some(
      (s) =>
        s.rowId === rowId &&
        s.settledAt >= revealedAt &&
        s.roundId !== null &&
        laterRoundIds.has(s.roundId),
    );
    if (settled) continue;
    out.push({
      code: "split-round-unsettled",
      severity: "warning",
      rowId,
      roundId: latest.id,
      message:
        `Round ${latest.number} of row ${rowId} was split on ${axes.join(" and ")}: ` +
        `discuss the disparity and settle the row on that round, recording why.`,
    });
  }
  return out;
}

/** The revealed round with the highest number (then the latest reveal). */
function latestRevealed(rounds: readonly Round[]): Round | undefined {
  let best: Round | undefined;
  for (const r of rounds) {
    if (r.state !== "revealed") continue;
    if (
      best === undefined ||
      r.number > best.number ||
      (r.number === best.number && (r.revealedAt ?? "") > (best.revealedAt ?? ""))
    ) {
      best = r;
    }
  }
  return best;
}

function overridesWithoutReason(input: CheckInput): CheckFinding[] {
  const out: CheckFinding[] = [];
  for (const s of currentByRow(input.settlements).values()) {
    const override = s.rule === "facilitator" || s.rule !== input.assessment.defaultRule;
    if (!override || (s.reason !== null && s.reason.trim() !== "")) continue;
    const what =
      s.rule === "facilitator"
        ? "was decided by the facilitator"
        : `uses rule "${s.rule}" instead of the assessment's "${input.assessment.defaultRule}"`;
    const carried = s.carriedFrom === null ? "" : " (carried from an earlier version)";
    out.push({
      code: "override-without-reason",
      severity: "error",
      rowId: s.rowId,
      message: `The settlement of row ${s.rowId}${carried} ${what} but gives no reason: write down why.`,
    });
  }
  return out;
}

function isOpenPlanned(m: Mitigation): boolean {
  return m.kind === "planned" && m.status !== "done" && m.status !== "rejected";
}

function isBlank(v: string | null): boolean {
  return v === null || v.trim() === "";
}

function mitigationFindings(m: Mitigation, input: CheckInput): CheckFinding[] {
  const out: CheckFinding[] = [];
  const name = `Mitigation ${m.id} ("${m.title}")`;
  if (isOpenPlanned(m)) {
    const missing = [
      ...(isBlank(m.owner) ? ["owner"] : []),
      ...(isBlank(m.dueDate) ? ["due date"] : []),
    ];
    if (missing.length > 0) {
      out.push({
        code: "planned-mitigation-incomplete",
        severity: "warning",
        mitigationId: m.id,
        message: `${name} is planned but has no ${missing.join(" and no ")}: set the ${missing.join(" and the ")}.`,
      });
    }
    if (m.dueDate !== null && !isBlank(m.dueDate) && m.dueDate.slice(0, 10) < input.today) {
      out.push({
        code: "mitigation-overdue",
        severity: "info",
        mitigationId: m.id,
        message: `${name} was due on ${m.dueDate} and is still ${m.status}: mark it done, or set a new due date.`,
      });
    }
  }
  const known = new Set(input.catalogue.rows.map((r) => r.id));
  for (const rowId of [...new Set(m.rows)].filter((id) => !known.has(id))) {
    out.push({
      code: "mitigation-unknown-row",
      severity: "warning",
      rowId,
      mitigationId: m.id,
      message: `${name} is linked to row ${rowId}, which is not in this version: relink it or remove the link.`,
    });
  }
  return out;
}

function openRounds(version: Version, rounds: readonly Round[]): CheckFinding[] {
  const open = rounds.filter((r) => r.state === "open");
  const describe = (r: Round): string => `round ${r.number} of row ${r.rowId}`;
  switch (version.state) {
    case "draft":
      return open.map((r) => ({
        code: "open-round",
        severity: "info",
        rowId: r.rowId,
        roundId: r.id,
        message: `Voting ${describe(r)} is still open: reveal it once everyone has voted.`,
      }));
    case "frozen":
    case "released":
      return open.map((r) => ({
        code: `${version.state}-with-open-rounds`,
        severity: "error",
        rowId: r.rowId,
        roundId: r.id,
        message: `Version ${version.label} is ${version.state} but voting ${describe(r)} is still open: reveal or discard the round.`,
      }));
  }
}

/** Severity, then natural row order (findings without a row last), then the rest for stability. */
function compareFindings(a: CheckFinding, b: CheckFinding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    compareOptional(a.rowId, b.rowId) ||
    naturalCompare(a.code, b.code) ||
    compareOptional(a.mitigationId, b.mitigationId) ||
    compareOptional(a.roundId, b.roundId) ||
    naturalCompare(a.message, b.message)
  );
}

function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return naturalCompare(a, b);
}
