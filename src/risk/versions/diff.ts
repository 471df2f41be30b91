/**
 * What changed between two versions of an assessment: rows added, removed, split and merged,
 * rescored rows, and edits to threats, workflows and mitigations.
 *
 * Peers version a risk register only by duplicating it, and their users asked for "new /
 * modified / deleted" labels; because our rows keep stable ids and record their lineage, we
 * can say exactly which row became which. Pure: no I/O.
 */
import type { Catalogue } from "../catalogue/catalogue.repository.js";
import type { Mitigation, RiskRow, RowLineage, Settlement, Threat, Workflow } from "../model.js";
import type { FieldChange, KeyedDiff } from "./diff-fields.js";
import { changedFields, currentByRow, diffKeyed, naturalCompare, sortIds } from "./diff-fields.js";

export type { FieldChange, KeyedDiff } from "./diff-fields.js";
export { naturalCompare } from "./diff-fields.js";

/** One side of a diff: a version's catalogue and the current settlement of each row. */
export interface VersionSnapshot {
  label: string;
  catalogue: Catalogue;
  settlements: Settlement[];
}

/** The settled figures of a row, enough to show "was 2×3 Medium, now 3×4 High". */
export interface ScoreRef {
  likelihood: number;
  impact: number;
  level: string;
}

export interface VersionDiff {
  from: string;
  to: string;
  rows: {
    added: string[];
    removed: string[];
    split: { from: string; into: string[] }[];
    merged: { from: string[]; into: string }[];
    changed: { id: string; changes: FieldChange[] }[];
  };
  scores: { rowId: string; before: ScoreRef | null; after: ScoreRef | null }[];
  threats: KeyedDiff;
  workflows: KeyedDiff;
  mitigations: KeyedDiff;
  summary: {
    added: number;
    removed: number;
    split: number;
    merged: number;
    /** Rows whose score changed, including rows newly scored or no longer scored. */
    rescored: number;
    /** Mitigation items added, removed or changed, plus threats whose mitigation text changed. */
    mitigationsChanged: number;
  };
}

const ROW_FIELDS = ["threatId", "workflowId", "variant", "notes"] as const;
const THREAT_FIELDS = [
  "title",
  "description",
  "vulnerability",
  "assets",
  "currentMitigations",
  "plannedMitigations",
  "perWorkflow",
  "placeholder",
  "retired",
  "notes",
] as const satisfies readonly (keyof Threat)[];
/** Position is left out on purpose: reordering the catalogue is not a change of content. */
const WORKFLOW_FIELDS = [
  "name",
  "description",
  "lifetime",
  "scopeBreadth",
  "refreshExchange",
  "holder",
  "retired",
] as const satisfies readonly (keyof Workflow)[];
const MITIGATION_FIELDS = [
  "title",
  "description",
  "kind",
  "status",
  "owner",
  "dueDate",
  "effort",
  "rows",
] as const satisfies readonly (keyof Mitigation)[];

/**
 * Compares two versions so reviewers see what a new version changed ("the results will be
 * versioned") and so the release notes can be derived instead of written by hand. Splits and
 * merges that happened after `from` are reported as such, not as unrelated adds and removes;
 * every list is in natural id order so the output is deterministic.
 */
export function diffVersions(from: VersionSnapshot, to: VersionSnapshot): VersionDiff {
  const rows = diffRows(from.catalogue.rows, to.catalogue.rows);
  const scores = diffScores(from, to);
  const threats = diffKeyed(from.catalogue.threats, to.catalogue.threats, THREAT_FIELDS);
  const workflows = diffKeyed(from.catalogue.workflows, to.catalogue.workflows, WORKFLOW_FIELDS);
  const mitigations = diffKeyed(
    from.catalogue.mitigations,
    to.catalogue.mitigations,
    MITIGATION_FIELDS,
    ["rows"],
  );
  const threatTextChanges = threats.changed.filter((t) =>
    t.changes.some((c) => c.field === "currentMitigations" || c.field === "plannedMitigations"),
  ).length;
  return {
    from: from.label,
    to: to.label,
    rows,
    scores,
    threats,
    workflows,
    mitigations,
    summary: {
      added: rows.added.length,
      removed: rows.removed.length,
      split: rows.split.length,
      merged: rows.merged.length,
      rescored: scores.length,
      mitigationsChanged:
        mitigations.added.length +
        mitigations.removed.length +
        mitigations.changed.length +
        threatTextChanges,
    },
  };
}

function diffRows(before: readonly RiskRow[], after: readonly RiskRow[]): VersionDiff["rows"] {
  const was = new Map(before.map((r) => [r.id, r]));
  const now = new Map(after.map((r) => [r.id, r]));
  const wasActive = (id: string): boolean => was.get(id)?.status === "active";
  const isActive = (id: string): boolean => now.get(id)?.status === "active";

  const merged = findMerges(was, after, wasActive);
  const mergedSources = new Set(merged.flatMap((m) => m.from));
  const split = findSplits(before, after, now, wasActive);
  const produced = new Set([...merged.map((m) => m.into), ...split.flatMap((s) => s.into)]);
  const splitParents = new Set(split.map((s) => s.from));

  const isDerived = derivedAfter(was, now, wasActive);
  const added = sortIds(
    after
      .filter((r) => r.status === "active" && !wasActive(r.id))
      .filter((r) => !produced.has(r.id) && !isDerived(r.id))
      .map((r) => r.id),
  );
  const removed = sortIds(
    before
      .filter((r) => r.status === "active" && !isActive(r.id))
      .filter((r) => !splitParents.has(r.id) && !mergedSources.has(r.id))
      .map((r) => r.id),
  );
  const changed: VersionDiff["rows"]["changed"] = [];
  for (const id of sortIds(
    after.filter((r) => isActive(r.id) && wasActive(r.id)).map((r) => r.id),
  )) {
    const b = was.get(id);
    const a = now.get(id);
    if (b === undefined || a === undefined) continue;
    const changes = changedFields(b, a, ROW_FIELDS);
    if (changes.length > 0) changed.push({ id, changes });
  }
  return { added, removed, split, merged, changed };
}

/**
 * Merges recorded in `to` that `from` did not yet know about: the merged row carries merge
 * lineage that its `from` counterpart lacks (a merge may keep a source's id, as TR-4+TR-5 →
 * TR-4 does), and at least one source was still active in `from`.
 */
function findMerges(
  was: ReadonlyMap<string, RiskRow>,
  after: readonly RiskRow[],
  wasActive: (id: string) => boolean,
): VersionDiff["rows"]["merged"] {
  const out: VersionDiff["rows"]["merged"] = [];
  for (const r of after) {
    const lineage = r.lineage;
    if (lineage?.kind !== "merge") continue;
    if (sameMerge(was.get(r.id)?.lineage ?? null, lineage)) continue;
    if (!lineage.from.some(wasActive)) continue;
    out.push({ from: sortIds(lineage.from), into: r.id });
  }
  return out.sort((x, y) => naturalCompare(x.into, y.into));
}

function sameMerge(a: RowLineage | null, b: RowLineage & { kind: "merge" }): boolean {
  if (a?.kind !== "merge") return false;
  const x = sortIds(a.from);
  const y = sortIds(b.from);
  return x.length === y.length && x.every((id, i) => id === y[i]);
}

/**
 * Rows active in `from` that `to` shows split: rows with split lineage pointing at them,
 * plus the successors listed on the retired parent (when those are new and not merges).
 */
function findSplits(
  before: readonly RiskRow[],
  after: readonly RiskRow[],
  now: ReadonlyMap<string, RiskRow>,
  wasActive: (id: string) => boolean,
): VersionDiff["rows"]["split"] {
  const out: VersionDiff["rows"]["split"] = [];
  for (const p of before) {
    if (p.status !== "active") continue;
    const children = after
      .filter((r) => r.lineage?.kind === "split" && r.lineage.from === p.id)
      .map((r) => r.id);
    const parent = now.get(p.id);
    const successors =
      parent?.status === "retired"
        ? parent.successors.filter((id) => {
            const s = now.get(id);
            return s !== undefined && s.lineage?.kind !== "merge" && !wasActive(id);
          })
        : [];
    const into = sortIds([...children, ...successors]);
    if (into.length > 0) out.push({ from: p.id, into });
  }
  return out.sort((x, y) => naturalCompare(x.from, y.from));
}

/**
 * Whether a row of `to` descends, through splits or merges recorded in `to`, from a row that
 * was active in `from` (e.g. 4e → 4e-power → 4e-power-a): such rows are the outcome of a
 * reported split or merge, not independent additions.
 */
function derivedAfter(
  was: ReadonlyMap<string, RiskRow>,
  now: ReadonlyMap<string, RiskRow>,
  wasActive: (id: string) => boolean,
): (id: string) => boolean {
  const memo = new Map<string, boolean>();
  const visit = (id: string, seen: Set<string>): boolean => {
    const cached = memo.get(id);
    if (cached !== undefined) return cached;
    if (seen.has(id)) return false;
    seen.add(id);
    const lineage = now.get(id)?.lineage ?? null;
    const sources =
      lineage === null ? [] : lineage.kind === "split" ? [lineage.from] : lineage.from;
    const result = sources.some(
      (s) => wasActive(s) || (!was.has(s) && now.has(s) && visit(s, seen)),
    );
    memo.set(id, result);
    return result;
  };
  return (id) => visit(id, new Set());
}

function diffScores(from: VersionSnapshot, to: VersionSnapshot): VersionDiff["scores"] {
  const before = currentByRow(from.settlements);
  const after = currentByRow(to.settlements);
  const ids = sortIds(
    [...from.catalogue.rows, ...to.catalogue.rows]
      .filter((r) => r.status === "active")
      .map((r) => r.id),
  );
  const out: VersionDiff["scores"] = [];
  for (const rowId of ids) {
    const b = scoreOf(before.get(rowId));
    const a = scoreOf(after.get(rowId));
    if (!sameScore(b, a)) out.push({ rowId, before: b, after: a });
  }
  return out;
}

function scoreOf(s: Settlement | undefined): ScoreRef | null {
  return s === undefined ? null : { likelihood: s.likelihood, impact: s.impact, level: s.level };
}

function sameScore(a: ScoreRef | null, b: ScoreRef | null): boolean {
  if (a === null || b === null) return a === b;
  return a.likelihood === b.likelihood && a.impact === b.impact && a.level === b.level;
}
