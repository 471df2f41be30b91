import { shellQuote } from "../../bans/index.js";
import type { InspectReport } from "../../inspect/index.js";

const time = (v: unknown): string =>
  typeof v === "number" && Number.isFinite(v) && Math.abs(v) < 1e11
    ? `${new Date(v * 1000).toISOString()} (${v})`
    : v === undefined
      ? "—"
      : JSON.stringify(v);

const show = (v: unknown): string =>
  v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v);

/** `ttt inspect` for people: what the token is, whether it verifies, what is wrong, what to do. */
export function renderInspect(r: InspectReport): string {
  const c = r.claims;
  const out: string[] = [];
  out.push(
    `token ${r.fingerprint}  (alg ${r.header.alg}${r.header["kid"] === undefined ? "" : `, kid ${show(r.header["kid"])}`})`,
  );
  for (const k of ["iss", "sub", "jti", "client_id", "aud", "scope", "wlcg.groups", "wlcg.ver"]) {
    if (c[k] !== undefined) out.push(`  ${k.padEnd(11)} ${show(c[k])}`);
  }
  for (const k of ["iat", "nbf", "exp"])
    if (c[k] !== undefined) out.push(`  ${k.padEnd(11)} ${time(c[k])}`);
  out.push(
    `  kind        ${r.lint.kind.value} (${r.lint.kind.evidence}); holder ${r.lint.holder.value} (${r.lint.holder.evidence})`,
  );
  out.push("");
  const v = r.verification;
  out.push(
    v.ok
      ? `verified: yes — key ${v.kid ?? "(no kid)"} ${v.alg} of ${v.issuer.issuer}${v.issuer.stale ? " (keys are stale: " + (v.issuer.lastRefreshError?.message ?? "refresh overdue") + ")" : ""}`
      : `verified: NO (${v.code}) — ${v.reason}`,
  );
  out.push("");
  out.push(
    `WLCG profile: ${r.lint.findings.length === 0 ? "no findings" : `${r.lint.findings.length} finding(s)`}`,
  );
  for (const f of r.lint.findings) {
    out.push(`  ${f.severity.padEnd(7)} ${f.rule}: ${f.message} [${f.profileRef}]`);
  }
  out.push("");
  const w = r.workflow;
  if (w.assessment === null || w.guess === null) out.push(`workflow: ${w.note ?? "unknown"}`);
  else {
    const a = w.assessment;
    const best = w.guess.best;
    out.push(
      best === null
        ? `workflow: none fits (assessment ${a.id} ${a.version})`
        : `workflow: ${best.name} (${best.workflowId}), score ${best.score.toFixed(2)}${w.guess.ambiguous ? " — ambiguous, see runner-up" : ""} (assessment ${a.id} ${a.version})`,
    );
    for (const reason of best?.reasons ?? [])
      out.push(
        `  ${reason.points >= 0 ? "+" : ""}${reason.points} ${reason.aspect}: ${reason.text}`,
      );
    for (const row of w.rows) {
      const s =
        row.score === null
          ? "not settled"
          : `${row.score.levelLabel} (L${row.score.likelihood} I${row.score.impact})`;
      out.push(
        `  risk ${row.id}  ${row.threat.title}${row.variant === null ? "" : ` [${row.variant}]`} — ${s}`,
      );
    }
  }
  out.push("");
  out.push(`bans: ${r.bans.decision === "deny" ? "DENIED" : "none match"} — ${r.bans.reason}`);
  if (r.suggestedBan !== null && r.bans.decision === "allow") {
    const s = r.suggestedBan;
    out.push("to ban exactly this token:");
    out.push(
      `  ttt ban token --iss ${shellQuote(s.iss)} --jti ${shellQuote(s.jti)}${s.tokenExp === null ? "" : ` --token-exp ${s.tokenExp}`} --reason '…'`,
    );
  }
  // Line by line: a line break inside a value (a claim, a kid, a finding quoting a scope) is
  // escaped too, so a hostile token cannot print lines that look like the report's own.
  return out.map(printable).join("\n");
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * One line of the report with every control character escaped (\u001b, \u000a …): claims are
 * the token author's, and an inspected token may be hostile — escape sequences must not reach
 * the responder's terminal (hidden text, OSC 52 clipboard writes), nor line breaks fake lines.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
