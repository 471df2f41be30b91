/**
 * What the schema cannot see: references between parts of an exported assessment (parent
 * versions, rows, rounds of settlements) and values against its methodology. A document that
 * passes can be written through the repositories without a constraint failing half-way and
 * describes a state the services themselves could have produced. Pure: no I/O.
 */
import { ValidationError } from "../../core/errors.js";
import type { ImportIssue } from "../import/import.types.js";
import { isOnScale, riskLevel } from "../methodology/grid.js";
import { parseMethodology, type MethodologyDefinition } from "../methodology/methodology.schema.js";
import type { AssessmentExport, VersionExport } from "./assessment-export.schema.js";

/** `versions[1].rounds[3]` style paths, as the schema errors name them. */
type Report = (path: string, message: string) => void;

/** Every problem, not just the first, so one round of fixing is enough. */
export function checkAssessmentExport(doc: AssessmentExport): ImportIssue[] {
  const issues: ImportIssue[] = [];
  const report: Report = (path, message) => issues.push({ path, message });
  const m = checkMethodology(doc, report);
  /** Labels seen so far, and the rounds of each as `row#number`. */
  const earlier = new Map<string, Set<string>>();
  doc.versions.forEach((v, i) => {
    const at = `versions[${i}]`;
    checkVersion(v, i, doc.versions.length, earlier, (p, msg) => report(`${at}.${p}`, msg));
    const rounds = checkRounds(v, m, (p, msg) => report(`${at}.${p}`, msg));
    if (!earlier.has(v.label)) earlier.set(v.label, rounds);
    checkSettlements(v, m, earlier, (p, msg) => report(`${at}.${p}`, msg));
  });
  return issues;
}

/** The methodology's own checks; undefined when it is unusable for value checks. */
function checkMethodology(
  doc: AssessmentExport,
  report: Report,
): MethodologyDefinition | undefined {
  const { id, definition } = doc.methodology;
  if (definition.id !== id)
    report("methodology.definition.id", `is '${definition.id}', but the methodology is '${id}'`);
  try {
    return parseMethodology(definition);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    for (const i of err.issues) report(`methodology.definition.${i.path}`, i.message);
    return undefined;
  }
}

function checkVersion(
  v: VersionExport,
  index: number,
  count: number,
  earlier: ReadonlyMap<string, unknown>,
  report: Report,
): void {
  if (earlier.has(v.label)) report("label", `duplicate version label '${v.label}'`);
  if (v.parent !== null && !earlier.has(v.parent))
    report("parent", `no earlier version '${v.parent}' (a parent comes before its children)`);
  if (v.state === "draft" && index !== count - 1)
    report("state", "only the last version can be a draft (a new version needs the draft frozen)");
  const frozen = v.state !== "draft";
  if (frozen !== (v.frozenAt !== null))
    report("frozenAt", frozen ? `required for a ${v.state} version` : "must be null for a draft");
  const released = v.state === "released";
  if (released !== (v.releasedAt !== null))
    report(
      "releasedAt",
      released ? "required for a released version" : `must be null (${v.state})`,
    );
  checkCatalogue(v, report);
}

function checkCatalogue(v: VersionExport, report: Report): void {
  const { threats, workflows, rows, mitigations } = v.catalogue;
  const ids = (what: keyof VersionExport["catalogue"], list: readonly { id: string }[]) => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.id)) report(`catalogue.${what}[${i}].id`, `duplicate id '${x.id}'`);
      seen.add(x.id);
    });
    return seen;
  };
  const threatIds = ids("threats", threats);
  const workflowIds = ids("workflows", workflows);
  const rowIds = ids("rows", rows);
  ids("mitigations", mitigations);
  const knownRow = (path: string, id: string) => {
    if (!rowIds.has(id)) report(path, `no row '${id}' in version ${v.label}`);
  };
  rows.forEach((r, i) => {
    const at = `catalogue.rows[${i}]`;
    if (!threatIds.has(r.threatId)) report(`${at}.threatId`, `no threat '${r.threatId}'`);
    if (r.workflowId !== null && !workflowIds.has(r.workflowId))
      report(`${at}.workflowId`, `no workflow '${r.workflowId}'`);
    r.successors.forEach((s, j) => knownRow(`${at}.successors[${j}]`, s));
    if (r.lineage?.kind === "split") knownRow(`${at}.lineage.from`, r.lineage.from);
    if (r.lineage?.kind === "merge")
      r.lineage.from.forEach((f, j) => knownRow(`${at}.lineage.from[${j}]`, f));
  });
  mitigations.forEach((x, i) =>
    x.rows.forEach((r, j) => knownRow(`catalogue.mitigations[${i}].rows[${j}]`, r)),
  );
}

/** Returns the version's rounds as `row#number`, for settlements (here and later) to refer to. */
function checkRounds(
  v: VersionExport,
  m: MethodologyDefinition | undefined,
  report: Report,
): Set<string> {
  const rowIds = new Set(v.catalogue.rows.map((r) => r.id));
  const seen = new Set<string>();
  const open = new Set<string>();
  v.rounds.forEach((r, i) => {
    const at = `rounds[${i}]`;
    const key = `${r.row}#${r.number}`;
    if (!rowIds.has(r.row)) report(`${at}.row`, `no row '${r.row}' in version ${v.label}`);
    if (seen.has(key)) report(`${at}.number`, `duplicate round ${r.number} on row ${r.row}`);
    seen.add(key);
    if (r.state === "open") {
      if (v.state !== "draft") report(`${at}.state`, `a ${v.state} version has no open rounds`);
      if (open.has(r.row)) report(`${at}.state`, `a second open round on row ${r.row}`);
      open.add(r.row);
      if (r.votes.length > 0) report(`${at}.votes`, "an open round's votes are hidden: none here");
    }
    for (const f of ["revealedBy", "revealedAt", "stats"] as const) {
      if ((r.state === "revealed") !== (r[f] !== null))
        report(`${at}.${f}`, r.state === "revealed" ? "required once revealed" : "must be null");
    }
    const voters = new Set<string>();
    r.votes.forEach((x, j) => {
      const vp = `${at}.votes[${j}]`;
      if (voters.has(x.voter)) report(`${vp}.voter`, `'${x.voter}' voted twice in this round`);
      voters.add(x.voter);
      onScales(m, x, vp, report);
    });
  });
  return seen;
}

function checkSettlements(
  v: VersionExport,
  m: MethodologyDefinition | undefined,
  earlier: ReadonlyMap<string, ReadonlySet<string>>,
  report: Report,
): void {
  const rowIds = new Set(v.catalogue.rows.map((r) => r.id));
  v.settlements.forEach((s, i) => {
    const at = `settlements[${i}]`;
    if (!rowIds.has(s.row)) report(`${at}.row`, `no row '${s.row}' in version ${v.label}`);
    if (s.carriedFrom !== null && (s.carriedFrom === v.label || !earlier.has(s.carriedFrom)))
      report(`${at}.carriedFrom`, `no earlier version '${s.carriedFrom}'`);
    const ref = s.round;
    if (ref !== null && !earlier.get(ref.version)?.has(`${ref.row}#${ref.number}`))
      report(
        `${at}.round`,
        `no round ${ref.number} on row ${ref.row} in version ${ref.version} (this or an earlier one)`,
      );
    if (onScales(m, s, at, report) && m !== undefined) {
      const level = riskLevel(m, s.likelihood, s.impact).level.id;
      if (level !== s.level)
        report(
          `${at}.level`,
          `is '${s.level}', but the methodology gives '${level}' for (${s.likelihood}, ${s.impact})`,
        );
    }
  });
}

/** True when both values are on the scales (always false without a usable methodology). */
function onScales(
  m: MethodologyDefinition | undefined,
  x: { likelihood: number; impact: number },
  at: string,
  report: Report,
): boolean {
  if (m === undefined) return false;
  let ok = true;
  for (const axis of ["likelihood", "impact"] as const) {
    if (!isOnScale(m, axis, x[axis])) {
      const allowed = m[axis].map((l) => l.value).join(", ");
      report(`${at}.${axis}`, `${x[axis]} is not on the ${axis} scale (allowed: ${allowed})`);
      ok = false;
    }
  }
  return ok;
}
