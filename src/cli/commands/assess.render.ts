import type { AssessmentView, CheckReport, RowsPage, VersionDiff } from "../../risk/index.js";

/** Human renderings of Assess results for the terminal (the --json output is the API's). */

export function renderAssessments(list: AssessmentView[]): string {
  if (list.length === 0) return "no assessments";
  return list
    .map(
      (a) =>
        `${a.id}  ${a.title}${a.illustrative ? " [illustrative]" : ""}\n  versions: ${a.versions.map((v) => `${v.label} (${v.state})`).join(", ")}`,
    )
    .join("\n");
}

export function renderRows(p: RowsPage): string {
  const head = `${p.assessment} ${p.version.label} (${p.version.state})\n${"row".padEnd(14)} ${"L".padStart(2)} ${"I".padStart(2)} ${"level".padEnd(9)} ${"rule".padEnd(13)} threat / workflow`;
  const lines = p.rows.map((r) => {
    const s = r.score;
    const what = [r.threat.title, r.workflow?.name, r.variant].filter(Boolean).join(" / ");
    const flags = [
      r.status === "retired" ? "retired" : "",
      r.rounds.open ? `open round ${r.rounds.open}` : "",
    ]
      .filter(Boolean)
      .join(", ");
    return `${r.id.padEnd(14)} ${String(s?.likelihood ?? "-").padStart(2)} ${String(s?.impact ?? "-").padStart(2)} ${(s?.levelLabel ?? "unscored").padEnd(9)} ${(s?.rule ?? "").padEnd(13)} ${what}${flags ? `  [${flags}]` : ""}`;
  });
  return [head, ...lines].join("\n");
}

export function renderDiff(d: VersionDiff): string {
  const score = (s: { likelihood: number; impact: number; level: string } | null) =>
    s ? `L${s.likelihood} I${s.impact} ${s.level}` : "unscored";
  const out = [`${d.from} → ${d.to}`];
  if (d.rows.added.length) out.push(`added: ${d.rows.added.join(", ")}`);
  if (d.rows.removed.length) out.push(`removed: ${d.rows.removed.join(", ")}`);
  for (const s of d.rows.split) out.push(`split: ${s.from} → ${s.into.join(", ")}`);
  for (const m of d.rows.merged) out.push(`merged: ${m.from.join(" + ")} → ${m.into}`);
  for (const s of d.scores) out.push(`score ${s.rowId}: ${score(s.before)} → ${score(s.after)}`);
  const mit = d.mitigations;
  if (mit.added.length + mit.removed.length + mit.changed.length) {
    out.push(
      `mitigations: +${mit.added.length} -${mit.removed.length} ~${mit.changed.length} (${[...mit.added, ...mit.removed, ...mit.changed.map((c) => c.id)].join(", ")})`,
    );
  }
  if (out.length === 1) out.push("no differences");
  return out.join("\n");
}

export function renderCheck(r: CheckReport): string {
  const lines = r.findings.map((f) => `${f.severity.padEnd(7)} ${f.code.padEnd(30)} ${f.message}`);
  return [
    `${r.assessment} ${r.version}: ${r.summary.errors} errors, ${r.summary.warnings} warnings, ${r.summary.infos} notes`,
    ...lines,
  ].join("\n");
}
